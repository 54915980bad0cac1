"""Pages: the public calls, the letter flow, ranking, reviewing, projects, economics, the console."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone

from feasibility import services
from feasibility.models import Call, LetterOfIntent, Project, Review, ThemeRanking
from members.models import Affiliation
from tests.factories.feasibility import (
    ANSWERS,
    CallFactory,
    LetterFactory,
    ReviewerFactory,
    SubmittedLetterFactory,
    ThemeFactory,
    ThemeSurveyFactory,
)
from tests.factories.members import AffiliationFactory, MemberFactory, UserFactory
from tests.helpers import pdf_file

from .conftest import close_call

pytestmark = pytest.mark.django_db


def letter_data(**extra):
    return {**ANSWERS, "contact_name": "Nguyen Van A", "contact_email": "a@hanoi.example.org", **extra}


# --- Public --------------------------------------------------------------------------------------------


def test_calls_page_is_public_and_named(client, call):
    assert reverse("feasibility:calls") == "/feasibility/"
    CallFactory(title="Secret draft", status=Call.Status.DRAFT)
    body = client.get("/feasibility/").content.decode()
    assert call.title in body and "Secret draft" not in body
    assert client.get(reverse("feasibility:call", args=[call.pk])).status_code == 200


def test_draft_call_is_not_found(client):
    draft = CallFactory(status=Call.Status.DRAFT)
    assert client.get(reverse("feasibility:call", args=[draft.pk])).status_code == 404


def test_section_appears_in_the_header(client, call):
    assert 'href="/feasibility/"' in client.get("/").content.decode()


# --- Letters ---------------------------------------------------------------------------------------------


def test_letter_flow_draft_then_submit(client, call, hanoi, hanoi_official):
    client.force_login(hanoi_official)
    page = client.get(reverse("feasibility:call", args=[call.pk])).content.decode()
    start = reverse("feasibility:letter-start", args=[call.pk, hanoi.pk])
    assert start in page
    response = client.post(start, {"save": "1", "commitment": "We commit."})
    letter = LetterOfIntent.objects.get(call=call, member=hanoi)
    assert response.status_code == 302 and letter.status == "draft"
    # Submitting without the signed letter keeps the draft and says what is missing.
    response = client.post(reverse("feasibility:letter", args=[letter.pk]), {**letter_data(), "submit": "1"}, follow=True)
    assert "signed letter" in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == "draft" and letter.alignment == ANSWERS["alignment"]
    response = client.post(
        reverse("feasibility:letter", args=[letter.pk]), {**letter_data(), "signed_letter": pdf_file(), "submit": "1"}
    )
    letter.refresh_from_db()
    assert letter.status == "submitted"
    # A second start goes to the existing letter.
    assert client.get(start)["Location"] == reverse("feasibility:letter", args=[letter.pk])
    assert client.get(reverse("feasibility:letter-file", args=[letter.pk])).status_code == 200


def test_not_a_pdf_is_refused_on_the_form(client, call, hanoi, hanoi_official):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(hanoi_official)
    fake = SimpleUploadedFile("letter.pdf", b"GIF89a", content_type="application/pdf")
    response = client.post(
        reverse("feasibility:letter-start", args=[call.pk, hanoi.pk]), {**letter_data(), "signed_letter": fake, "save": "1"}
    )
    assert response.status_code == 200 and "not a PDF" in response.content.decode()


def test_another_members_letter_is_404(client, call, hanoi, manila_official):
    letter = LetterFactory(call=call, member=hanoi)
    client.force_login(manila_official)
    assert client.get(reverse("feasibility:letter", args=[letter.pk])).status_code == 404
    assert client.get(reverse("feasibility:letter-file", args=[letter.pk])).status_code == 404
    assert client.get(reverse("feasibility:letter-start", args=[call.pk, hanoi.pk])).status_code == 404
    assert client.post(reverse("feasibility:letter-reopen", args=[letter.pk])).status_code == 404


def test_after_the_deadline_the_letter_page_is_read_only(client, call, hanoi, hanoi_official):
    letter = LetterFactory(call=call, member=hanoi)
    close_call(call)
    client.force_login(hanoi_official)
    response = client.get(reverse("feasibility:letter", args=[letter.pk]))
    body = response.content.decode()
    assert "can no longer change" in body and "Save the draft" not in body
    client.post(reverse("feasibility:letter", args=[letter.pk]), {**letter_data(commitment="Late change"), "save": "1"})
    letter.refresh_from_db()
    assert letter.commitment == ANSWERS["commitment"]


def test_visitor_is_sent_to_sign_in(client, call, hanoi):
    response = client.get(reverse("feasibility:letter-start", args=[call.pk, hanoi.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- Thematic priorities ---------------------------------------------------------------------------


def test_focal_point_ranks_once_through_the_form(client, hanoi, hanoi_focal, hanoi_official):
    themes = [ThemeFactory(name=n) for n in ("A theme", "B theme", "C theme")]
    survey = ThemeSurveyFactory(themes=themes)
    url = reverse("feasibility:survey-rank", args=[survey.pk, hanoi.pk])
    client.force_login(hanoi_official)
    assert client.get(url).status_code == 403
    client.force_login(hanoi_focal)
    assert "Rank the themes" in client.get(reverse("feasibility:my")).content.decode()
    data = {f"theme_{themes[0].pk}": "2", f"theme_{themes[1].pk}": "2", f"theme_{themes[2].pk}": "1"}
    response = client.post(url, data)
    assert "different position" in response.content.decode()
    data[f"theme_{themes[1].pk}"] = "3"
    assert client.post(url, data).status_code == 302
    ranking = ThemeRanking.objects.get(survey=survey, member=hanoi)
    assert [e.theme.name for e in ranking.entries.order_by("position")] == ["C theme", "A theme", "B theme"]
    assert "Each member ranks once" in client.get(url).content.decode()


def test_other_members_survey_page_is_404(client, hanoi, manila_official):
    survey = ThemeSurveyFactory()
    client.force_login(manila_official)
    assert client.get(reverse("feasibility:survey-rank", args=[survey.pk, hanoi.pk])).status_code == 404


# --- Review ---------------------------------------------------------------------------------------------


@pytest.fixture
def reviewed(call, hanoi, secretariat):
    letter = SubmittedLetterFactory(call=call, member=hanoi)
    close_call(call)
    first = services.review_assign(reviewer=ReviewerFactory(call=call), letter=letter, by=secretariat)
    second = services.review_assign(reviewer=ReviewerFactory(call=call), letter=letter, by=secretariat)
    return letter, first, second


def test_review_page_hides_others_until_own_is_submitted(client, reviewed):
    letter, first, second = reviewed
    services.review_save(review=first, by=first.reviewer.user,
                         scores=dict.fromkeys(["commitment", "alignment", "partnership", "sustainability",
                                               "implementation"], 5), submit=True)
    client.force_login(second.reviewer.user)
    url = reverse("feasibility:review", args=[second.pk])
    body = client.get(url).content.decode()
    assert str(first.reviewer.user) not in body
    assert "appear here once you have submitted" in body
    data = {f"score_{code}": "3" for code in ANSWERS}
    data.update({"overall_comment": "Solid", "submit": "1"})
    assert client.post(url, data).status_code == 302
    body = client.get(url).content.decode()
    assert str(first.reviewer.user) in body and "5.00" in body and "3.00" in body


def test_reviewer_sees_only_own_reviews(client, reviewed):
    _letter, first, second = reviewed
    client.force_login(second.reviewer.user)
    assert client.get(reverse("feasibility:review", args=[first.pk])).status_code == 404
    assert client.get(reverse("feasibility:reviews")).status_code == 200


def test_conflict_declared_on_the_page(client, reviewed):
    _letter, first, _second = reviewed
    client.force_login(first.reviewer.user)
    response = client.post(reverse("feasibility:review-conflict", args=[first.pk]), {"reason": "My former employer"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Review.Status.CONFLICT


def test_reviewer_may_read_the_signed_letter(client, reviewed):
    letter, first, _second = reviewed
    client.force_login(first.reviewer.user)
    assert client.get(reverse("feasibility:letter-file", args=[letter.pk])).status_code == 200


# --- Projects and economics -------------------------------------------------------------------------------


@pytest.fixture
def project(call, hanoi, secretariat):
    letter = SubmittedLetterFactory(call=call, member=hanoi)
    close_call(call)
    return services.letter_select(letter=letter, by=secretariat)


@pytest.fixture
def consultant(project, secretariat):
    user = UserFactory()
    services.consultant_add(project=project, user=user, role="lead", by=secretariat)
    return user


def test_project_page_by_role(client, project, consultant, hanoi_official, manila_official):
    url = reverse("feasibility:project", args=[project.pk])
    assert client.get(url).status_code == 302
    for user, status in ((hanoi_official, 200), (consultant, 200), (manila_official, 404), (UserFactory(), 404)):
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.force_login(consultant)
    assert project.title in client.get(reverse("feasibility:workspace")).content.decode()


def test_consultant_starts_the_study_but_the_city_cannot(client, project, consultant, hanoi_official, secretariat):
    services.project_plan(project=project, starts_on=timezone.localdate(), by=secretariat)
    url = reverse("feasibility:project-transition", args=[project.pk])
    client.force_login(hanoi_official)
    assert client.post(url, {"transition": "start"}).status_code == 403
    client.force_login(consultant)
    client.post(url, {"transition": "start"})
    project.refresh_from_db()
    assert project.status == Project.Status.IN_PROGRESS
    # Consultants never move a project into follow-up; that is the Secretariat's.
    Project.objects.filter(pk=project.pk).update(status=Project.Status.FINAL_REPORT)
    assert client.post(url, {"transition": "follow_up"}).status_code == 403


def test_deliverable_update_and_document(client, project, consultant, hanoi_official):
    deliverable = project.deliverables.get(component="TA", part="swot")
    url = reverse("feasibility:deliverable", args=[project.pk, deliverable.pk])
    client.force_login(consultant)
    response = client.post(url, {"update": "1", "status": "in_progress", "owner": consultant.pk, "due_on": "2026-05-01",
                                 "notes": "Interviews done"})
    assert response.status_code == 302
    deliverable.refresh_from_db()
    assert (deliverable.status, deliverable.owner) == ("in_progress", consultant)
    client.post(url, {"upload": "1", "title": "SWOT draft", "file": pdf_file("swot.pdf")})
    document = deliverable.documents.get()
    client.force_login(hanoi_official)
    assert client.get(reverse("feasibility:deliverable-document", args=[document.pk])).status_code == 200
    assert client.post(url, {"update": "1", "status": "accepted"}).status_code == 403


def test_economics_page_computes_shows_and_exports(client, project, consultant, hanoi_official):
    url = reverse("feasibility:economics", args=[project.pk])
    client.force_login(consultant)
    assert client.get(url).status_code == 200
    data = {
        "discount_rate": "10", "start_year": "2016", "currency": "USD", "notes": "",
        "years-TOTAL_FORMS": "5", "years-INITIAL_FORMS": "0", "years-MIN_NUM_FORMS": "0", "years-MAX_NUM_FORMS": "1000",
        "years-0-cost": "100", "years-0-benefit": "0", "years-1-cost": "0", "years-1-benefit": "60",
        "years-2-cost": "0", "years-2-benefit": "60",
    }
    assert client.post(url, data).status_code == 302
    assert project.economic_analysis.years.count() == 3
    client.force_login(hanoi_official)
    body = client.get(url).content.decode()
    assert "4.13" in body  # NPV 500/121
    assert "13.07 %" in body  # IRR
    assert "1.041" in body  # B/C
    assert "2018" in body  # payback year: 2016 + 2
    assert 'role="img"' in body and "<title" in body
    assert "Benefits −20 %" in body
    assert client.post(url, data).status_code == 403  # the city reads, consultants edit
    response = client.get(reverse("feasibility:economics-xlsx", args=[project.pk]))
    assert response.status_code == 200
    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames == ["Cash flows", "Figures", "Sensitivity"]
    figures = {row[0].value: row[1].value for row in wb["Figures"].iter_rows()}
    assert figures["Net present value (NPV)"] == pytest.approx(500 / 121)
    assert figures["Payback year"] == 2018


def test_economics_page_says_there_is_no_irr(client, project, consultant):
    services.economics_save(project=project, by=consultant, discount_rate=Decimal("8"), start_year=2020,
                            years=[{"cost": 0, "benefit": 5}, {"cost": 0, "benefit": 5}])
    client.force_login(consultant)
    body = client.get(reverse("feasibility:economics", args=[project.pk])).content.decode()
    assert "There is no IRR" in body


def test_economics_page_warns_of_several_irrs(client, project, consultant):
    services.economics_save(project=project, by=consultant, discount_rate=Decimal("8"), start_year=2020,
                            years=[{"cost": 100, "benefit": 0}, {"cost": 0, "benefit": 230}, {"cost": 132, "benefit": 0}])
    client.force_login(consultant)
    body = client.get(reverse("feasibility:economics", args=[project.pk])).content.decode()
    assert "may not be unique" in body


def test_implementation_report_through_the_page(client, project, hanoi_official, consultant):
    from feasibility.models import ImplementationReport

    Project.objects.filter(pk=project.pk).update(status=Project.Status.FOLLOW_UP)
    report = ImplementationReport.objects.create(project=project, year_number=1, due_on=dt.date(2027, 1, 1))
    url = reverse("feasibility:implementation-report", args=[report.pk])
    client.force_login(consultant)
    assert client.post(url, {"progress": "x"}).status_code == 403
    client.force_login(hanoi_official)
    assert "implementation report" in client.get(reverse("feasibility:my")).content.decode().lower()
    assert client.post(url, {"progress": "CPS live in 12 wards", "next_steps": ""}).status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"


def test_library_shows_only_published_studies(client, project, secretariat, hanoi):
    focal = AffiliationFactory(member=hanoi, role=Affiliation.Role.FOCAL_POINT).user
    assert client.get(reverse("feasibility:library-detail", args=[project.pk])).status_code == 404
    Project.objects.filter(pk=project.pk).update(status=Project.Status.FINAL_REPORT)
    project.refresh_from_db()
    client.force_login(focal)
    client.post(reverse("feasibility:project-consent", args=[project.pk]))
    services.project_publish(project=project, by=secretariat, outcome_summary="CPS adopted city-wide.")
    client.logout()
    assert "CPS adopted" in client.get(reverse("feasibility:library")).content.decode()
    assert client.get(reverse("feasibility:library-detail", args=[project.pk])).status_code == 200


def test_open_tasks_on_the_member_home(client, call, hanoi, hanoi_focal):
    ThemeSurveyFactory(title="Priorities 2027")
    client.force_login(hanoi_focal)
    body = client.get(reverse("members:my")).content.decode()
    assert "Write your letter of intent" in body
    assert "Rank the themes of “Priorities 2027”" in body


# --- Secretariat console -------------------------------------------------------------------------------


def test_console_is_for_the_secretariat(client, staff_with_mfa, hanoi_official):
    url = reverse("feasibility_staff:console")
    assert url == "/staff/feasibility/"
    client.force_login(hanoi_official)
    assert client.get(url).status_code == 403
    client.force_login(staff_with_mfa)
    assert client.get(url).status_code == 200


def test_survey_created_opened_and_charted(client, staff_with_mfa, hanoi, hanoi_focal):
    client.force_login(staff_with_mfa)
    response = client.post(reverse("feasibility_staff:survey-new"), {
        "title": "Priorities 2016", "year": "2016", "new_themes": "m-Government\nSpatial data infrastructure"})
    assert response.status_code == 302
    from feasibility.models import ThemeSurvey

    survey = ThemeSurvey.objects.get()
    client.post(reverse("feasibility_staff:survey", args=[survey.pk]), {"open": "1"})
    survey.refresh_from_db()
    assert survey.status == "open"
    m, s = survey.themes.get(name="m-Government"), survey.themes.get(name="Spatial data infrastructure")
    services.ranking_submit(survey=survey, member=hanoi, ordered_themes=[m, s], by=hanoi_focal)
    body = client.get(reverse("feasibility_staff:survey", args=[survey.pk])).content.decode()
    assert 'role="img"' in body and "m-Government: 1" in body
    client.post(reverse("feasibility_staff:survey", args=[survey.pk]), {"close": "1"})
    client.post(reverse("feasibility_staff:survey", args=[survey.pk]), {"choose": "1", "theme": m.pk})
    survey.refresh_from_db()
    assert survey.chosen_theme == m
    body = client.get(reverse("feasibility_staff:call-new") + f"?survey={survey.pk}").content.decode()
    assert f'<option value="{m.pk}" selected>' in body


def test_staff_call_page_selects_a_city(client, staff_with_mfa, call, hanoi, hanoi_focal,
                                        django_capture_on_commit_callbacks):
    from django.core import mail

    letter = SubmittedLetterFactory(call=call, member=hanoi)
    close_call(call)
    client.force_login(staff_with_mfa)
    url = reverse("feasibility_staff:call", args=[call.pk])
    client.post(url, {"action": "add_reviewer", "email": UserFactory(email="expert@example.org").email, "country": "DE"})
    client.post(url, {"action": "auto_assign"})
    assert Review.objects.filter(letter=letter).count() == 1
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("feasibility_staff:letter-decide", args=[letter.pk]), {"select": "1", "message": "Welcome"})
    letter.refresh_from_db()
    assert letter.status == "selected" and hasattr(letter, "project")
    assert hanoi_focal.email in mail.outbox[-1].to
    client.post(url, {"action": "decide"})
    call.refresh_from_db()
    assert call.status == "decided"


def test_staff_project_page(client, staff_with_mfa, project):
    from tests.factories.members import PartnerFactory

    kexim = PartnerFactory(name="Export-Import Bank of Korea", acronym="KEXIM")
    client.force_login(staff_with_mfa)
    url = reverse("feasibility_staff:project", args=[project.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"action": "plan", "starts_on": "2026-04-01"})
    client.post(url, {"action": "funding", "partner": kexim.pk, "agreement": "KEXIM-2026-3"})
    client.post(url, {"action": "consultant", "email": UserFactory(email="c@example.org").email, "role": "lead"})
    client.post(url, {"action": "outcome", "title": "CPS delivered", "member": MemberFactory(name="Pokhara").pk})
    project.refresh_from_db()
    assert project.funding_partner == kexim and project.ends_on == dt.date(2026, 10, 1)
    assert project.consultants.count() == 1 and project.outcomes.count() == 1


def test_milestone_marked_done_by_the_consultant_only(client, project, consultant, hanoi_official, secretariat):
    services.project_plan(project=project, starts_on=dt.date(2026, 3, 2), by=secretariat)
    milestone = project.milestones.order_by("due_on").first()
    url = reverse("feasibility:milestone-done", args=[project.pk, milestone.pk])
    client.force_login(hanoi_official)
    assert client.post(url).status_code == 403
    client.force_login(consultant)
    assert "Mark “Kick-off meeting with the city” done" in client.get(
        reverse("feasibility:project", args=[project.pk])).content.decode()
    assert client.post(url).status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on == timezone.localdate()
