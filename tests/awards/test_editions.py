"""Editions: defaults, the phase state machine (by action and by date), the fixed ranking method."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from awards import services
from awards.models import Category, Criterion, Edition, Entry
from tests.factories.awards import make_edition, make_entry, make_finalists, phase_dates
from wego.models import AuditEntry

pytestmark = pytest.mark.django_db
S = Edition.Status


def test_new_edition_has_the_five_default_categories_and_criteria(secretariat):
    edition = services.edition_create(year=2031, by=secretariat, **phase_dates(phase="draft"))
    assert edition.status == S.DRAFT
    assert list(edition.categories.values_list("name", flat=True)) == [
        "Services", "Efficiency", "Open City", "Urban Management", "Digital Divide"
    ]
    assert edition.criteria.count() == 5
    assert edition.ranking_method == "normalised"
    assert AuditEntry.objects.filter(action="awards.edition.created").exists()


def test_same_year_twice_is_refused(secretariat):
    services.edition_create(year=2031, by=secretariat, **phase_dates(phase="draft"))
    with pytest.raises(ValidationError, match="already an edition in 2031"):
        services.edition_create(year=2031, by=secretariat, **phase_dates(phase="draft"))


def test_phase_dates_out_of_order_are_refused_by_the_database():
    edition = make_edition(status=S.DRAFT)
    with pytest.raises(IntegrityError):
        Edition.objects.filter(pk=edition.pk).update(voting_start=edition.judging_start)


def test_categories_and_criteria_are_editable_before_judging_then_fixed(secretariat):
    edition = make_edition(status=S.APPLICATION)
    services.category_add(edition=edition, code="smart-health", name="Smart Health", by=secretariat)
    criterion = services.criterion_add(edition=edition, name="Privacy", by=secretariat)
    services.criterion_remove(criterion=criterion, by=secretariat)
    assert edition.categories.count() == 6
    Edition.objects.filter(pk=edition.pk).update(status=S.JUDGING)
    with pytest.raises(ValidationError, match="judging has opened"):
        services.criterion_add(edition=edition, name="Privacy", by=secretariat)
    with pytest.raises(ValidationError, match="judging has opened"):
        services.category_add(edition=edition, code="x", name="X", by=secretariat)


def test_category_with_entries_cannot_be_removed(secretariat):
    edition = make_edition(status=S.APPLICATION)
    category = edition.categories.get(code="services")
    make_entry(edition=edition, category=category, status=Entry.Status.SUBMITTED)
    with pytest.raises(ValidationError, match="has entries"):
        services.category_remove(category=category, by=secretariat)
    assert Category.objects.filter(pk=category.pk).exists()
    assert Criterion.objects.filter(edition=edition).count() == 5


def test_the_full_state_machine_by_secretariat_action(secretariat):
    edition = make_edition(status=S.DRAFT)
    today = timezone.localdate()
    services.edition_transition(edition=edition, transition="open_applications", by=secretariat)
    services.edition_transition(edition=edition, transition="close_applications", by=secretariat)
    services.edition_transition(edition=edition, transition="open_judging", by=secretariat)
    edition.refresh_from_db()
    assert edition.ranking_method_fixed_at is not None
    services.edition_transition(edition=edition, transition="close_judging", by=secretariat)
    services.edition_transition(edition=edition, transition="open_voting", by=secretariat)
    services.edition_transition(edition=edition, transition="close_voting", by=secretariat)
    with pytest.raises(ValidationError, match="Decide the winners"):
        services.edition_transition(edition=edition, transition="announce", by=secretariat)
    Edition.objects.filter(pk=edition.pk).update(winners_decided_at=timezone.now())
    with pytest.raises(ValidationError, match="announcement date"):
        services.edition_transition(edition=edition, transition="announce", by=secretariat, today=today)
    edition.refresh_from_db()
    services.edition_transition(edition=edition, transition="announce", by=secretariat, today=edition.announcement_on)
    edition.refresh_from_db()
    assert edition.status == S.ANNOUNCED and edition.results_published_at
    actions = list(AuditEntry.objects.filter(action__startswith="awards.edition.").values_list("action", flat=True))
    assert "awards.edition.open_judging" in actions and "awards.edition.announce" in actions


def test_an_illegal_transition_says_why(secretariat):
    edition = make_edition(status=S.APPLICATION)
    with pytest.raises(ValidationError, match="“Open public voting” is not possible now"):
        services.edition_transition(edition=edition, transition="open_voting", by=secretariat)
    with pytest.raises(ValidationError, match="Unknown phase change"):
        services.edition_transition(edition=edition, transition="reopen", by=secretariat)


def test_judging_does_not_open_while_entries_wait_for_screening(secretariat):
    edition = make_edition(status=S.ELIGIBILITY)
    make_entry(edition=edition, status=Entry.Status.SUBMITTED)
    with pytest.raises(ValidationError, match="1 submitted entries still wait"):
        services.edition_transition(edition=edition, transition="open_judging", by=secretariat)


def test_voting_does_not_open_before_every_shortlist_is_published(secretariat):
    edition = make_edition(status=S.SHORTLIST)
    make_entry(edition=edition, category=edition.categories.get(code="efficiency"))
    make_finalists(edition=edition, category=edition.categories.get(code="services"))
    with pytest.raises(ValidationError, match="Efficiency"):
        services.edition_transition(edition=edition, transition="open_voting", by=secretariat)


def test_ranking_method_is_fixed_once_judging_opens(secretariat):
    edition = make_edition(status=S.ELIGIBILITY)
    services.edition_set_ranking_method(edition=edition, method="raw_mean", by=secretariat)
    services.edition_transition(edition=edition, transition="open_judging", by=secretariat)
    with pytest.raises(ValidationError, match="fixed when judging opened"):
        services.edition_set_ranking_method(edition=edition, method="normalised", by=secretariat)
    edition.refresh_from_db()
    assert edition.ranking_method == "raw_mean"


def test_phases_advance_by_date(secretariat):
    edition = make_edition(status=S.DRAFT)
    d = edition.application_start
    assert services.edition_advance_by_date(edition=edition, today=d - dt.timedelta(days=1)) == ([], "")
    assert services.edition_advance_by_date(edition=edition, today=d)[0] == ["open_applications"]
    # The day after applications close, screening starts; when judging should start, it opens.
    taken, blocked = services.edition_advance_by_date(edition=edition, today=edition.judging_start)
    assert taken == ["close_applications", "open_judging"] and blocked == ""
    # After judging ends: shortlisting; voting waits for the shortlists (none needed: no eligible entries).
    taken, _blocked = services.edition_advance_by_date(edition=edition, today=edition.voting_end + dt.timedelta(days=1))
    assert taken == ["close_judging", "open_voting", "close_voting"]
    # Announcement waits for the winners: blocked with the reason.
    taken, blocked = services.edition_advance_by_date(edition=edition, today=edition.announcement_on)
    assert taken == [] and "Decide the winners" in blocked
    entry = AuditEntry.objects.filter(action="awards.edition.open_applications").get()
    assert entry.actor is None and entry.data["by_date"] is True


def test_advance_by_date_stops_at_unscreened_entries():
    edition = make_edition(status=S.ELIGIBILITY)
    make_entry(edition=edition, status=Entry.Status.SUBMITTED)
    taken, blocked = services.edition_advance_by_date(edition=edition, today=edition.judging_start)
    assert taken == [] and "wait for the eligibility screening" in blocked


def test_closing_date_is_a_hard_stop_even_before_the_task_runs():
    edition = make_edition(status=S.APPLICATION)
    assert edition.accepts_applications
    Edition.objects.filter(pk=edition.pk).update(
        application_end=timezone.localdate() - dt.timedelta(days=1),
        application_start=timezone.localdate() - dt.timedelta(days=20),
    )
    edition.refresh_from_db()
    assert not edition.accepts_applications


def test_vote_tie_rule_is_fixed_once_voting_opens(secretariat):
    edition = make_edition(status=S.VOTING)
    with pytest.raises(ValidationError, match="fixed once public voting opens"):
        services.edition_update(edition=edition, by=secretariat, data={"vote_tie_rule": "submission"})
    services.edition_update(edition=edition, by=secretariat, data={"general_assembly": "5th General Assembly"})


def test_the_daily_task_advances_editions_by_date(django_capture_on_commit_callbacks):
    from awards.tasks import editions_advance_task

    due = make_edition(status=S.DRAFT)  # applications started… five days from now: nothing yet
    Edition.objects.filter(pk=due.pk).update(application_start=timezone.localdate())
    waiting = make_edition(status=S.ELIGIBILITY, judging_start=timezone.localdate() - dt.timedelta(days=1),
                           eligibility_end=timezone.localdate() - dt.timedelta(days=2),
                           application_end=timezone.localdate() - dt.timedelta(days=3),
                           application_start=timezone.localdate() - dt.timedelta(days=30))
    make_entry(edition=waiting, status=Entry.Status.SUBMITTED)
    assert editions_advance_task.delay().get() == 2
    due.refresh_from_db()
    waiting.refresh_from_db()
    assert due.status == S.APPLICATION
    assert waiting.status == S.ELIGIBILITY  # blocked by the unscreened entry, and logged
