"""Capacity, the waiting list, offers and their deadlines."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories import RegionalOfficeFactory, UserFactory
from tests.factories.training import ProgramFactory, SessionFactory
from training import services
from training.models import Application, Session
from training.tasks import expire_offers_task

S = Application.Status


def status_of(app):
    return Application.objects.get(pk=app.pk).status


def seats_taken(session):
    return Session.objects.get(pk=session.pk).seats_taken


def test_the_organiser_accepts_up_to_capacity_and_not_one_more(session, secretariat, nominated):
    apps = nominated(3)
    services.application_accept(application=apps[0], by=secretariat)
    services.application_accept(application=apps[1], by=secretariat)
    with pytest.raises(ValidationError, match="No seat is left"):
        services.application_accept(application=apps[2], by=secretariat)
    assert seats_taken(session) == 2
    assert status_of(apps[2]) == S.NOMINATED


def test_allocation_accepts_first_choices_first_and_waitlists_the_rest_in_order(session, member, hanoi, secretariat, nominated, official_of, apply_as):
    seoul = nominated(2)  # ranks 1, 2
    hanoi_focal = official_of(hanoi, "focal_point")
    hanoi_app = services.application_nominate(application=apply_as(official_of(hanoi), session, hanoi), by=hanoi_focal)  # rank 1
    result = services.session_allocate(session=session, by=secretariat)
    assert result == {"accepted": 2, "waitlisted": 1}
    assert status_of(seoul[0]) == S.ACCEPTED
    assert status_of(hanoi_app) == S.ACCEPTED  # every city's first choice before any second choice
    assert status_of(seoul[1]) == S.WAITLISTED
    assert Application.objects.get(pk=seoul[1].pk).waitlist_position == 1


@pytest.fixture
def full_session(session, secretariat, nominated):
    """Two accepted, three on the waiting list (positions 1, 2, 3)."""
    apps = nominated(5)
    services.session_allocate(session=session, by=secretariat)
    return [Application.objects.get(pk=a.pk) for a in apps]


def test_a_cancellation_offers_the_seat_to_the_first_on_the_waiting_list(session, full_session, mailoutbox, django_capture_on_commit_callbacks):
    accepted, first, second = full_session[0], full_session[2], full_session[3]
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_cancel(application=accepted, by=accepted.applicant, reason="Cannot travel")
    first.refresh_from_db()
    assert first.status == S.OFFERED
    assert first.waitlist_position is None
    assert before + dt.timedelta(hours=48) <= first.offer_expires_at <= timezone.now() + dt.timedelta(hours=48)
    assert status_of(second) == S.WAITLISTED
    assert seats_taken(session) == 2  # the offer holds the seat
    assert any(first.applicant.email in m.to and "is offered to you" in m.subject for m in mailoutbox)


def test_the_offer_deadline_follows_the_session_then_the_setting(session, full_session, settings):
    settings.TRAINING_OFFER_HOURS = 24
    services.application_cancel(application=full_session[0], by=full_session[0].applicant)
    offered = Application.objects.get(pk=full_session[2].pk)
    assert offered.offer_expires_at - offered.offered_at == dt.timedelta(hours=24)
    Session.objects.filter(pk=session.pk).update(offer_hours=6)
    services.application_cancel(application=full_session[1], by=full_session[1].applicant)
    offered = Application.objects.get(pk=full_session[3].pk)
    assert offered.offer_expires_at - offered.offered_at == dt.timedelta(hours=6)


def test_an_offer_must_be_answered_before_the_session_begins(session, full_session):
    first_day = timezone.localdate() + dt.timedelta(days=2)  # its first morning is 24 to 48 hours away
    Session.objects.filter(pk=session.pk).update(starts_on=first_day, ends_on=first_day)
    services.application_cancel(application=full_session[0], by=full_session[0].applicant)
    offered = Application.objects.get(pk=full_session[2].pk)
    assert offered.offer_expires_at == timezone.make_aware(dt.datetime.combine(first_day, dt.time(0, 0)))


def test_accepting_an_offer_confirms_the_seat(session, full_session):
    services.application_cancel(application=full_session[0], by=full_session[0].applicant)
    offered = Application.objects.get(pk=full_session[2].pk)
    services.offer_accept(application=offered, by=offered.applicant)
    assert status_of(offered) == S.ACCEPTED
    assert seats_taken(session) == 2


def test_only_the_applicant_answers_an_offer(session, full_session):
    services.application_cancel(application=full_session[0], by=full_session[0].applicant)
    offered = Application.objects.get(pk=full_session[2].pk)
    with pytest.raises(PermissionDenied):
        services.offer_accept(application=offered, by=full_session[3].applicant)


def test_declining_an_offer_passes_it_to_the_next(session, full_session):
    services.application_cancel(application=full_session[0], by=full_session[0].applicant)
    offered = Application.objects.get(pk=full_session[2].pk)
    services.offer_decline(application=offered, by=offered.applicant)
    assert status_of(offered) == S.OFFER_DECLINED
    assert status_of(full_session[3]) == S.OFFERED
    assert seats_taken(session) == 2


def test_a_lapsed_offer_goes_to_the_next_and_the_task_is_idempotent(session, full_session, mailoutbox, django_capture_on_commit_callbacks):
    services.application_cancel(application=full_session[0], by=full_session[0].applicant)
    offered = Application.objects.get(pk=full_session[2].pk)
    assert expire_offers_task.delay().get() == 0  # still open: nothing lapses
    # The deadline passes without an answer: the offer can no longer be taken ...
    Application.objects.filter(pk=offered.pk).update(offer_expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(ValidationError, match="lapsed"):
        services.offer_accept(application=offered, by=offered.applicant)
    # ... and the beat task lapses it and offers the seat to the next.
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_offers_task.delay().get() == 1
    assert status_of(offered) == S.OFFER_LAPSED
    nxt = Application.objects.get(pk=full_session[3].pk)
    assert nxt.status == S.OFFERED
    assert status_of(full_session[4]) == S.WAITLISTED
    assert seats_taken(session) == 2
    assert any(offered.applicant.email in m.to and "has lapsed" in m.subject for m in mailoutbox)
    # Running again changes nothing: the lapsed offer stays lapsed, the new one is still open.
    assert expire_offers_task.delay().get() == 0
    assert services.offer_lapse(application_id=offered.pk) is False
    assert status_of(nxt) == S.OFFERED
    assert seats_taken(session) == 2


def test_a_lapse_with_nobody_waiting_frees_the_seat(session, secretariat, nominated):
    apps = nominated(3)
    services.session_allocate(session=session, by=secretariat)
    services.application_cancel(application=apps[0], by=apps[0].applicant)
    offered = Application.objects.get(pk=apps[2].pk)
    assert offered.status == S.OFFERED
    services.offers_expire(now=offered.offer_expires_at + dt.timedelta(minutes=1))
    assert status_of(offered) == S.OFFER_LAPSED
    assert seats_taken(session) == 1


def test_declining_an_accepted_participant_frees_the_seat_for_the_waiting_list(session, full_session, secretariat):
    services.application_decline(application=full_session[1], by=secretariat, reason="Not a developer")
    assert status_of(full_session[1]) == S.DECLINED
    assert status_of(full_session[2]) == S.OFFERED


def test_a_larger_capacity_offers_the_new_seats(session, full_session, secretariat):
    session = Session.objects.get(pk=session.pk)
    session.capacity = 4
    services.session_save(session=session, by=secretariat)
    assert [status_of(a) for a in full_session[2:]] == [S.OFFERED, S.OFFERED, S.WAITLISTED]
    assert seats_taken(session) == 4


def test_the_capacity_cannot_drop_below_the_seats_taken(session, full_session, secretariat):
    session = Session.objects.get(pk=session.pk)
    session.capacity = 1
    with pytest.raises(ValidationError, match="2 seats are already taken"):
        services.session_save(session=session, by=secretariat)


def test_the_database_refuses_more_seats_than_the_capacity(session):
    Session.objects.filter(pk=session.pk).update(seats_taken=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(seats_taken=3)


def test_waiting_list_positions_are_unique_in_the_database(session, full_session):
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=full_session[3].pk).update(waitlist_position=1)


def test_an_offer_must_have_a_deadline_in_the_database(session, full_session):
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=full_session[2].pk).update(status=S.OFFERED, waitlist_position=None)


def test_a_cancelled_session_closes_every_application(session, full_session, secretariat):
    services.session_cancel(session=session, by=secretariat, reason="Typhoon")
    assert set(Application.objects.values_list("status", flat=True)) == {S.CANCELLED}
    assert seats_taken(session) == 0


def test_regional_office_staff_organise_only_their_office_programs(db, nominated, member):
    chengdu = RegionalOfficeFactory(name="Asia Regional Office")
    ulyanovsk = RegionalOfficeFactory(name="Europe Regional Office", host="Ulyanovsk", regions=["europe"])
    aro_session = SessionFactory(program=ProgramFactory(regional_office=chengdu), capacity=5)
    aro_staff = UserFactory(is_staff=True, regional_office=chengdu)
    ero_staff = UserFactory(is_staff=True, regional_office=ulyanovsk)
    app = nominated(1, target_session=aro_session)[0]
    with pytest.raises(PermissionDenied):
        services.application_accept(application=app, by=ero_staff)
    assert services.application_accept(application=app, by=aro_staff).status == S.ACCEPTED
