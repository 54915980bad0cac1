"""Projects: lifecycle, consultants, deliverables, economics, follow-up and publication."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from feasibility import selectors, services
from feasibility.models import Deliverable, ImplementationReport, Project, ProjectConsultant
from tests.factories.feasibility import SubmittedLetterFactory
from tests.factories.members import AffiliationFactory, PartnerFactory, UserFactory
from tests.helpers import pdf_file

from .conftest import close_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(call, hanoi, hanoi_focal, secretariat):
    letter = SubmittedLetterFactory(call=call, member=hanoi, submitted_by=hanoi_focal)
    close_call(call)
    return services.letter_select(letter=letter, by=secretariat, message="Welcome")


@pytest.fixture
def lead(project, secretariat):
    user = UserFactory(name="Lead Consultant")
    services.consultant_add(project=project, user=user, role=ProjectConsultant.Role.LEAD, by=secretariat)
    return user


def test_deliverables_follow_table_5_2(project):
    rows = list(project.deliverables.order_by("position").values_list("component", "part"))
    assert [c for c, _p in rows].count("EA") == 4
    assert ("TA", "swot") in rows and ("TA", "requirements") in rows
    assert ("LA", "framework") in rows
    assert [p for c, p in rows if c == "RC"] == ["components", "priorities", "budget", "schedule", "monitoring"]
    assert [p for c, p in rows if c == "FA"] == ["demand", "rationale", "valuation", "monitoring"]
    assert str(project.deliverables.get(component="FA", part="valuation")) == "FA: Valuation of benefits and costs"


def test_six_month_plan(project, secretariat):
    project = services.project_plan(project=project, starts_on=dt.date(2026, 3, 31), by=secretariat)
    assert project.ends_on == dt.date(2026, 9, 30)
    due = list(project.milestones.values_list("due_on", flat=True))
    assert due[0] == dt.date(2026, 3, 31) and due[-1] == dt.date(2026, 9, 30)
    assert len(due) == 5


def test_consultant_from_the_beneficiary_is_refused(project, hanoi, secretariat):
    with pytest.raises(ValidationError, match="acts for Hanoi"):
        services.consultant_add(project=project, user=AffiliationFactory(member=hanoi).user, by=secretariat)


def test_funding_partner(project, secretariat):
    kexim = PartnerFactory(name="Export-Import Bank of Korea", acronym="KEXIM")
    project = services.project_set_funding(project=project, partner=kexim, agreement="KEXIM-WeGO-2016-01", by=secretariat)
    assert project.funding_partner == kexim


def test_illegal_transition_says_why(project, secretariat):
    with pytest.raises(ValidationError, match="it can move to “Draft report” only from “In progress”"):
        services.project_deliver_draft_report(project=project, by=secretariat)


def test_the_whole_lifecycle(project, lead, secretariat, hanoi_focal, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError, match="start date"):
        services.project_start(project=project, by=lead)
    services.project_plan(project=project, starts_on=timezone.localdate(), by=secretariat)
    project = services.project_start(project=project, by=lead)
    assert project.status == Project.Status.IN_PROGRESS

    with pytest.raises(ValidationError, match="21 deliverables are not ready"):
        services.project_deliver_draft_report(project=project, by=lead)
    colleague = UserFactory()
    services.consultant_add(project=project, user=colleague, by=secretariat)
    some = project.deliverables.first()
    with pytest.raises(ValidationError, match="Only the lead consultant"):
        services.deliverable_update(deliverable=some, by=colleague, status=Deliverable.Status.ACCEPTED)
    with pytest.raises(ValidationError, match="one of the project's consultants"):
        services.deliverable_update(deliverable=some, by=lead, owner=UserFactory())
    services.deliverable_update(deliverable=some, by=lead, owner=colleague, due_on=dt.date(2026, 6, 1))
    services.deliverable_document_add(deliverable=some, title="EA overview draft", file=pdf_file("ea.pdf"), by=colleague)
    for deliverable in project.deliverables.all():
        services.deliverable_update(deliverable=deliverable, by=colleague, status=Deliverable.Status.IN_REVIEW)
    project = services.project_deliver_draft_report(project=project, by=lead)
    assert project.status == Project.Status.DRAFT_REPORT

    with pytest.raises(ValidationError, match="Accept every deliverable"):
        services.project_deliver_final_report(project=project, by=lead, report=pdf_file("final.pdf"))
    for deliverable in project.deliverables.all():
        services.deliverable_update(deliverable=deliverable, by=lead, status=Deliverable.Status.ACCEPTED)
    with pytest.raises(ValidationError, match="Attach the final report"):
        services.project_deliver_final_report(project=project, by=lead)
    project = services.project_deliver_final_report(project=project, by=lead, report=pdf_file("final.pdf"))
    assert project.status == Project.Status.FINAL_REPORT

    project = services.project_begin_follow_up(project=project, by=secretariat)
    reports = list(project.implementation_reports.order_by("year_number"))
    today = timezone.localdate()
    assert [r.year_number for r in reports] == [1, 2]
    assert reports[0].due_on == services._add_months(today, 12)
    assert reports[1].due_on == services._add_months(today, 24)

    with pytest.raises(ValidationError, match="Both yearly implementation reports"):
        services.project_close(project=project, by=secretariat)
    with pytest.raises(ValidationError, match="Only the officials"):
        services.implementation_report_submit(report=reports[0], by=lead, progress="x")
    for report in reports:
        services.implementation_report_submit(report=report, by=hanoi_focal, progress="The CPS runs in 12 wards.")
    project = services.project_close(project=project, by=secretariat)
    assert project.status == Project.Status.CLOSED


def test_deliverables_freeze_after_the_study(project, secretariat):
    Project.objects.filter(pk=project.pk).update(status=Project.Status.FOLLOW_UP)
    with pytest.raises(ValidationError, match="study is finished"):
        services.deliverable_update(deliverable=project.deliverables.first(), by=secretariat, notes="x")


def test_reminders_for_implementation_reports(project, hanoi_focal, django_capture_on_commit_callbacks):
    Project.objects.filter(pk=project.pk).update(status=Project.Status.FOLLOW_UP)
    today = dt.date(2027, 5, 1)
    soon = ImplementationReport.objects.create(project=project, year_number=1, due_on=today + dt.timedelta(days=20))
    ImplementationReport.objects.create(project=project, year_number=2, due_on=today + dt.timedelta(days=365))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.implementation_reminders_send(today=today) == 1
        # Weekly at most: a second run the same day sends nothing.
        assert services.implementation_reminders_send(today=today) == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [hanoi_focal.email]
    assert "year 1" in mail.outbox[0].subject
    soon.refresh_from_db()
    assert soon.reminders_sent == 1
    ImplementationReport.objects.filter(pk=soon.pk).update(last_reminded_at=timezone.now() - dt.timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.implementation_reminders_send(today=today + dt.timedelta(days=30)) == 1
    assert "was due" in mail.outbox[-1].body


def test_reminder_task_calls_the_service(project, hanoi_focal, django_capture_on_commit_callbacks):
    from feasibility.tasks import implementation_reminders_task

    Project.objects.filter(pk=project.pk).update(status=Project.Status.FOLLOW_UP)
    ImplementationReport.objects.create(project=project, year_number=1, due_on=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        assert implementation_reminders_task.delay().get() == 1


def test_publication_needs_the_citys_consent(project, secretariat, hanoi_focal, hanoi):
    with pytest.raises(ValidationError, match="once the final report"):
        services.project_give_consent(project=project, by=hanoi_focal)
    Project.objects.filter(pk=project.pk).update(status=Project.Status.FINAL_REPORT)
    project.refresh_from_db()
    with pytest.raises(ValidationError, match="not consented"):
        services.project_publish(project=project, by=secretariat, outcome_summary="CPS adopted")
    official = AffiliationFactory(member=hanoi).user
    with pytest.raises(ValidationError, match="Only the focal point"):
        services.project_give_consent(project=project, by=official)
    services.project_give_consent(project=project, by=hanoi_focal)
    with pytest.raises(ValidationError, match="outcome summary"):
        services.project_publish(project=project, by=secretariat)
    services.project_publish(project=project, by=secretariat, outcome_summary="CPS adopted")
    assert list(selectors.project_list_published()) == [project]
    services.project_unpublish(project=project, by=secretariat)
    assert list(selectors.project_list_published()) == []


def test_economics_are_stored_and_computed(project, lead):
    analysis = services.economics_save(
        project=project, by=lead, discount_rate=Decimal("10"), start_year=2016,
        years=[{"cost": 100, "benefit": 0}, {"cost": 0, "benefit": 60}, {"cost": 0, "benefit": 60}],
    )
    result = selectors.economic_analysis_compute(analysis=analysis)
    assert abs(result.base.npv - Decimal(500) / Decimal(121)) < Decimal("1e-9")
    assert result.base.payback_year == 2
    # Saving again replaces the years.
    analysis = services.economics_save(
        project=project, by=lead, discount_rate=Decimal("8"), start_year=2016, years=[{"cost": 5, "benefit": 1}]
    )
    assert analysis.years.count() == 1
    with pytest.raises(ValidationError, match="zero or more"):
        services.economics_save(project=project, by=lead, discount_rate=Decimal("8"), start_year=2016,
                                years=[{"cost": -5, "benefit": 1}])
