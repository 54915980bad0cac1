"""Factories of the feasibility app (import from this module)."""

import datetime as dt

import factory
from django.utils import timezone

from feasibility.models import Call, LetterOfIntent, Review, Reviewer, Theme, ThemeSurvey
from tests.factories.members import MemberFactory, UserFactory
from tests.helpers import pdf_file

ANSWERS = {
    "commitment": "Our e-Government master plan 2025–2030 commits to services for every citizen.",
    "alignment": "The project follows the national digital transformation programme.",
    "partnership": "A team of five officials will support the consultants on site.",
    "sustainability": "The city budget funds operation and staff after the study.",
    "implementation": "The mayor has committed to implement the recommendations from next year.",
}


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Theme {n}")


class ThemeSurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThemeSurvey
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Thematic priorities {n}")
    year = 2026
    status = ThemeSurvey.Status.OPEN

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create:
            obj.themes.set(extracted if extracted is not None else [ThemeFactory() for _ in range(3)])


class CallFactory(factory.django.DjangoModelFactory):
    """A published call, open now (opened a week ago, closes in three weeks)."""

    class Meta:
        model = Call

    year = 2026
    title = factory.Sequence(lambda n: f"Call {n}")
    theme = factory.SubFactory(ThemeFactory)
    description = "Feasibility study call."
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=7))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=21))
    status = Call.Status.PUBLISHED
    cities_to_select = 2


class LetterFactory(factory.django.DjangoModelFactory):
    """A complete draft letter."""

    class Meta:
        model = LetterOfIntent

    call = factory.SubFactory(CallFactory)
    member = factory.SubFactory(MemberFactory)
    commitment = ANSWERS["commitment"]
    alignment = ANSWERS["alignment"]
    partnership = ANSWERS["partnership"]
    sustainability = ANSWERS["sustainability"]
    implementation = ANSWERS["implementation"]
    signed_letter = factory.LazyFunction(pdf_file)


class SubmittedLetterFactory(LetterFactory):
    status = LetterOfIntent.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class ReviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reviewer

    call = factory.SubFactory(CallFactory)
    user = factory.SubFactory(UserFactory)
    kind = Reviewer.Kind.EXTERNAL
    country = "DE"


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    reviewer = factory.SubFactory(ReviewerFactory)
    letter = factory.SubFactory(SubmittedLetterFactory)
