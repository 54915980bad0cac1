"""Factories of the training app (import from this module: tests.factories.training)."""

import datetime as dt

import factory
from django.utils import timezone
from django.utils.text import slugify

from members.models import Affiliation
from training.models import Application, Program, Session

from .members import AffiliationFactory, MemberFactory, UserFactory


def days_from_today(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Training Program {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Program.Kind.SEOUL_PROGRAM
    summary = "Lectures, discussions and site visits."
    topic_notes = "Big Data\nInternet of Things"
    organiser = "WeGO Secretariat"
    eligibility = Program.Eligibility.MEMBERS_ONLY
    languages = "English"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_on = factory.LazyFunction(lambda: days_from_today(30))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(days=3))
    mode = Session.Mode.IN_PERSON
    venue = "Seoul Human Resource Development Center"
    city = "Seoul"
    country = "KR"
    capacity = 3
    language = "English"
    application_deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))
    status = Session.Status.PUBLISHED


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application of an official of a member (the affiliation is created)."""

    class Meta:
        model = Application

    session = factory.SubFactory(SessionFactory)
    member = factory.SubFactory(MemberFactory)
    applicant = factory.LazyAttribute(
        lambda o: AffiliationFactory(member=o.member, role=Affiliation.Role.OFFICIAL).user if o.member else UserFactory()
    )
    motivation = "To learn and share."
    prerequisites_confirmed = True
    status = Application.Status.SUBMITTED
