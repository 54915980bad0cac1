"""The feasibility workflows (feasibility/workflows.py): one table per state machine, read by the
services, the pages' buttons, the admin actions, the API and `manage.py workflows`."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from feasibility import services
from feasibility.models import Call, ImplementationReport, LetterOfIntent, Project, Review, ThemeSurvey
from feasibility.workflows import CALL, IMPLEMENTATION_REPORT, LETTER, PROJECT, REVIEW, SURVEY, in_order
from tests.factories.feasibility import (
    ANSWERS,
    CallFactory,
    LetterFactory,
    ReviewerFactory,
    SubmittedLetterFactory,
    ThemeFactory,
    ThemeSurveyFactory,
)
from tests.factories.members import MemberFactory, UserFactory
from tests.helpers import count_queries, pdf_file
from wego.workflows import Requirement, workflows

from .conftest import close_call

pytestmark = pytest.mark.django_db

SCORES = dict.fromkeys(ANSWERS, 4)


def refused(call) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        call()
    return exc.value.messages


# --- The tables themselves ----------------------------------------------------------------------------


def test_every_feasibility_table_is_registered_names_real_states_and_prints():
    keys = {flow.key for flow in workflows}
    assert {"feasibility.letter", "feasibility.call", "feasibility.review", "feasibility.project",
            "feasibility.survey", "feasibility.implementation_report"} <= keys
    for flow in (LETTER, CALL, REVIEW, PROJECT, SURVEY, IMPLEMENTATION_REPORT):
        assert flow.validate() == [], flow.key
    out = StringIO()
    call_command("workflows", "--check", stdout=out)
    text = out.getvalue()
    assert "feasibility.project — Project.status" in text
    assert "who: the project's consultants or the Secretariat;  requires: a start date; a consultant" in text
    assert "feasibility.letter — LetterOfIntent.status" in text


def test_in_order_reports_only_the_first_thing_to_fix():
    first = Requirement(lambda o: o["a"], "First A.")
    second = Requirement(lambda o: o["b"], "Then B.")
    ordered = in_order(first, second)
    assert [r.unmet({"a": False, "b": False}) for r in ordered] == ["First A.", None]
    assert [r.unmet({"a": True, "b": False}) for r in ordered] == [None, "Then B."]
    assert [r.unmet({"a": True, "b": True}) for r in ordered] == [None, None]


# --- The table refuses what the service refuses, with the same message --------------------------------


def test_letter_table_and_services_refuse_alike(call, hanoi, hanoi_official, secretariat):
    letter = services.letter_save_draft(call=call, member=hanoi, by=hanoi_official, data={"commitment": "Yes."})
    reason = LETTER.refusal(letter, "submit", hanoi_official)
    assert reason.startswith("Complete these parts before submitting: ") and "signed letter" in reason
    assert refused(lambda: services.letter_submit(letter=letter, by=hanoi_official)) == [reason]
    # Officials write the letter; the Secretariat decides it, and only after the deadline.
    assert LETTER.available_names(letter, secretariat) == set()
    assert "is for the officials of the letter's member" in LETTER.refusal(letter, "submit", UserFactory())
    full = SubmittedLetterFactory(call=call, member=MemberFactory(name="Pokhara"))
    assert LETTER.available_names(full, secretariat) == set()
    message = LETTER.refusal(full, "select")
    assert message == "Letters are decided after the call closes."
    assert refused(lambda: services.letter_select(letter=full, by=secretariat)) == [message]
    # After the deadline a letter can no longer change: the closed call is named first.
    close_call(call)
    letter.refresh_from_db()
    full.refresh_from_db()
    message = LETTER.refusal(letter, "submit")
    assert "letters can no longer be submitted or changed" in message
    assert refused(lambda: services.letter_submit(letter=letter, by=hanoi_official)) == [message]
    assert LETTER.refusal(full, "reopen") == message
    assert LETTER.available_names(full, secretariat) == {"select", "reject"}
    services.letter_reject(letter=full, by=secretariat, message="Next year.")
    full.refresh_from_db()
    message = LETTER.refusal(full, "select")
    assert message == "Only a submitted letter can be decided; this one is not selected."
    assert refused(lambda: services.letter_select(letter=full, by=secretariat)) == [message]


def test_call_table_and_services_refuse_alike(call, hanoi, secretariat):
    draft = CallFactory(status=Call.Status.DRAFT, closes_at=timezone.now() - dt.timedelta(hours=1),
                        opens_at=timezone.now() - dt.timedelta(days=2))
    message = CALL.refusal(draft, "publish", secretariat)
    assert message == "The closing date has passed; set a later one before publishing."
    assert refused(lambda: services.call_publish(call=draft, by=secretariat)) == [message]
    assert CALL.refusal(call, "publish") == "Only a draft call can be published."
    # Closing the selection: the call closed, then every letter decided, then one city selected.
    letter = SubmittedLetterFactory(call=call, member=hanoi)
    assert CALL.refusal(call, "decide") == "The call is still open for letters."
    assert refused(lambda: services.call_decide(call=call, by=secretariat)) == ["The call is still open for letters."]
    close_call(call)
    message = CALL.refusal(call, "decide")
    assert message == "1 submitted letters still wait for a decision: select or reject each first."
    assert refused(lambda: services.call_decide(call=call, by=secretariat)) == [message]
    services.letter_reject(letter=letter, by=secretariat, message="Sorry.")
    assert CALL.refusal(call, "decide") == "Select at least one city before closing the selection."
    assert CALL.unmet(call, "decide") == ["Select at least one city before closing the selection."]


def test_review_table_and_services_refuse_alike(call, hanoi, secretariat):
    letter = SubmittedLetterFactory(call=call, member=hanoi)
    close_call(call)
    review = services.review_assign(reviewer=ReviewerFactory(call=call), letter=letter, by=secretariat)
    user = review.reviewer.user
    assert REVIEW.available_names(review, user) == {"save", "submit", "declare_conflict"}
    assert REVIEW.available_names(review, secretariat) == {"declare_conflict"}
    services.review_save(review=review, by=user, scores=SCORES, submit=True)
    review.refresh_from_db()
    message = REVIEW.refusal(review, "save")
    assert message == "This review is submitted and can no longer change."
    assert refused(lambda: services.review_save(review=review, by=user, scores=SCORES)) == [message]
    assert REVIEW.available_names(review, user) == {"declare_conflict"}
    services.review_declare_conflict(review=review, by=user, reason="My former employer")
    review.refresh_from_db()
    message = REVIEW.refusal(review, "declare_conflict")
    assert message == "A conflict is already declared for this letter."
    assert refused(lambda: services.review_declare_conflict(review=review, by=user, reason="Again")) == [message]


def test_project_table_and_services_refuse_alike(call, hanoi, hanoi_official, secretariat):
    letter = SubmittedLetterFactory(call=call, member=hanoi)
    close_call(call)
    project = services.letter_select(letter=letter, by=secretariat)
    # The first thing to fix is named (a start date), then the next (a consultant).
    assert PROJECT.refusal(project, "start") == "Set the start date of the six-month plan first."
    assert refused(lambda: services.project_start(project=project, by=secretariat)) == [
        "Set the start date of the six-month plan first."]
    services.project_plan(project=project, starts_on=timezone.localdate(), by=secretariat)
    project.refresh_from_db()
    assert refused(lambda: services.project_start(project=project, by=secretariat)) == [
        "Assign at least one consultant first."]
    consultant = UserFactory()
    services.consultant_add(project=project, user=consultant, by=secretariat)
    assert PROJECT.available_names(project, consultant) == {"start"}
    assert PROJECT.available_names(project, hanoi_official) == set()
    message = PROJECT.refusal(project, "close")
    assert message == "The project is planning; it can move to “Closed” only from “Follow-up”."
    assert refused(lambda: services.project_close(project=project, by=secretariat)) == [message]
    services.project_start(project=project, by=consultant)
    project.refresh_from_db()
    message = PROJECT.refusal(project, "draft_report")
    assert message.startswith("21 deliverables are not ready for review yet")
    assert refused(lambda: services.project_deliver_draft_report(project=project, by=consultant)) == [message]
    # Following up is the Secretariat's, never a consultant's.
    Project.objects.filter(pk=project.pk).update(status=Project.Status.FINAL_REPORT)
    project.refresh_from_db()
    assert PROJECT.available_names(project, consultant) == set()
    assert PROJECT.available_names(project, secretariat) == {"follow_up"}
    services.project_begin_follow_up(project=project, by=secretariat)
    project.refresh_from_db()
    message = PROJECT.refusal(project, "close")
    assert message == "Both yearly implementation reports must be in before the project closes."
    assert refused(lambda: services.project_close(project=project, by=secretariat)) == [message]
    report = project.implementation_reports.get(year_number=1)
    assert IMPLEMENTATION_REPORT.available_names(report, hanoi_official) == {"submit"}
    assert IMPLEMENTATION_REPORT.available_names(report, consultant) == set()
    services.implementation_report_submit(report=report, by=hanoi_official, progress="Live in 3 wards")
    report.refresh_from_db()
    message = IMPLEMENTATION_REPORT.refusal(report, "submit")
    assert message == "This report has already been submitted."
    assert refused(lambda: services.implementation_report_submit(report=report, by=hanoi_official,
                                                                  progress="Again")) == [message]


def test_survey_table_and_services_refuse_alike(secretariat):
    survey = ThemeSurveyFactory(status=ThemeSurvey.Status.DRAFT, themes=[ThemeFactory()])
    message = SURVEY.refusal(survey, "open", secretariat)
    assert message == "A survey needs at least two themes to rank."
    assert refused(lambda: services.survey_open(survey=survey, by=secretariat)) == [message]
    opened = ThemeSurveyFactory()
    message = SURVEY.refusal(opened, "open")
    assert message == "Only a draft survey can be opened; this one is open."
    assert refused(lambda: services.survey_open(survey=opened, by=secretariat)) == [message]
    message = SURVEY.refusal(opened, "choose")
    assert message == "Close the survey before choosing its theme."
    theme = opened.themes.first()
    assert refused(lambda: services.survey_choose_theme(survey=opened, theme=theme, by=secretariat)) == [message]


# --- A button appears exactly when the table allows it ------------------------------------------------


def test_project_page_buttons_follow_the_table(client, call, hanoi, hanoi_official, staff_with_mfa):
    secretariat = staff_with_mfa
    letter = SubmittedLetterFactory(call=call, member=hanoi)
    close_call(call)
    project = services.letter_select(letter=letter, by=secretariat)
    consultant = UserFactory()
    services.consultant_add(project=project, user=consultant, by=secretariat)
    url = reverse("feasibility:project", args=[project.pk])
    client.force_login(consultant)
    page = client.get(url).content.decode()
    # No start date yet: no button, the missing step is said instead.
    assert 'value="start"' not in page and "Set the start date of the six-month plan first." in page
    services.project_plan(project=project, starts_on=timezone.localdate(), by=secretariat)
    page = client.get(url).content.decode()
    assert 'value="start"' in page and "Set the start date" not in page
    client.force_login(hanoi_official)
    assert 'value="start"' not in client.get(url).content.decode()
    # The Secretariat's console shows the same table.
    client.force_login(secretariat)
    page = client.get(reverse("feasibility_staff:project", args=[project.pk])).content.decode()
    assert 'value="start"' in page
    Project.objects.filter(pk=project.pk).update(status=Project.Status.FOLLOW_UP)
    page = client.get(reverse("feasibility_staff:project", args=[project.pk])).content.decode()
    assert 'value="close"' in page and 'value="start"' not in page


def test_a_move_the_table_does_not_offer_is_forbidden_but_a_missing_step_is_a_message(
        client, call, hanoi, secretariat):
    letter = SubmittedLetterFactory(call=call, member=hanoi)
    close_call(call)
    project = services.letter_select(letter=letter, by=secretariat)
    consultant = UserFactory()
    services.consultant_add(project=project, user=consultant, by=secretariat)
    client.force_login(consultant)
    url = reverse("feasibility:project-transition", args=[project.pk])
    assert client.post(url, {"transition": "close"}).status_code == 403
    response = client.post(url, {"transition": "start"}, follow=True)
    assert "Set the start date of the six-month plan first." in response.content.decode()
    project.refresh_from_db()
    assert project.status == Project.Status.PLANNING


def test_staff_call_page_buttons_follow_the_table(client, staff_with_mfa, call, hanoi):
    letter = SubmittedLetterFactory(call=call, member=hanoi)
    client.force_login(staff_with_mfa)
    url = reverse("feasibility_staff:call", args=[call.pk])
    page = client.get(url).content.decode()
    assert 'name="select"' not in page and 'value="decide"' not in page and 'value="publish"' not in page
    assert "The call is still open for letters." in page
    close_call(call)
    page = client.get(url).content.decode()
    assert 'name="select"' in page and 'name="reject"' in page and 'value="decide"' not in page
    assert "1 submitted letters still wait for a decision" in page
    services.letter_select(letter=letter, by=staff_with_mfa)
    page = client.get(url).content.decode()
    assert 'name="select"' not in page and 'value="decide"' in page
    draft = CallFactory(status=Call.Status.DRAFT)
    assert 'value="publish"' in client.get(reverse("feasibility_staff:call", args=[draft.pk])).content.decode()


def test_staff_survey_page_buttons_follow_the_table(client, staff_with_mfa):
    client.force_login(staff_with_mfa)
    draft = ThemeSurveyFactory(status=ThemeSurvey.Status.DRAFT, themes=[ThemeFactory()])
    page = client.get(reverse("feasibility_staff:survey", args=[draft.pk])).content.decode()
    assert 'name="open"' not in page and "A survey needs at least two themes to rank." in page
    opened = ThemeSurveyFactory()
    page = client.get(reverse("feasibility_staff:survey", args=[opened.pk])).content.decode()
    assert 'name="close"' in page and 'name="open"' not in page and 'name="choose"' not in page
    closed = ThemeSurveyFactory(status=ThemeSurvey.Status.CLOSED)
    assert 'name="choose"' in client.get(reverse("feasibility_staff:survey", args=[closed.pk])).content.decode()


def test_member_pages_offer_what_the_table_does(client, call, hanoi, hanoi_official, secretariat):
    letter = services.letter_save_draft(call=call, member=hanoi, by=hanoi_official, data=ANSWERS,
                                        signed_letter=pdf_file())
    services.letter_submit(letter=letter, by=hanoi_official)
    client.force_login(hanoi_official)
    url = reverse("feasibility:letter", args=[letter.pk])
    reopen = reverse("feasibility:letter-reopen", args=[letter.pk])
    assert reopen in client.get(url).content.decode()
    close_call(call)
    assert reopen not in client.get(url).content.decode()
    # The implementation report form: for the city's officials while the report is due.
    project = services.letter_select(letter=letter, by=secretariat)
    Project.objects.filter(pk=project.pk).update(status=Project.Status.FINAL_REPORT)
    services.project_begin_follow_up(project=project, by=secretariat)
    report = project.implementation_reports.get(year_number=1)
    report_url = reverse("feasibility:implementation-report", args=[report.pk])
    assert 'name="progress"' in client.get(report_url).content.decode()
    ImplementationReport.objects.filter(pk=report.pk).update(status=ImplementationReport.Status.SUBMITTED)
    assert 'name="progress"' not in client.get(report_url).content.decode()


def test_review_page_offers_what_the_table_does(client, call, hanoi, secretariat):
    letter = SubmittedLetterFactory(call=call, member=hanoi)
    close_call(call)
    review = services.review_assign(reviewer=ReviewerFactory(call=call), letter=letter, by=secretariat)
    client.force_login(review.reviewer.user)
    url = reverse("feasibility:review", args=[review.pk])
    page = client.get(url).content.decode()
    assert 'name="submit"' in page and reverse("feasibility:review-conflict", args=[review.pk]) in page
    assert [r.pk for r in client.get(reverse("feasibility:reviews")).context["todo"]] == [review.pk]
    services.review_save(review=review, by=review.reviewer.user, scores=SCORES, submit=True)
    page = client.get(url).content.decode()
    # Submitted: the scores are final, and a conflict can still be declared (the table allows it).
    assert 'name="submit"' not in page and reverse("feasibility:review-conflict", args=[review.pk]) in page
    assert client.get(reverse("feasibility:reviews")).context["todo"] == []
    Review.objects.filter(pk=review.pk).update(status=Review.Status.CONFLICT, conflict_reason="Employer")
    assert reverse("feasibility:review-conflict", args=[review.pk]) not in client.get(url).content.decode()


# --- The admin runs its actions through the table -----------------------------------------------------


@pytest.fixture
def admin_client(client, staff_with_mfa):
    client.force_login(staff_with_mfa)
    return client


def test_admin_actions_refuse_per_object_with_the_tables_message(admin_client, secretariat):
    call = CallFactory(cities_to_select=1)
    waiting = SubmittedLetterFactory(call=call, member=MemberFactory(name="Hanoi", country="VN"))
    close_call(call)
    decided = CallFactory(title="Done")
    letter = SubmittedLetterFactory(call=decided, member=MemberFactory(name="Pokhara", country="NP"))
    close_call(decided)
    services.letter_select(letter=letter, by=secretariat)
    response = admin_client.post(reverse("admin:feasibility_call_changelist"),
                                 {"action": "decide_calls", ACTION_CHECKBOX_NAME: [call.pk, decided.pk]}, follow=True)
    body = response.content.decode()
    assert "1 call decided." in body
    assert "1 submitted letters still wait for a decision: select or reject each first." in body
    assert Call.objects.get(pk=call.pk).status == Call.Status.PUBLISHED
    assert Call.objects.get(pk=decided.pk).status == Call.Status.DECIDED
    # A letter that is still a draft cannot be selected: the table says why, the others go on.
    draft = LetterFactory(call=call, member=MemberFactory(name="Da Nang", country="VN"))
    response = admin_client.post(
        reverse("admin:feasibility_letterofintent_changelist"),
        {"action": "select_letters", ACTION_CHECKBOX_NAME: [draft.pk, waiting.pk], "apply": "1", "message": ""},
        follow=True,
    )
    body = response.content.decode()
    assert "1 city selected." in body and "Only a submitted letter can be decided; this one is draft." in body
    assert LetterOfIntent.objects.get(pk=draft.pk).status == LetterOfIntent.Status.DRAFT
    survey = ThemeSurveyFactory(status=ThemeSurvey.Status.DRAFT)
    response = admin_client.post(reverse("admin:feasibility_themesurvey_changelist"),
                                 {"action": "close_surveys", ACTION_CHECKBOX_NAME: [survey.pk]}, follow=True)
    assert "Only an open survey can be closed." in response.content.decode()


def test_admin_change_pages_say_what_can_be_done_now(admin_client, call, hanoi, secretariat):
    letter = SubmittedLetterFactory(call=call, member=hanoi)
    close_call(call)
    project = services.letter_select(letter=letter, by=secretariat)
    page = admin_client.get(reverse("admin:feasibility_project_change", args=[project.pk])).content.decode()
    assert "What can be done now" in page and "Set the start date of the six-month plan first." in page
    page = admin_client.get(reverse("admin:feasibility_call_change", args=[call.pk])).content.decode()
    assert "What can be done now" in page and "Close the selection" in page
    page = admin_client.get(reverse("admin:feasibility_letterofintent_change", args=[letter.pk])).content.decode()
    assert "What can be done now" in page


# --- The API lists the transitions the caller may take -------------------------------------------------


def _published(call, member, status=Project.Status.FOLLOW_UP):
    letter = SubmittedLetterFactory(call=call, member=member, status=LetterOfIntent.Status.SELECTED)
    project = Project.objects.create(
        letter=letter, beneficiary=member, title=f"Study for {member.name}", status=status,
        consent_at=timezone.now(), published_at=timezone.now(), outcome_summary="A system.",
    )
    for year in (1, 2):
        ImplementationReport.objects.create(project=project, year_number=year, due_on=timezone.localdate(),
                                            status=ImplementationReport.Status.SUBMITTED)
    return project


def test_api_lists_the_transitions_of_each_study(api_client, staff_with_mfa):
    call = CallFactory()
    _published(call, MemberFactory(name="Hanoi"))
    url = "/api/v1/feasibility/projects/"
    assert [p["transitions"] for p in api_client.get(url).json()["results"]] == [[]]
    api_client.force_login(staff_with_mfa)
    assert [p["transitions"] for p in api_client.get(url).json()["results"]] == [["close"]]
    small = count_queries(api_client, url)
    for _ in range(5):
        _published(CallFactory(), MemberFactory())
    assert count_queries(api_client, url) == small
