"""Topics on award categories, and the awards help provider of the gap-to-help router (issue 14,
points 1 and 2): the winning practices of published editions in categories on the gap's topics."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import help as awards_help
from awards import services
from awards.models import Category, Edition, Prize
from tests.factories.awards import make_edition, make_finalists, phase_dates
from wego.models import AuditEntry, Topic
from wego.registry import help_offers
from wego.router import Gap, offers_for
from wego.topics import topic_save

pytestmark = pytest.mark.django_db
S = Edition.Status

# The names of wego/data/topics.json (the vocabulary may already be loaded by its migration).
TOPICS = {
    "open-data": "Open data and transparency",
    "e-participation": "E-participation and citizen engagement",
    "smart-city": "Smart city, IoT and urban management",
    "online-services": "Online and mobile public services",
}


@pytest.fixture
def topics(db):
    return {code: Topic.objects.filter(code=code).first() or topic_save(by=None, code=code, name=name)
            for code, name in TOPICS.items()}


def codes(category) -> list[str]:
    return sorted(category.topics.values_list("code", flat=True))


def gap_for(member, **kw) -> Gap:
    values = {"member_id": member.pk, "label": "Open Government", "topics": ("open-data",),
              "reason": "Your Open Government is 1.4 levels below similar cities", "levels_below": Decimal("1.4")}
    values.update(kw)
    return Gap(**values)


def winners(edition: Edition, code: str, *, member=None) -> list[Prize]:
    """A published shortlist in the category and its two prizes (the first finalist Best)."""
    category = edition.categories.get(code=code)
    finalists = make_finalists(edition=edition, category=category, count=2)
    if member is not None:
        entry = finalists[0].entry
        entry.member = member
        entry.save(update_fields=["member"])
    return [Prize.objects.create(edition=edition, category=category, entry=f.entry, kind=kind, votes=10 - kind)
            for f, kind in zip(finalists, (Prize.Kind.BEST, Prize.Kind.OUTSTANDING), strict=True)]


# --- Topics through the services, the admin, the API and the pages ---------------------------------


def test_category_topics_are_saved_through_the_services_and_audited(topics, secretariat):
    edition = make_edition(status=S.DRAFT)
    category = services.category_add(edition=edition, code="smart-health", name="Smart Health",
                                     topics=["smart-city", topics["online-services"]], by=secretariat)
    assert codes(category) == ["online-services", "smart-city"]
    added = AuditEntry.objects.get(action="awards.category.added", target_id=str(category.pk))
    assert sorted(added.data["topics"]) == ["online-services", "smart-city"]

    # After the results, the category is fixed, but its topics may still change (for the router).
    Edition.objects.filter(pk=edition.pk).update(status=S.ANNOUNCED)
    category = Category.objects.get(pk=category.pk)
    services.category_update(category=category, topics=["open-data"], by=secretariat)
    assert codes(category) == ["open-data"]
    updated = AuditEntry.objects.get(action="awards.category.updated", target_id=str(category.pk))
    assert updated.data == {"topics": [["online-services", "smart-city"], ["open-data"]]}
    with pytest.raises(ValidationError, match="judging has opened"):
        services.category_update(category=category, data={"name": "Smarter Health"}, by=secretariat)


def test_an_unknown_topic_code_is_refused_by_name(topics, secretariat):
    edition = make_edition(status=S.DRAFT)
    with pytest.raises(ValidationError) as refused:
        services.category_add(edition=edition, code="x", name="X", topics=["open-data", "kiosks"], by=secretariat)
    assert "kiosks" in str(refused.value)
    assert not edition.categories.filter(code="x").exists()
    category = edition.categories.get(code="services")
    with pytest.raises(ValidationError, match="nonsense"):
        services.category_update(category=category, data={"name": "Renamed"}, topics=["nonsense"], by=secretariat)
    category.refresh_from_db()
    assert category.name != "Renamed" and codes(category) == []


def test_a_new_edition_takes_the_topics_of_the_last_editions_categories(topics, secretariat):
    old = make_edition(status=S.ANNOUNCED, year=2030)
    services.category_update(category=old.categories.get(code="open-city"), topics=["open-data", "e-participation"],
                             by=secretariat)
    new = services.edition_create(year=2032, by=secretariat, **phase_dates(phase="draft"))
    assert codes(new.categories.get(code="open-city")) == ["e-participation", "open-data"]
    assert codes(new.categories.get(code="services")) == []
    created = AuditEntry.objects.get(action="awards.edition.created", target_id=str(new.pk))
    assert sorted(created.data["topics"]["open-city"]) == ["e-participation", "open-data"]


@pytest.fixture
def admin_client(client, staff_with_mfa):
    client.force_login(staff_with_mfa)
    return client


def test_the_admin_edits_a_category_s_topics_in_any_phase(admin_client, topics):
    edition = make_edition(status=S.ANNOUNCED)
    category = edition.categories.get(code="open-city")
    url = reverse("admin:awards_category_change", args=[category.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and 'class="selectfilter"' in page.content.decode()
    response = admin_client.post(url, {"topics": [topics["open-data"].pk, topics["e-participation"].pk]})
    assert response.status_code == 302
    assert codes(category) == ["e-participation", "open-data"]
    category.refresh_from_db()
    assert category.name == "Open City"  # fixed after judging: only the topics changed
    assert AuditEntry.objects.filter(action="awards.category.updated", target_id=str(category.pk)).count() == 1
    assert admin_client.get(reverse("admin:awards_category_changelist")).status_code == 200
    assert "Open data and transparency" in admin_client.get(
        reverse("admin:awards_edition_change", args=[edition.pk])).content.decode()


def test_the_api_and_the_edition_page_show_the_category_topics(api_client, client, topics):
    edition = make_edition(status=S.ANNOUNCED)
    edition.categories.get(code="open-city").topics.set([topics["open-data"]])
    prizes = winners(edition, "open-city")
    row = next(e for e in api_client.get(reverse("api:awards-edition-list")).json()["results"] if e["year"] == edition.year)
    assert {c["code"]: c["topics"] for c in row["categories"]}["open-city"] == ["open-data"]
    assert {c["code"]: c["topics"] for c in row["categories"]}["services"] == []
    won = api_client.get(reverse("api:awards-winner-list")).json()["results"]
    assert {w["id"]: w["topics"] for w in won}[prizes[0].pk] == ["open-data"]
    assert "Open data and transparency" in client.get(reverse("awards:edition", args=[edition.year])).content.decode()
    assert "Open data and transparency" in client.get(reverse("awards:entry", args=[prizes[0].entry_id])).content.decode()


# --- The provider -----------------------------------------------------------------------------------


def test_the_provider_is_registered():
    assert "awards.help.offers" in help_offers


def test_only_published_winners_in_matching_categories_are_offered(client, topics, member):
    published = make_edition(status=S.ANNOUNCED, year=2034, title="3rd WeGO Awards")
    published.categories.get(code="open-city").topics.set([topics["open-data"], topics["e-participation"]])
    published.categories.get(code="urban-management").topics.set([topics["smart-city"]])
    best, outstanding = winners(published, "open-city")
    winners(published, "urban-management")  # another topic
    counting = make_edition(status=S.COUNTING, year=2036)
    counting.categories.get(code="open-city").topics.set([topics["open-data"]])
    winners(counting, "open-city")  # decided but not published
    later = make_edition(status=S.ANNOUNCED, year=2038)
    later.categories.get(code="open-city").topics.set([topics["open-data"]])
    own = winners(later, "open-city", member=member)  # the city's own entry won the Best prize

    offers = awards_help.offers(gap=gap_for(member), member=member, user=None)
    assert [o.key for o in offers] == [f"awards.prize:{own[1].pk}", f"awards.prize:{best.pk}",
                                       f"awards.prize:{outstanding.pk}"]  # its own Best entry is left out
    offer = offers[1]
    assert offer.kind == "practice" and offer.title == best.entry.title and offer.topics == ("open-data",)
    assert offer.url == reverse("awards:entry", args=[best.entry_id])
    assert offer.reason == ("Won the 3rd WeGO Awards in Open City (Best e-Government Prize): a practice in Open data "
                            "and transparency, where your Open Government is 1.4 levels below similar cities.")
    assert best.entry.organisation_name in offer.detail
    assert offer.weight > offers[2].weight  # Best before Outstanding
    assert {o.key for o in offers_for(gap_for(member), member=member, user=None)} >= {o.key for o in offers}
    assert client.get(offer.url).status_code == 200  # the entry's public page
    assert awards_help.offers(gap=gap_for(member, topics=("online-services",)), member=member, user=None) == []
    assert awards_help.offers(gap=gap_for(member, topics=()), member=member, user=None) == []


def test_the_provider_runs_the_same_queries_for_1_and_10_winners(topics, member, django_assert_max_num_queries):
    gap = gap_for(member)

    def published(year):
        edition = make_edition(status=S.ANNOUNCED, year=year)
        edition.categories.get(code="open-city").topics.set([topics["open-data"]])
        return edition

    winners(published(2050), "open-city")
    with CaptureQueriesContext(connection) as ctx:
        assert len(awards_help.offers(gap=gap, member=member, user=None)) == 2
    one = len(ctx.captured_queries)
    assert one <= 2
    for year in range(2052, 2060, 2):
        winners(published(year), "open-city")
    with django_assert_max_num_queries(one):
        assert len(awards_help.offers(gap=gap, member=member, user=None)) == 10


# --- Demo ---------------------------------------------------------------------------------------------


def test_the_demo_gives_every_category_its_topics_once(member):
    from awards import demo
    from members import demo as members_demo
    from wego.demo import seed_topics

    out = io.StringIO()
    seed_topics(stdout=out)
    members_demo.seed(stdout=out)
    summary = demo.seed(stdout=out)
    assert "topics set on 15 categories" in summary
    assert not Category.objects.filter(topics__isnull=True).exists()
    assert codes(Category.objects.get(edition__year=2014, code="open-city")) == ["e-participation", "open-data"]
    assert awards_help.offers(gap=gap_for(member), member=member, user=None)  # the demo winners are offered
    audit = AuditEntry.objects.count()
    assert demo.seed(stdout=out) == ""
    assert AuditEntry.objects.count() == audit
