"""Investigations: four a year, stakeholders, draft answers saved one by one, submission, reports."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ceds import services
from ceds.models import (
    ActionItem,
    Indicator,
    Investigation,
    MaturityAnswer,
    Report,
    Score,
    Stakeholder,
    SystemItem,
)
from ceds.selectors import comparison_averages, section_progress
from members.models import Member
from tests.factories import MemberFactory, UserFactory
from tests.factories.ceds import (
    add_required_stakeholders,
    answer_all,
    reported_investigation,
    small_framework,
)

pytestmark = pytest.mark.django_db


def test_four_investigations_a_year(member, official):
    slots = [services.investigation_create(member=member, by=official, year=2026).slot for _ in range(4)]
    assert slots == [1, 2, 3, 4]
    with pytest.raises(ValidationError, match="four a year"):
        services.investigation_create(member=member, by=official, year=2026)
    assert services.investigation_create(member=member, by=official, year=2027).slot == 1


def test_deleting_a_draft_frees_its_slot(member, official):
    invs = [services.investigation_create(member=member, by=official, year=2026) for _ in range(4)]
    services.investigation_delete(investigation=invs[1], by=official)
    assert services.investigation_create(member=member, by=official, year=2026).slot == 2


def test_database_refuses_a_fifth_slot(member):
    from django.db import IntegrityError, transaction

    inv = services.investigation_create(member=member, by=None, year=2026)
    with pytest.raises(IntegrityError), transaction.atomic():
        Investigation.objects.create(member=member, version=inv.version, year=2026, slot=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Investigation.objects.create(member=member, version=inv.version, year=2026, slot=1)


def test_inactive_member_cannot_start(member):
    member.status = Member.Status.SUSPENDED
    member.save()
    with pytest.raises(ValidationError, match="active members"):
        services.investigation_create(member=member, by=None)


def test_stakeholder_rule(member, official):
    inv = services.investigation_create(member=member, by=official, year=2026)
    answer_all(inv, by=official)
    with pytest.raises(ValidationError, match="Planning.*Finance / budget.*IT department.*Vice mayor"):
        services.investigation_submit(investigation=inv, by=official)
    for role in ("planning", "finance", "it"):
        services.stakeholder_add(investigation=inv, role=role, name="A", by=official)
    services.stakeholder_add(investigation=inv, role="other", name="B", by=official)
    with pytest.raises(ValidationError, match="Vice mayor / executive") as exc:
        services.investigation_submit(investigation=inv, by=official)
    assert "Planning" not in str(exc.value)
    services.stakeholder_add(investigation=inv, role="executive", name="Vice Mayor Lee", title="Vice mayor", by=official)
    services.investigation_submit(investigation=inv, by=official)
    inv.refresh_from_db()
    assert inv.status == Investigation.Status.SUBMITTED
    assert Stakeholder.objects.filter(investigation=inv).count() == 5


def test_incomplete_answers_are_refused_with_the_sections(member):
    inv = services.investigation_create(member=member, by=None, year=2026)
    add_required_stakeholders(inv)
    with pytest.raises(ValidationError, match="208 questions are still unanswered"):
        services.investigation_submit(investigation=inv, by=None)


def test_draft_saving_and_progress(member, official):
    inv = services.investigation_create(member=member, by=official, year=2026)
    gm = list(Indicator.objects.filter(version=inv.version, dimension__code="GM").order_by("order"))
    services.answers_save(
        investigation=inv, maturity={gm[0].pk: services.AnswerInput(3, "Policy 2025")}, by=official
    )
    # "Come back tomorrow": a new save of another question keeps the first one.
    services.answers_save(investigation=inv, maturity={gm[1].pk: services.AnswerInput(1)}, by=official)
    services.answers_save(investigation=inv, maturity={gm[0].pk: services.AnswerInput(4, "Updated")}, by=official)
    answers = {a.indicator_id: (a.level, a.note) for a in MaturityAnswer.objects.filter(investigation=inv)}
    assert answers == {gm[0].pk: (4, "Updated"), gm[1].pk: (1, "")}
    progress = section_progress(investigation=inv)
    gm_progress = next(d for d in progress["dimensions"] if d.code == "GM")
    assert (gm_progress.answered, gm_progress.total) == (2, 16)
    assert progress["total"] == 208 and progress["answered"] == 2


def test_answers_are_validated(member):
    inv = services.investigation_create(member=member, by=None, year=2026)
    other = small_framework()
    foreign = Indicator.objects.get(version=other, code="GM-1")
    with pytest.raises(ValidationError, match="not part of this investigation"):
        services.answers_save(investigation=inv, maturity={foreign.pk: services.AnswerInput(2)}, by=None)
    ind = Indicator.objects.filter(version=inv.version).first()
    with pytest.raises(ValidationError, match="between 0 and 4"):
        services.answers_save(investigation=inv, maturity={ind.pk: services.AnswerInput(5)}, by=None)
    item = SystemItem.objects.filter(version=inv.version).first()
    with pytest.raises(ValidationError, match="between 0 and 3"):
        services.answers_save(investigation=inv, systems={item.pk: services.AnswerInput(4)}, by=None)
    assert not MaturityAnswer.objects.filter(investigation=inv).exists()


def test_submitted_answers_are_frozen(member):
    inv = reported_investigation(member)
    ind = Indicator.objects.filter(version=inv.version).first()
    with pytest.raises(ValidationError, match="submitted"):
        services.answers_save(investigation=inv, maturity={ind.pk: services.AnswerInput(0)}, by=None)
    with pytest.raises(ValidationError, match="Only a draft"):
        services.investigation_submit(investigation=inv, by=None)


def test_submission_queues_the_report_task(member, django_capture_on_commit_callbacks):
    inv = services.investigation_create(member=member, by=None, year=2026)
    add_required_stakeholders(inv)
    answer_all(inv, level=3, value=3)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.investigation_submit(investigation=inv, by=None)
    assert len(callbacks) == 1
    inv.refresh_from_db()
    assert inv.status == Investigation.Status.REPORTED
    assert inv.report_status == Investigation.ReportStatus.DONE and inv.report_progress == 100
    assert Report.objects.filter(investigation=inv).count() == 3
    assert Score.objects.get(investigation=inv, kind="overall").score == Decimal("75.00")


def test_report_computation_is_idempotent(member):
    inv = reported_investigation(member, level=1, value=1)
    first = sorted(Score.objects.filter(investigation=inv).values_list("kind", "code", "score", "is_latest"))
    reports = sorted(Report.objects.filter(investigation=inv).values_list("kind", "data"))
    actions = sorted(ActionItem.objects.filter(investigation=inv).values_list("code", flat=True))
    services.reports_compute(investigation=inv)
    services.reports_compute(investigation=inv)
    assert sorted(Score.objects.filter(investigation=inv).values_list("kind", "code", "score", "is_latest")) == first
    assert sorted(Report.objects.filter(investigation=inv).values_list("kind", "data")) == reports
    assert sorted(ActionItem.objects.filter(investigation=inv).values_list("code", flat=True)) == actions
    assert Score.objects.filter(investigation=inv).count() == 14  # overall, systems, 2 sides, 6 dims, 4 groups
    assert len(actions) == 8


def test_draft_has_no_reports(member):
    inv = services.investigation_create(member=member, by=None, year=2026)
    with pytest.raises(ValidationError, match="draft"):
        services.reports_compute(investigation=inv)


def test_action_items_kept_when_accepted(member, official):
    inv = reported_investigation(member, level=1, value=1)
    item = ActionItem.objects.filter(investigation=inv).first()
    services.action_item_update(item=item, by=official, status="accepted", assignee=official)
    services.reports_compute(investigation=inv)
    assert ActionItem.objects.get(pk=item.pk).status == "accepted"
    assert ActionItem.objects.filter(investigation=inv).count() == 8
    with pytest.raises(ValidationError, match="cannot become"):
        services.action_item_update(item=item, by=official, status="proposed")
    with pytest.raises(ValidationError, match="officials"):
        services.action_item_update(item=item, by=official, assignee=UserFactory())
    done = services.action_item_update(item=item, by=official, status="done")
    assert done.done_at is not None


def test_averages_exclude_drafts_other_versions_and_small_groups():
    cities = [MemberFactory(name=f"Town {i}", country="PH", population=800_000) for i in range(6)]
    for i, city in enumerate(cities[:5]):
        reported_investigation(city, level=i % 5, value=2)  # levels 0..4 → overall 0, 25, 50, 75, 100
    version_id = Investigation.objects.first().version_id
    # a sixth city's draft (fully answered) does not count
    draft = services.investigation_create(member=cities[5], by=None, year=2026)
    answer_all(draft, level=4)
    # another version's reported investigation does not count
    other = small_framework()
    reported_investigation(cities[5], version=other, level=4, value=3)
    averages = comparison_averages(version_id=version_id, year=2026, region="asia", size="medium")
    overall = averages[("overall", "")]
    assert overall["member"] == Decimal("50.00") and overall["member_n"] == 5
    assert overall["region"] == Decimal("50.00") and overall["size"] == Decimal("50.00")
    # an earlier investigation of the same year is replaced by the city's latest
    reported_investigation(cities[0], level=4, value=2)
    overall = comparison_averages(version_id=version_id, year=2026, region="asia", size="small")[("overall", "")]
    assert overall["member"] == Decimal("70.00") and overall["member_n"] == 5  # (100+25+50+75+100)/5
    assert overall["size"] is None and overall["size_n"] == 0  # fewer than five: withheld


def test_recompute_all_matches_single_compute(member, other_member):
    a = reported_investigation(member, level=lambda c: len(c) % 5, value=lambda c: len(c) % 4)
    b = reported_investigation(other_member, level=3, value=1)
    before = sorted(Score.objects.values_list("investigation_id", "kind", "code", "score", "is_latest"))
    assert services.reports_recompute_all() == 2
    after = sorted(Score.objects.values_list("investigation_id", "kind", "code", "score", "is_latest"))
    assert before == after
    assert {a.pk, b.pk} == set(Report.objects.values_list("investigation_id", flat=True))
