"""The awards workflows (awards.workflows): one table each for editions, entries and judging assignments,
read by the services, the console's and the applicant's and judge's buttons, the admin and the API."""

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards import services
from awards.models import Assignment, Edition, Entry
from awards.workflows import ASSIGNMENT, EDITION, ENTRY
from tests.factories import UserFactory
from tests.factories.awards import assign, make_edition, make_entry, make_finalists, make_judge
from wego.workflows import workflows

pytestmark = pytest.mark.django_db
S = Edition.Status
N = Entry.Status
EDITIONS_API = "/api/v1/awards/editions/"


def _refused(call) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.messages


# --- The tables refuse what the services refuse, with the same messages ---------------------------------


def test_an_edition_step_from_another_phase_is_refused_by_the_table_and_the_service(secretariat):
    edition = make_edition(status=S.APPLICATION)
    message = f"{edition} is in the phase “Open for applications”: “Open public voting” is not possible now."
    assert EDITION.refusal(edition, "open_voting") == message
    assert _refused(lambda: services.edition_transition(edition=edition, transition="open_voting",
                                                        by=secretariat)) == [message]
    assert _refused(lambda: services.edition_transition(edition=edition, transition="reopen",
                                                        by=secretariat)) == ["Unknown phase change."]


def test_the_conditions_of_an_edition_step_are_the_tables(secretariat):
    edition = make_edition(status=S.ELIGIBILITY)
    entry = make_entry(edition=edition, status=N.SUBMITTED)
    waiting = "1 submitted entries still wait for the eligibility screening."
    assert EDITION.refusal(edition, "open_judging") == waiting
    assert _refused(lambda: services.edition_transition(edition=edition, transition="open_judging",
                                                        by=secretariat)) == [waiting]
    services.entry_screen(entry=entry, eligible=True, by=secretariat)
    assert EDITION.allowed(edition, "open_judging", secretariat)
    # Opened by hand after its closing date: refused; the daily task catching up on dates passes through.
    late = edition.judging_end + dt.timedelta(days=1)
    ended = "The judging period has already ended: move its closing date first."
    assert _refused(lambda: services.edition_transition(edition=edition, transition="open_judging",
                                                        by=secretariat, today=late)) == [ended]
    assert EDITION.unmet(edition, "open_judging", today=late, by_date=True) == []


def test_announcing_needs_the_winners_and_the_date(secretariat):
    edition = make_edition(status=S.COUNTING)
    day = edition.announcement_on
    assert _refused(lambda: services.edition_transition(edition=edition, transition="announce", by=secretariat,
                                                        today=day)) == [
        "Decide the winners before publishing the results."]
    Edition.objects.filter(pk=edition.pk).update(winners_decided_at=timezone.now())
    edition.refresh_from_db()
    early = f"The results are published on the announcement date, {day.isoformat()}."
    assert _refused(lambda: services.edition_transition(edition=edition, transition="announce", by=secretariat,
                                                        today=day - dt.timedelta(days=1))) == [early]
    services.edition_transition(edition=edition, transition="announce", by=secretariat, today=day)
    edition.refresh_from_db()
    assert edition.status == S.ANNOUNCED and EDITION.options(edition, secretariat) == []


def test_voting_waits_for_every_shortlist_in_the_table(secretariat):
    edition = make_edition(status=S.SHORTLIST)
    make_entry(edition=edition, category=edition.categories.get(code="efficiency"))
    make_finalists(edition=edition, category=edition.categories.get(code="services"))
    assert EDITION.refusal(edition, "open_voting") == "Publish the shortlist of these categories first: Efficiency."


def test_an_entry_is_submitted_withdrawn_and_screened_by_the_table(secretariat):
    edition = make_edition(status=S.APPLICATION)
    draft = make_entry(edition=edition, status=N.DRAFT, results="")
    owner = draft.applicant
    assert ENTRY.refusal(draft, "submit", owner) == "Fill in before submitting: results."
    assert _refused(lambda: services.entry_submit(entry=draft, by=owner)) == ["Fill in before submitting: results."]
    assert "is for the person who started the entry" in ENTRY.refusal(draft, "submit", UserFactory())
    assert _refused(lambda: services.entry_submit(entry=draft, by=UserFactory())) == [
        "Only the person who started this entry can change it."]
    # Screening a draft: the table's message (a draft is not yet submitted).
    assert ENTRY.refusal(draft, "screen") == "Only a submitted entry can be screened."
    assert _refused(lambda: services.entry_screen(entry=draft, eligible=True, by=secretariat)) == [
        "Only a submitted entry can be screened."]
    Entry.objects.filter(pk=draft.pk).update(results="Faster permits.")
    draft.refresh_from_db()
    services.entry_submit(entry=draft, by=owner)
    draft.refresh_from_db()
    assert ENTRY.refusal(draft, "submit") == "A submitted entry can no longer be changed."
    assert ENTRY.available_names(draft, owner) == {"withdraw"}
    assert ENTRY.available_names(draft, secretariat) == {"screen"}
    services.entry_withdraw(entry=draft, by=owner)
    draft.refresh_from_db()
    assert ENTRY.refusal(draft, "withdraw") == "This entry is already withdrawn."
    assert _refused(lambda: services.entry_withdraw(entry=draft, by=owner)) == ["This entry is already withdrawn."]


def test_an_entry_after_judging_opened_is_neither_withdrawn_nor_screened(secretariat):
    edition = make_edition(status=S.JUDGING)
    entry = make_entry(edition=edition, status=N.ELIGIBLE)
    withdraw = "Judging has opened: write to the Secretariat to withdraw this entry."
    screen = "Eligibility is screened while applications are open or during the screening phase."
    assert ENTRY.refusal(entry, "withdraw", entry.applicant) == withdraw
    assert _refused(lambda: services.entry_withdraw(entry=entry, by=entry.applicant)) == [withdraw]
    assert ENTRY.refusal(entry, "screen", secretariat) == screen
    assert _refused(lambda: services.entry_screen(entry=entry, eligible=False, reason="x", by=secretariat)) == [screen]
    # A draft of an edition in judging is told judging has begun, as before the table.
    draft = make_entry(edition=edition, status=N.DRAFT)
    assert ENTRY.refusal(draft, "screen") == screen
    assert _refused(lambda: services.entry_screen(entry=draft, eligible=True, by=secretariat)) == [screen]


def test_an_entry_of_a_closed_edition_is_not_submitted():
    edition = make_edition(status=S.ELIGIBILITY)
    draft = make_entry(edition=edition, status=N.DRAFT)
    closed = f"Applications to {edition} are closed."
    assert ENTRY.refusal(draft, "submit") == closed
    assert _refused(lambda: services.entry_submit(entry=draft, by=draft.applicant)) == [closed]


def test_a_judges_assignment_is_submitted_or_recused_by_the_table():
    edition = make_edition(status=S.JUDGING)
    judge = make_judge(edition=edition, country="KR")
    assignment = assign(judge, make_entry(edition=edition, country="VN"))
    me = judge.user
    assert ASSIGNMENT.available_names(assignment, me) == {"submit_scores", "declare_conflict"}
    assert ASSIGNMENT.available_names(assignment, UserFactory()) == set()
    services.assignment_declare_conflict(assignment=assignment, reason="I advised the project.", by=me)
    assignment.refresh_from_db()
    declared = "You declared a conflict of interest on this entry."
    assert ASSIGNMENT.refusal(assignment, "submit_scores") == declared
    assert _refused(lambda: services.scores_save(assignment=assignment, values={}, by=me)) == [declared]
    once = "A conflict can be declared only before submitting scores."
    assert ASSIGNMENT.refusal(assignment, "declare_conflict") == once
    assert _refused(lambda: services.assignment_declare_conflict(assignment=assignment, reason="x", by=me)) == [once]
    # Submitted scores are final; judging closed refuses the scores of an assignment still to score.
    done = assign(judge, make_entry(edition=edition, country="JP"), status=Assignment.Status.SUBMITTED)
    final = "Your scores for this entry are submitted and can no longer change."
    assert ASSIGNMENT.refusal(done, "submit_scores") == final
    assert _refused(lambda: services.scores_save(assignment=done, values={}, by=me)) == [final]
    waiting = assign(judge, make_entry(edition=edition, country="US"))
    Edition.objects.filter(pk=edition.pk).update(status=S.SHORTLIST)
    waiting = Assignment.objects.select_related("entry__edition").get(pk=waiting.pk)
    closed = f"Judging of {edition} is closed."
    assert ASSIGNMENT.refusal(waiting, "submit_scores") == closed
    assert _refused(lambda: services.scores_save(assignment=waiting, values={}, by=me)) == [closed]


# --- Buttons appear exactly when the table allows them --------------------------------------------------


def test_the_console_offers_a_phase_change_exactly_when_the_table_allows_it(client, staff_with_mfa):
    edition = make_edition(status=S.ELIGIBILITY)
    entry = make_entry(edition=edition, status=N.SUBMITTED)
    client.force_login(staff_with_mfa)
    url = reverse("awards_staff:edition", args=[edition.year])
    page = client.get(url).content.decode()
    assert 'value="open_judging"' not in page
    assert "1 submitted entries still wait for the eligibility screening." in page
    services.entry_screen(entry=entry, eligible=True, by=staff_with_mfa)
    page = client.get(url).content.decode()
    assert 'value="open_judging"' in page and "still wait" not in page
    announced = make_edition(status=S.ANNOUNCED)
    page = client.get(reverse("awards_staff:edition", args=[announced.year])).content.decode()
    assert 'name="transition"' not in page and "this edition is complete" in page


def test_the_screening_form_is_shown_exactly_when_the_table_allows_it(client, staff_with_mfa):
    edition = make_edition(status=S.ELIGIBILITY)
    entry = make_entry(edition=edition, status=N.SUBMITTED)
    client.force_login(staff_with_mfa)
    page = client.get(reverse("awards_staff:entry-screen", args=[entry.pk])).content.decode()
    assert "Record the decision" in page
    later = make_entry(edition=make_edition(status=S.JUDGING), status=N.ELIGIBLE)
    page = client.get(reverse("awards_staff:entry-screen", args=[later.pk])).content.decode()
    assert "Record the decision" not in page and "Eligibility is screened while applications are open" in page
    withdrawn = make_entry(edition=edition, status=N.WITHDRAWN)
    page = client.get(reverse("awards_staff:entry-screen", args=[withdrawn.pk])).content.decode()
    assert "Record the decision" not in page and "Eligibility is screened" not in page


def test_the_applicant_is_offered_withdrawal_exactly_when_the_table_allows_it(client, member, official):
    edition = make_edition(status=S.APPLICATION)
    entry = make_entry(edition=edition, status=N.SUBMITTED)
    withdraw = reverse("awards:entry-withdraw", args=[entry.pk])
    client.force_login(entry.applicant)
    assert withdraw in client.get(reverse("awards:entry", args=[entry.pk])).content.decode()
    Edition.objects.filter(pk=edition.pk).update(status=S.JUDGING)
    Entry.objects.filter(pk=entry.pk).update(status=N.ELIGIBLE)
    assert withdraw not in client.get(reverse("awards:entry", args=[entry.pk])).content.decode()
    # The member's official sees the entry's status, not the applicant's button.
    other = make_entry(edition=make_edition(status=S.APPLICATION), member=member, status=N.SUBMITTED)
    client.force_login(official)
    page = client.get(reverse("awards:entry", args=[other.pk])).content.decode()
    assert "Status of the entry" in page and reverse("awards:entry-withdraw", args=[other.pk]) not in page


def test_the_draft_form_offers_submit_and_withdraw_from_the_table(client):
    edition = make_edition(status=S.APPLICATION)
    draft = make_entry(edition=edition, status=N.DRAFT, results="")
    client.force_login(draft.applicant)
    page = client.get(reverse("awards:entry-edit", args=[draft.pk])).content.decode()
    # Submit is offered although the draft misses its results: the form fills them in before submitting.
    assert 'name="submit"' in page
    assert reverse("awards:entry-withdraw", args=[draft.pk]) in page
    page = client.get(reverse("awards:entry-new", args=[edition.year])).content.decode()
    assert 'name="submit"' in page


def test_the_judge_scores_and_declares_a_conflict_exactly_when_the_table_allows_it(client):
    edition = make_edition(status=S.JUDGING)
    judge = make_judge(edition=edition, country="KR")
    assignment = assign(judge, make_entry(edition=edition, country="VN"))
    client.force_login(judge.user)
    url = reverse("awards:judge-score", args=[assignment.pk])
    conflict = reverse("awards:judge-conflict", args=[assignment.pk])
    page = client.get(url).content.decode()
    assert 'name="submit"' in page and conflict in page
    assert "Declare the conflict" in client.get(conflict).content.decode()
    Edition.objects.filter(pk=edition.pk).update(judging_end=timezone.localdate() - dt.timedelta(days=1))
    page = client.get(url).content.decode()
    assert 'name="submit"' not in page and conflict not in page
    Assignment.objects.filter(pk=assignment.pk).update(status=Assignment.Status.SUBMITTED)
    page = client.get(conflict).content.decode()
    assert "Declare the conflict" not in page
    assert "A conflict can be declared only before submitting scores." in page


# --- The admin and the API read the tables -----------------------------------------------------------


def test_the_admin_refuses_each_edition_with_the_tables_message(client, staff_with_mfa):
    waiting = make_edition(status=S.ELIGIBILITY)
    make_entry(edition=waiting, status=N.SUBMITTED)
    ready = make_edition(status=S.ELIGIBILITY)
    client.force_login(staff_with_mfa)
    changelist = reverse("admin:awards_edition_changelist")
    response = client.post(changelist, {"action": "transition_open_judging",
                                        "_selected_action": [waiting.pk, ready.pk]}, follow=True)
    text = response.content.decode()
    assert "1 submitted entries still wait for the eligibility screening." in text
    assert "1 edition moved on." in text
    waiting.refresh_from_db()
    ready.refresh_from_db()
    assert waiting.status == S.ELIGIBILITY and ready.status == S.JUDGING
    page = client.get(reverse("admin:awards_edition_change", args=[waiting.pk])).content.decode()
    assert "What can be done now" in page and "still wait for the eligibility screening" in page


def test_the_admin_screens_only_what_the_table_allows(client, staff_with_mfa):
    edition = make_edition(status=S.ELIGIBILITY)
    draft = make_entry(edition=edition, status=N.DRAFT)
    submitted = make_entry(edition=edition, status=N.SUBMITTED)
    client.force_login(staff_with_mfa)
    response = client.post(reverse("admin:awards_entry_changelist"),
                           {"action": "mark_eligible", "_selected_action": [draft.pk, submitted.pk]}, follow=True)
    text = response.content.decode()
    assert "Only a submitted entry can be screened." in text and "1 entry is eligible." in text
    draft.refresh_from_db()
    submitted.refresh_from_db()
    assert draft.status == N.DRAFT and submitted.status == N.ELIGIBLE
    page = client.get(reverse("admin:awards_entry_change", args=[submitted.pk])).content.decode()
    assert "What can be done now" in page and "Record the eligibility decision" in page


def test_the_api_lists_the_phase_changes_the_user_may_make(api_client, secretariat):
    ready = make_edition(status=S.ELIGIBILITY)
    waiting = make_edition(status=S.ELIGIBILITY)
    make_entry(edition=waiting, status=N.SUBMITTED)
    rows = {row["year"]: row for row in api_client.get(EDITIONS_API).json()["results"]}
    assert rows[ready.year]["transitions"] == [] and rows[waiting.year]["transitions"] == []
    api_client.force_authenticate(secretariat)
    rows = {row["year"]: row for row in api_client.get(EDITIONS_API).json()["results"]}
    assert rows[ready.year]["transitions"] == ["open_judging"]
    assert rows[waiting.year]["transitions"] == []


def test_the_api_transitions_add_no_query_per_edition_for_the_public(api_client):
    make_edition(status=S.APPLICATION)
    with CaptureQueriesContext(connection) as few:
        assert api_client.get(EDITIONS_API).status_code == 200
    for _i in range(4):
        make_edition(status=S.ELIGIBILITY)
    with CaptureQueriesContext(connection) as many:
        assert api_client.get(EDITIONS_API).json()["count"] == 5
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_awards_workflows_are_registered_and_check():
    keys = {flow.key for flow in workflows}
    assert {"awards.edition", "awards.entry", "awards.assignment"} <= keys
    for flow in (EDITION, ENTRY, ASSIGNMENT):
        assert flow.validate() == []
    out = StringIO()
    call_command("workflows", "--check", "awards.edition", "awards.entry", "awards.assignment", stdout=out)
    text = out.getvalue()
    assert "awards.edition — Edition.status" in text and "who: the Secretariat" in text
    assert "awards.assignment — Assignment.status" in text
