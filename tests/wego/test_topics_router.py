"""The topic vocabulary and the gap-to-help router's mechanism (issue 14, points 1 and 2)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import UserFactory
from wego.audit import declared_actions
from wego.models import AuditEntry, Topic
from wego.registry import help_offers
from wego.router import Gap, Offer, OfferAction, draft_read, grouped, offers_for
from wego.topics import topic_codes_check, topic_save, topics_for_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def empty_vocabulary():
    """No topics yet (the migration loads the portal's 17)."""
    Topic.objects.all().delete()


def test_topics_are_saved_through_the_service_with_an_audit_entry(empty_vocabulary):
    staff = UserFactory(email="secretariat@wego.example.org")
    topic = topic_save(by=staff, name="Open data and transparency")
    assert topic.code == "open-data-and-transparency"
    assert AuditEntry.objects.filter(action="wego.topic.created", target_id=str(topic.pk)).exists()
    topic_save(by=staff, topic=topic, code="open-data", name="Open data")
    topic.refresh_from_db()
    assert (topic.code, topic.name) == ("open-data", "Open data")
    assert AuditEntry.objects.get(action="wego.topic.updated").data == {"code": "open-data", "name": "Open data"}
    assert "wego.topic.created" in declared_actions()


def test_a_topic_code_is_unique_and_the_refusal_names_the_other_topic(empty_vocabulary):
    topic_save(by=None, code="open-data", name="Open data")
    with pytest.raises(ValidationError) as refused:
        topic_save(by=None, code="open-data", name="Open government data")
    assert "Open data" in str(refused.value)
    with pytest.raises(ValidationError):
        topic_save(by=None, name="  ")


def test_unknown_codes_are_named_and_retired_topics_are_not_matched(empty_vocabulary):
    topic_save(by=None, code="open-data", name="Open data")
    old = topic_save(by=None, code="e-kiosks", name="Kiosks", is_active=False)
    with pytest.raises(ValidationError) as refused:
        topic_codes_check(["open-data", "nonsense"])
    assert "nonsense" in str(refused.value)
    assert list(topics_for_codes(["open-data", old.code])) == [Topic.objects.get(code="open-data")]


def _gap(**kw):
    values = {"member_id": 1, "label": "Resource Capacity", "topics": ("ict-workforce", "ict-funding"),
              "reason": "Your Resource Capacity is 1.8 levels below similar cities", "levels_below": Decimal("1.8"),
              "score": Decimal("1.6"), "benchmark": Decimal("3.4"), "notes": "We have two ICT staff."}
    values.update(kw)
    return Gap(**values)


@pytest.fixture
def providers():
    before = help_offers.entries()
    help_offers._entries = []
    yield help_offers
    help_offers._entries = before


def test_the_router_ranks_by_topics_matched_then_weight_and_drops_duplicates(providers):
    def one(*, gap, member, user):
        return [
            Offer(kind="session", title="Funding workshop", url="/s/1", reason="r", topics=("ict-funding",), weight=5, key="s:1"),
            Offer(kind="module", title="Capacity building", url="/m/1", reason="r", topics=("ict-workforce", "ict-funding")),
        ]

    def two(*, gap, member, user):
        return [
            Offer(kind="session", title="Funding workshop", url="/s/1", reason="r", topics=("ict-funding",), key="s:1"),
            Offer(kind="call", title="Skills call", url="/c/1", reason="r", topics=("ict-workforce",)),
        ]

    providers.register(one, name="one")
    providers.register(two, name="two")
    offers = offers_for(_gap(), member=None, user=None)
    assert [o.title for o in offers] == ["Capacity building", "Skills call", "Funding workshop"]
    assert [label for label, _items in grouped(offers)] == ["Best-practice module", "Feasibility study call", "Training session"]
    assert len(offers_for(_gap(), member=None, user=None, limit=2)) == 2


def test_a_gap_travels_as_a_signed_draft_for_its_own_city_only():
    gap = _gap(member_id=7, action_item_id=3)
    data = draft_read(gap.signed(), member_id=7)
    assert data["item"] == 3 and "1.8 levels below" in data["text"] and "two ICT staff" in data["text"]
    assert draft_read(gap.signed(), member_id=8) is None
    assert draft_read(gap.signed() + "x", member_id=7) is None
    assert draft_read("", member_id=7) is None


def test_the_offer_action_is_plain_data():
    action = OfferAction(url="/apply/", label="Apply", fields={"session": "4"})
    assert action.method == "post" and action.fields == {"session": "4"}


def test_the_topic_api_lists_the_topics_in_use(empty_vocabulary, client):
    topic_save(by=None, code="open-data", name="Open data", order=2)
    topic_save(by=None, code="connectivity", name="Connectivity", order=1)
    topic_save(by=None, code="old", name="Old", is_active=False)
    answer = client.get(reverse("api:topics"))
    assert answer.status_code == 200
    assert [t["code"] for t in answer.json()] == ["connectivity", "open-data"]


def test_the_vocabulary_is_loaded_by_migration_and_the_demo_restores_it():
    from io import StringIO

    from wego.demo import seed_topics

    # The migration loaded the vocabulary; the demo restores a topic deleted since, once.
    assert Topic.objects.count() == 17
    assert seed_topics(stdout=StringIO()) == "0 topics"
    Topic.objects.filter(code="interoperability").delete()
    assert seed_topics(stdout=StringIO()) == "1 topics"
    assert seed_topics(stdout=StringIO()) == "0 topics"
