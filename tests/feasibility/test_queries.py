"""List pages run the same number of queries with 2 rows and with 12."""

import pytest
from django.urls import reverse
from django.utils import timezone

from feasibility import services
from feasibility.models import LetterOfIntent, Project
from members.models import Affiliation
from tests.factories.feasibility import (
    CallFactory,
    ReviewerFactory,
    SubmittedLetterFactory,
    ThemeFactory,
)
from tests.factories.members import AffiliationFactory, MemberFactory, PartnerFactory, UserFactory
from tests.helpers import count_queries, pdf_file

from .conftest import close_call

pytestmark = pytest.mark.django_db


def add_calls(n, theme):
    partner = PartnerFactory()
    for _ in range(n):
        call = CallFactory(theme=theme)
        call.documents.create(title="ToR", file=pdf_file())
        past = CallFactory(theme=theme)
        close_call(past)
        member = MemberFactory()
        letter = LetterOfIntent.objects.create(call=past, member=member, status="selected", submitted_at=timezone.now())
        project = Project.objects.create(
            letter=letter, beneficiary=member, title=f"Study {letter.pk}", funding_partner=partner,
            status=Project.Status.CLOSED, consent_at=timezone.now(), published_at=timezone.now(), outcome_summary="x",
        )
        project.outcomes.create(title="System delivered", member=MemberFactory())


def test_public_calls_and_library(client):
    theme = ThemeFactory()
    add_calls(2, theme)
    small = count_queries(client, reverse("feasibility:calls")), count_queries(client, reverse("feasibility:library"))
    add_calls(10, theme)
    assert (count_queries(client, reverse("feasibility:calls")), count_queries(client, reverse("feasibility:library"))) == small


def test_staff_call_ranking_page(client, staff_with_mfa):
    call = CallFactory(cities_to_select=2)
    reviewers = [ReviewerFactory(call=call, country="DE") for _ in range(3)]

    def add_letters(n):
        letters = [SubmittedLetterFactory(call=call, member=MemberFactory(country="VN")) for _ in range(n)]
        return letters

    first = add_letters(2)
    close_call(call)
    for letter in first:
        for reviewer in reviewers:
            review = services.review_assign(reviewer=reviewer, letter=letter, by=staff_with_mfa)
            services.review_save(review=review, by=reviewer.user, scores=dict.fromkeys(
                ["commitment", "alignment", "partnership", "sustainability", "implementation"], 4), submit=True)
    client.force_login(staff_with_mfa)
    url = reverse("feasibility_staff:call", args=[call.pk])
    small = count_queries(client, url)
    from feasibility.models import Call

    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() + timezone.timedelta(days=1))
    more = add_letters(10)
    close_call(call)
    for letter in more:
        for reviewer in reviewers:
            review = services.review_assign(reviewer=reviewer, letter=letter, by=staff_with_mfa)
            services.review_save(review=review, by=reviewer.user, scores=dict.fromkeys(
                ["commitment", "alignment", "partnership", "sustainability", "implementation"], 3), submit=True)
    assert count_queries(client, url) == small
    print("staff call page queries:", small)


def test_member_reviewer_consultant_and_console_pages(client, staff_with_mfa):
    member = MemberFactory(name="Hanoi", country="VN")
    official = AffiliationFactory(member=member, role=Affiliation.Role.FOCAL_POINT).user
    reviewer_user = UserFactory()
    consultant = UserFactory()
    partner = PartnerFactory()

    def add(n):
        for _ in range(n):
            call = CallFactory()
            letter = SubmittedLetterFactory(call=call, member=member)
            other = SubmittedLetterFactory(call=call, member=MemberFactory(country="TH"))
            close_call(call)
            services.review_assign(reviewer=ReviewerFactory(call=call, user=reviewer_user), letter=other,
                                   by=staff_with_mfa)
            project = services.letter_select(letter=letter, by=staff_with_mfa)
            services.consultant_add(project=project, user=consultant, by=staff_with_mfa)
            services.project_set_funding(project=project, partner=partner, by=staff_with_mfa)

    add(2)
    urls = {
        "my": (official, reverse("feasibility:my")),
        "reviews": (reviewer_user, reverse("feasibility:reviews")),
        "workspace": (consultant, reverse("feasibility:workspace")),
        "console": (staff_with_mfa, reverse("feasibility_staff:console")),
    }
    small = {}
    for key, (user, url) in urls.items():
        client.force_login(user)
        small[key] = count_queries(client, url)
    add(10)
    large = {}
    for key, (user, url) in urls.items():
        client.force_login(user)
        large[key] = count_queries(client, url)
    assert large == small
    print("page queries:", small)


def test_project_page_query_count(client, staff_with_mfa):
    call = CallFactory()
    member = MemberFactory()
    letter = SubmittedLetterFactory(call=call, member=member)
    close_call(call)
    project = services.letter_select(letter=letter, by=staff_with_mfa)
    client.force_login(staff_with_mfa)
    url = reverse("feasibility:project", args=[project.pk])
    small = count_queries(client, url)
    for _ in range(5):
        services.consultant_add(project=project, user=UserFactory(), by=staff_with_mfa)
        services.outcome_record(project=project, title="System", member=MemberFactory(), by=staff_with_mfa)
    for d in project.deliverables.all()[:10]:
        services.deliverable_document_add(deliverable=d, title="Draft", file=pdf_file(), by=staff_with_mfa)
    assert count_queries(client, url) == small
    assert Project.objects.count() == 1
    print("project page queries:", small)
