"""The last seat under concurrency, on PostgreSQL (skipped on SQLite): it is never given twice."""

import datetime as dt

import pytest
from django.utils import timezone

from members.models import Affiliation
from tests.factories import AffiliationFactory, MemberFactory, UserFactory
from tests.factories.training import ProgramFactory, SessionFactory
from tests.helpers import needs_postgres, run_in_threads
from training import services
from training.models import Application, Session

pytestmark = needs_postgres

S = Application.Status


@pytest.fixture
def world(transactional_db):
    member = MemberFactory(name="Seoul", country="KR")
    focal = AffiliationFactory(member=member, role=Affiliation.Role.FOCAL_POINT).user
    organiser = UserFactory(is_staff=True, is_superuser=True)
    session = SessionFactory(program=ProgramFactory(), capacity=1, nominations_per_member=None)

    def nominate(n, target=None):
        apps = []
        for _i in range(n):
            user = AffiliationFactory(member=member).user
            app = services.application_submit(session=target or session, applicant=user, member=member,
                                              data={"motivation": "m", "prerequisites_confirmed": True})
            apps.append(services.application_nominate(application=app, by=focal))
        return apps

    return {"member": member, "focal": focal, "organiser": organiser, "session": session, "nominate": nominate}


def holders(session):
    return Application.objects.filter(session=session, status__in=Application.SEAT_STATUSES).count()


@pytest.mark.postgres
def test_concurrent_acceptances_for_the_last_seat_give_it_once(world):
    apps = world["nominate"](6)
    _, errors = run_in_threads(lambda a: services.application_accept(application=a, by=world["organiser"]), [(a,) for a in apps])
    assert holders(world["session"]) == 1
    assert Session.objects.get(pk=world["session"].pk).seats_taken == 1
    assert len(errors) == 5
    assert all("No seat is left" in str(e) for e in errors)


@pytest.mark.postgres
def test_concurrent_allocations_fill_the_capacity_once(world):
    session = world["session"]
    Session.objects.filter(pk=session.pk).update(capacity=3)
    world["nominate"](8)
    _, errors = run_in_threads(lambda _i: services.session_allocate(session=session, by=world["organiser"]), [(1,), (2,), (3,)])
    assert holders(session) == 3
    assert Session.objects.get(pk=session.pk).seats_taken == 3
    assert Application.objects.filter(session=session, status=S.WAITLISTED).count() == 5
    positions = sorted(Application.objects.filter(session=session, status=S.WAITLISTED).values_list("waitlist_position", flat=True))
    assert positions == [1, 2, 3, 4, 5]


@pytest.mark.postgres
def test_a_freed_seat_is_either_offered_or_accepted_never_both(world):
    """One participant cancels (the seat is offered to the waiting list) while the organiser accepts
    another nominated applicant: only one of them gets the seat."""
    session = world["session"]
    accepted, waiting, late = world["nominate"](3)
    services.application_accept(application=accepted, by=world["organiser"])
    services.application_waitlist(application=waiting, by=world["organiser"])

    def cancel(_):
        return services.application_cancel(application=accepted, by=accepted.applicant)

    def accept(_):
        return services.application_accept(application=late, by=world["organiser"])

    _, errors = run_in_threads(lambda f: f(None), [(cancel,), (accept,)])
    assert holders(session) == 1
    assert Session.objects.get(pk=session.pk).seats_taken == 1
    statuses = {Application.objects.get(pk=a.pk).status for a in (waiting, late)}
    assert statuses in ({S.OFFERED, S.NOMINATED}, {S.WAITLISTED, S.ACCEPTED})
    assert all("No seat is left" in str(e) for e in errors)


@pytest.mark.postgres
def test_concurrent_offer_lapses_offer_the_next_seat_once(world):
    session = world["session"]
    accepted, first, second, third = world["nominate"](4)
    services.application_accept(application=accepted, by=world["organiser"])
    for app in (first, second, third):
        services.application_waitlist(application=app, by=world["organiser"])
    services.application_cancel(application=accepted, by=accepted.applicant)
    Application.objects.filter(pk=first.pk).update(offer_expires_at=timezone.now() - dt.timedelta(minutes=1))
    results, errors = run_in_threads(lambda _i: services.offers_expire(), [(1,), (2,), (3,), (4,)])
    assert errors == []
    assert sum(results) == 1
    assert [Application.objects.get(pk=a.pk).status for a in (first, second, third)] == [S.OFFER_LAPSED, S.OFFERED, S.WAITLISTED]
    assert holders(session) == 1


@pytest.mark.postgres
def test_concurrent_applications_of_one_person_make_one_application(world):
    session = world["session"]
    user = AffiliationFactory(member=world["member"]).user
    _, errors = run_in_threads(
        lambda _i: services.application_submit(session=session, applicant=user, member=world["member"],
                                               data={"motivation": "m", "prerequisites_confirmed": True}),
        [(1,), (2,), (3,)],
    )
    assert Application.objects.filter(session=session, applicant=user).count() == 1
    assert len(errors) == 2
    assert all("already applied" in str(e) for e in errors)


@pytest.mark.postgres
def test_concurrent_nominations_respect_the_quota(world):
    session = SessionFactory(program=ProgramFactory(), capacity=10, nominations_per_member=2)
    apps = []
    for _i in range(5):
        user = AffiliationFactory(member=world["member"]).user
        apps.append(services.application_submit(session=session, applicant=user, member=world["member"],
                                                 data={"motivation": "m", "prerequisites_confirmed": True}))
    _, errors = run_in_threads(lambda a: services.application_nominate(application=a, by=world["focal"]), [(a,) for a in apps])
    assert Application.objects.filter(session=session, status=S.NOMINATED).count() == 2
    assert sorted(Application.objects.filter(session=session, status=S.NOMINATED).values_list("nomination_rank", flat=True)) == [1, 2]
    assert len(errors) == 3
