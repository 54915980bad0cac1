"""Nobody waits while a seat is free (issue 12, point 4), over random sequences of the real services.

A hypothesis state machine drives a session of small capacity through the services the portal calls
(apply, nominate, allocate, accept, waitlist, decline, cancel, answer an offer, let it lapse, change the
capacity, take the session back to draft and publish it again), by person or by picking among the
applications in a state (a seat holder, an open offer, someone waiting), and checks after every step:

- the seat counter agrees with the applications holding a seat (accepted + open offers), and never
  passes the capacity;
- while the session is open, a free seat (accepted + open offers < capacity) means nobody waits: every
  free seat has been offered to the head of the waiting list;
- nobody is offered a seat twice;
- the waiting list keeps its order: offers go to those ahead first, newcomers join at the end.

Deterministic (derandomize) and bounded, so that it runs in seconds on SQLite.
"""

import datetime as dt
from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from tests.factories.training import SessionFactory
from training import services
from training.models import Application, Session
from wego.models import AuditEntry

S = Application.Status
POOL = 7  # applicants who may apply to the session
PEOPLE = st.integers(min_value=0, max_value=POOL - 1)
REFUSALS = (ValidationError, PermissionDenied)

MACHINE_SETTINGS = settings(
    max_examples=50,
    stateful_step_count=30,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


class SeatMachine(RuleBasedStateMachine):
    """One session per example; each example runs in a savepoint that is rolled back at teardown."""

    context: dict = {}

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.session = None
        self.waiting_before: list[int] = []
        self.offered_at: dict[int, dt.datetime] = {}
        self._offered_before: set[int] = set()
        self.refusals = 0

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # --- Set-up and helpers ---------------------------------------------------------------------------

    @initialize(capacity=st.integers(min_value=1, max_value=3), nominated=st.integers(min_value=0, max_value=POOL),
                allocate=st.booleans())
    def open_session(self, capacity, nominated, allocate):
        """A session of small capacity, with some applicants already nominated (and allocated, so that
        sequences start as often from a full session with a waiting list as from an empty one)."""
        self.session = SessionFactory(program=self.context["program"], capacity=capacity)
        for who in range(nominated):
            self.apply_and_nominate(who)
        if allocate:
            self.allocate()

    @property
    def organiser(self):
        return self.context["secretariat"]

    def application_of(self, who: int) -> Application | None:
        return Application.objects.filter(session=self.session, applicant=self.context["people"][who]).first()

    def attempt(self, call, **kwargs):
        try:
            call(**kwargs)
        except REFUSALS:
            self.refusals += 1  # a refusal is a legal answer; the invariants judge the state it leaves

    # --- Rules: the services ------------------------------------------------------------------------

    @rule(who=PEOPLE)
    def apply(self, who):
        self.attempt(
            services.application_submit, session=self.session, applicant=self.context["people"][who],
            member=self.context["member"], data={"motivation": "To learn.", "prerequisites_confirmed": True},
        )

    @rule(who=PEOPLE)
    def nominate(self, who):
        if app := self.application_of(who):
            self.attempt(services.application_nominate, application=app, by=self.context["focal_point"])

    @rule(who=PEOPLE)
    def apply_and_nominate(self, who):
        self.apply(who)
        self.nominate(who)

    @rule()
    def allocate(self):
        self.attempt(services.session_allocate, session=self.session, by=self.organiser)

    @rule(who=PEOPLE)
    def accept(self, who):
        if app := self.application_of(who):
            self.attempt(services.application_accept, application=app, by=self.organiser)

    @rule(who=PEOPLE)
    def waitlist(self, who):
        if app := self.application_of(who):
            self.attempt(services.application_waitlist, application=app, by=self.organiser)

    @rule(who=PEOPLE)
    def decline(self, who):
        if app := self.application_of(who):
            self.attempt(services.application_decline, application=app, by=self.organiser, reason="No.")

    @rule(who=PEOPLE)
    def cancel(self, who):
        if app := self.application_of(who):
            self.attempt(services.application_cancel, application=app, by=app.applicant, reason="Cannot come.")

    @rule(who=PEOPLE)
    def take_offer(self, who):
        if app := self.application_of(who):
            self.attempt(services.offer_accept, application=app, by=app.applicant)

    @rule(who=PEOPLE)
    def turn_offer_down(self, who):
        if app := self.application_of(who):
            self.attempt(services.offer_decline, application=app, by=app.applicant)

    @rule(who=PEOPLE)
    def let_offer_lapse(self, who):
        app = self.application_of(who)
        if app and app.offer_expires_at:
            services.offer_lapse(application_id=app.pk, now=app.offer_expires_at + dt.timedelta(seconds=1))

    # Rules that pick among the applications in a given state (not by person), so that freed seats and
    # answered offers are frequent while people wait.

    def nth_in(self, statuses, nth: int) -> Application | None:
        apps = list(Application.objects.filter(session=self.session, status__in=statuses).order_by("pk"))
        return apps[nth % len(apps)] if apps else None

    @rule(nth=st.integers(min_value=0, max_value=3), how=st.sampled_from(["cancel", "decline", "turn_down", "lapse"]))
    def free_a_seat(self, nth, how):
        app = self.nth_in(Application.SEAT_STATUSES, nth)
        if app is None:
            return
        if app.status == S.OFFERED and how == "turn_down":
            self.attempt(services.offer_decline, application=app, by=app.applicant)
        elif app.status == S.OFFERED and how == "lapse":
            services.offer_lapse(application_id=app.pk, now=app.offer_expires_at + dt.timedelta(seconds=1))
        elif how == "decline":
            self.attempt(services.application_decline, application=app, by=self.organiser, reason="No.")
        else:
            self.attempt(services.application_cancel, application=app, by=app.applicant, reason="Cannot come.")

    @rule(nth=st.integers(min_value=0, max_value=3))
    def take_an_open_offer(self, nth):
        if app := self.nth_in([S.OFFERED], nth):
            self.attempt(services.offer_accept, application=app, by=app.applicant)

    @rule(nth=st.integers(min_value=0, max_value=3))
    def someone_waiting_leaves(self, nth):
        if app := self.nth_in([S.WAITLISTED], nth):
            self.attempt(services.application_cancel, application=app, by=app.applicant, reason="Found another.")

    @rule()
    def every_open_offer_lapses(self):
        services.offers_expire(now=timezone.now() + dt.timedelta(days=365))

    @rule(capacity=st.integers(min_value=1, max_value=4))
    def change_capacity(self, capacity):
        session = Session.objects.get(pk=self.session.pk)
        session.capacity = capacity
        self.attempt(services.session_save, session=session, by=self.organiser)

    @rule()
    def back_to_draft(self):
        session = Session.objects.get(pk=self.session.pk)
        session.status = Session.Status.DRAFT
        self.attempt(services.session_save, session=session, by=self.organiser)

    @rule()
    def publish(self):
        self.attempt(services.session_publish, session=Session.objects.get(pk=self.session.pk), by=self.organiser)

    # --- Invariants ---------------------------------------------------------------------------------

    @invariant()
    def seats_waiting_list_and_offers_agree(self):
        if self.session is None:
            return
        session = Session.objects.get(pk=self.session.pk)
        apps = list(Application.objects.filter(session=session).order_by("pk"))
        status = Counter(a.status for a in apps)
        holding = status[S.ACCEPTED] + status[S.OFFERED]
        waiting = [a.pk for a in sorted((a for a in apps if a.status == S.WAITLISTED), key=lambda a: a.waitlist_position)]

        # The seat counter is the number of seats held, within the capacity.
        assert session.seats_taken == holding, (session.seats_taken, status)
        assert holding <= session.capacity

        # Nobody waits while a seat is free (in a session open for it).
        if session.status == Session.Status.PUBLISHED and not session.has_ended() and holding < session.capacity:
            assert waiting == [], f"{session.capacity - holding} seat(s) free while {len(waiting)} wait: {status}"

        # Nobody is offered a seat twice: one offer in the audit log, an offer time that never changes.
        offers = Counter(
            AuditEntry.objects.filter(
                action="training.application.offered",
                target_type=ContentType.objects.get_for_model(Application),
                target_id__in=[str(a.pk) for a in apps],
            ).values_list("target_id", flat=True)
        )
        assert all(n == 1 for n in offers.values()), offers
        for app in apps:
            if app.offered_at is not None:
                assert self.offered_at.setdefault(app.pk, app.offered_at) == app.offered_at, "offered twice"

        # The waiting list keeps its order.
        newly_offered = {a.pk for a in apps if a.status == S.OFFERED and a.pk not in self._offered_before}
        before = self.waiting_before
        for pk in newly_offered & set(before):
            ahead = before[: before.index(pk)]
            still_waiting = [p for p in ahead if p in waiting]
            assert not still_waiting, f"{pk} was offered a seat before {still_waiting}, who were ahead of it"
        stayed = [pk for pk in waiting if pk in before]
        assert stayed == [pk for pk in before if pk in stayed], "the waiting list changed its order"
        assert waiting[: len(stayed)] == stayed, "a newcomer was put ahead of those already waiting"

        self.waiting_before = waiting
        self._offered_before = {a.pk for a in apps if a.offered_at is not None}


@pytest.mark.django_db
def test_nobody_waits_while_a_seat_is_free(program, member, focal_point, secretariat, official_of):
    SeatMachine.context = {
        "program": program,
        "member": member,
        "focal_point": focal_point,
        "secretariat": secretariat,
        "people": [official_of(member) for _i in range(POOL)],
    }
    run_state_machine_as_test(SeatMachine, settings=MACHINE_SETTINGS)


# --- The cases the machine found, pinned ------------------------------------------------------------


def test_waitlisting_with_a_seat_free_offers_it_at_once(session, secretariat, nominated):
    app = nominated(1)[0]
    services.application_waitlist(application=app, by=secretariat)
    app.refresh_from_db()
    assert app.status == S.OFFERED
    assert app.waitlist_position is None and app.offer_expires_at is not None
    assert Session.objects.get(pk=session.pk).seats_taken == 1


def test_waitlisting_a_full_session_keeps_the_applicant_waiting(session, secretariat, nominated):
    first, second, third = nominated(3)
    services.application_accept(application=first, by=secretariat)
    services.application_accept(application=second, by=secretariat)
    services.application_waitlist(application=third, by=secretariat)
    third.refresh_from_db()
    assert (third.status, third.waitlist_position) == (S.WAITLISTED, 1)


def test_publishing_again_offers_the_seats_freed_while_in_draft(session, secretariat, nominated):
    apps = nominated(3)
    services.session_allocate(session=session, by=secretariat)  # two accepted, one waiting
    draft = Session.objects.get(pk=session.pk)
    draft.status = Session.Status.DRAFT
    services.session_save(session=draft, by=secretariat)
    services.application_cancel(application=apps[0], by=apps[0].applicant)
    assert Application.objects.get(pk=apps[2].pk).status == S.WAITLISTED  # a draft session offers nothing
    services.session_publish(session=Session.objects.get(pk=session.pk), by=secretariat)
    assert Application.objects.get(pk=apps[2].pk).status == S.OFFERED


def test_the_console_says_the_seat_is_offered_when_waitlisting_with_a_seat_free(session, staff_with_mfa, nominated, client):
    app = nominated(1)[0]
    client.force_login(staff_with_mfa)
    response = client.post(
        reverse("training_staff:application-decide", args=[session.pk, app.pk]), {"waitlist": "1"}, follow=True
    )
    body = response.content.decode()
    assert Application.objects.get(pk=app.pk).status == S.OFFERED
    assert "A seat is free, so it is offered to" in body
    assert "number None" not in body
