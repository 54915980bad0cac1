"""Factories and builders for governance tests: assemblies, voters with delegates, elections run through the services."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from governance import services
from governance.models import Election, GeneralAssembly, Meeting
from members.models import Affiliation, Member

from .members import AffiliationFactory, MemberFactory, UserFactory


class GeneralAssemblyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GeneralAssembly
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: 10 + n)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    place = "Seoul"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(days=2) if o.starts_on else None)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = Meeting.Body.EXECUTIVE_COMMITTEE
    title = factory.Sequence(lambda n: f"Executive Committee meeting {n}")
    date = factory.LazyFunction(timezone.localdate)
    place = "Seoul"


def voter(name: str | None = None, *, country: str = "KR", **member_fields) -> tuple[Member, object]:
    """A Full active member with a delegate; returns (member, delegate user)."""
    fields = {"country": country, **member_fields}
    if name:
        fields["name"] = name
    member = MemberFactory(**fields)
    delegate = AffiliationFactory(member=member, role=Affiliation.Role.DELEGATE).user
    return member, delegate


def voters(count: int, *, prefix: str = "Voter City", countries: tuple[str, ...] = ("KR",)) -> list[tuple[Member, object]]:
    """`count` Full members with one delegate each, created in bulk (fast enough for 100)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    from members.models import User

    start = Member.objects.count()
    members = Member.objects.bulk_create([
        Member(name=f"{prefix} {start + i:03d}", slug=f"{prefix.lower().replace(' ', '-')}-{start + i:03d}",
               country=countries[i % len(countries)], region="", category=Member.Category.FULL,
               status=Member.Status.ACTIVE)
        for i in range(count)
    ])
    members = list(Member.objects.filter(name__startswith=prefix).order_by("name"))[-count:]
    password = make_password("correct-horse-battery-9")
    users = User.objects.bulk_create([
        User(email=f"delegate.{m.slug}@example.org", name=f"Delegate of {m.name}", password=password) for m in members
    ])
    users = list(User.objects.filter(email__in=[u.email for u in users]).order_by("email"))
    by_email = {u.email: u for u in users}
    Affiliation.objects.bulk_create([
        Affiliation(member=m, user=by_email[f"delegate.{m.slug}@example.org"], role=Affiliation.Role.DELEGATE) for m in members
    ])
    EmailAddress.objects.bulk_create([EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users])
    return [(m, by_email[f"delegate.{m.slug}@example.org"]) for m in members]


def staff_user():
    """A Secretariat user (staff in the secretariat group)."""
    from django.contrib.auth.models import Group

    from members.services import SECRETARIAT_GROUP, roles_sync

    roles_sync()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    return user


def window(hours: int = 2):
    now = timezone.now()
    return now - dt.timedelta(minutes=5), now + dt.timedelta(hours=hours)


def file_candidates(election: Election, members: list[Member], *, by) -> list:
    return [
        services.candidacy_file(election=election, member=m, by=by, statement=f"{m.name} will serve WeGO.")
        for m in members
    ]


def election_in_voting(
    *, kind: str = Election.Kind.EXECUTIVE_COMMITTEE, candidates: list[Member], by, seats: int = 1,
    secrecy: str = Election.Secrecy.SECRET, tie_rule: str = Election.TieRule.RUNOFF, general_assembly=None,
    title: str = "Election", **fields,
) -> Election:
    """An election with its candidates filed, roll frozen and voting open (window around now)."""
    opens, closes = window()
    if kind == Election.Kind.PRESIDENT and general_assembly is None:
        general_assembly = GeneralAssemblyFactory()
    election = services.election_create(
        title=title, kind=kind, by=by, seats=seats, secrecy=secrecy, tie_rule=tie_rule,
        general_assembly=general_assembly, voting_opens_at=opens, voting_closes_at=closes, **fields,
    )
    services.election_open_nominations(election=election, by=by)
    file_candidates(election, candidates, by=by)
    services.election_freeze_roll(election=election, by=by)
    services.election_open_voting(election=election, by=by)
    election.refresh_from_db()
    return election


def motion_in_voting(*, by, threshold: str = "simple", secrecy: str = Election.Secrecy.OPEN, **kwargs):
    opens, closes = window()
    motion = services.motion_create(
        title=kwargs.pop("title", "Motion"), text=kwargs.pop("text", "The General Assembly approves the budget."),
        by=by, threshold=threshold, secrecy=secrecy, voting_opens_at=opens, voting_closes_at=closes, **kwargs,
    )
    election = motion.election
    services.election_freeze_roll(election=election, by=by)
    services.election_open_voting(election=election, by=by)
    election.refresh_from_db()
    return election


def close_and_tally(election: Election, *, by) -> Election:
    services.election_close_voting(election=election, by=by, reason="test: the chair closed the vote")
    services.election_tally(election=election, by=by)
    election.refresh_from_db()
    return election
