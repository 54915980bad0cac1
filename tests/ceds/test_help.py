"""From a CeDS gap to the help that closes it (issue 14, points 1-2): the framework's topics, the gap
of an action item and of a weak dimension, the CeDS's own offers (modules, peer cities), the pages,
the city's notes and the request to a peer city."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from ceds import services
from ceds.help import gap_for_action_item, module_offers, peer_offers, weak_dimensions
from ceds.models import ActionItem, CedsProfile, Dimension, Indicator, Module, PeerContactRequest
from members.models import Affiliation
from tests.factories import AffiliationFactory, MemberFactory, UserFactory
from tests.factories.ceds import current_version, reported_investigation
from tests.helpers import count_queries
from wego.models import AuditEntry
from wego.router import draft_read, offers_for

pytestmark = pytest.mark.django_db

# The member is weak on Resource Capacity (level 1 there, 3 elsewhere); similar cities are at 3.
WEAK = "RC"


def weak_in_rc(code: str) -> int:
    return 1 if code.startswith(WEAK) else 3


@pytest.fixture
def city(member):
    reported = reported_investigation(member, level=weak_in_rc)
    return reported


@pytest.fixture
def similar_cities(db):
    cities = []
    for i in range(5):
        other = MemberFactory(name=f"Similar {i}", country="KR", population=1_200_000)
        reported_investigation(other, level=3)
        cities.append(other)
    return cities


@pytest.fixture
def item(city):
    return ActionItem.objects.filter(investigation=city, code__startswith=WEAK).order_by("code").first()


def _share(member):
    CedsProfile.objects.update_or_create(member=member, defaults={"share_results": True})


def test_the_framework_and_the_modules_carry_topics_and_a_copy_keeps_them():
    version = current_version()
    rc = Dimension.objects.get(version=version, code="RC")
    assert {t.code for t in rc.topics.all()} == {"ict-funding", "ict-workforce"}
    assert [t.code for t in Indicator.objects.get(version=version, code="PS-09").topics.all()] == ["gis-spatial"]
    assert {t.code for t in Module.objects.get(slug="seoul-gis-portal").topics.all()} == {"gis-spatial"}
    copy = services.framework_copy(version=version, new_version="2027.1", by=None)
    assert {t.code for t in Dimension.objects.get(version=copy, code="RC").topics.all()} == {"ict-funding", "ict-workforce"}
    assert Indicator.objects.get(version=copy, code="PS-09").topics.count() == 1


def test_an_action_item_gap_compares_the_city_with_similar_cities(item, similar_cities):
    gap = gap_for_action_item(item)
    assert gap.score == Decimal(1) and gap.benchmark == Decimal("3.0")
    assert gap.levels_below == Decimal("2.0")
    assert "2.0 levels below similar cities (same size, 5 cities)" in str(gap.reason)
    assert "ict-workforce" in gap.topics or "ict-funding" in gap.topics
    assert gap.action_item_id == item.pk and gap.indicator_codes == (item.code,)


def test_without_five_similar_cities_the_gap_says_the_level_only(item):
    gap = gap_for_action_item(item)
    assert gap.benchmark is None and gap.levels_below == 0
    assert "is 1 of 4" in str(gap.reason)


def test_weak_dimensions_put_the_weakest_first_in_levels(city, similar_cities):
    gaps = weak_dimensions(investigation=city)
    assert gaps[0].code == WEAK and gaps[0].label == "Resource Capacity"
    # The published average of the size class counts the city too (as the report's comparison does):
    # (5 × 75 + 25) / 6 = 66.67 %, i.e. 1.7 levels above the city's 25 %.
    assert gaps[0].levels_below == Decimal("1.7")
    assert "Your Resource Capacity is 1.7 levels below similar cities" in str(gaps[0].reason)


def test_modules_on_the_gap_topics_are_offered_with_their_reason(item, similar_cities):
    gap = gap_for_action_item(item)
    offers = module_offers(gap=gap, member=item.member, user=None)
    titles = {o.title for o in offers}
    assert any("civil servant" in t.lower() for t in titles)  # the Seoul capacity-building module (ict-workforce)
    assert all(o.reason for o in offers)
    assert not any(o.title == "Public GIS portal (Seoul)" for o in offers)


def test_a_peer_that_rose_a_level_and_shares_is_offered_others_are_not(item, member):
    riser = MemberFactory(name="Da Nang", country="VN")
    reported_investigation(riser, year=2025, level=1)
    reported_investigation(riser, year=2026, level=3)
    _share(riser)
    silent = MemberFactory(name="Quiet City", country="VN")
    reported_investigation(silent, year=2025, level=1)
    reported_investigation(silent, year=2026, level=3)
    flat = MemberFactory(name="Flat City", country="VN")
    reported_investigation(flat, year=2025, level=2)
    reported_investigation(flat, year=2026, level=2)
    _share(flat)
    offers = peer_offers(gap=gap_for_action_item(item), member=member, user=None)
    assert [o.title for o in offers] == ["Da Nang"]
    assert "Rose 2 levels" in offers[0].reason
    assert offers[0].action.url == reverse("ceds:peer_contact", args=[item.pk, riser.slug])


def test_the_help_page_shows_the_gap_and_ranked_offers_to_the_city_and_the_secretariat(
    client, item, official, similar_cities, staff_with_mfa
):
    client.force_login(official)
    page = client.get(reverse("ceds:action_help", args=[item.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "2.0 levels below similar cities" in html
    assert "Best-practice module" in html
    assert f'action="{reverse("ceds:action_note", args=[item.pk])}"' in html
    client.force_login(staff_with_mfa)
    page = client.get(reverse("ceds:action_help", args=[item.pk]))
    assert page.status_code == 200 and 'name="note"' not in page.content.decode()


def test_another_city_gets_a_404(client, item, other_member):
    client.force_login(AffiliationFactory(member=other_member).user)
    assert client.get(reverse("ceds:action_help", args=[item.pk])).status_code == 404
    assert client.post(reverse("ceds:action_note", args=[item.pk]), {"note": "x"}).status_code == 404


def test_the_help_page_queries_do_not_grow_with_investigations_and_peers(client, item, official, similar_cities):
    client.force_login(official)
    url = reverse("ceds:action_help", args=[item.pk])
    first = MemberFactory(name="Peer first", country="JP")
    reported_investigation(first, year=2025, level=1)
    reported_investigation(first, year=2026, level=3)
    _share(first)
    few = count_queries(client, url)
    for i in range(3):
        peer = MemberFactory(name=f"Peer {i}", country="JP")
        reported_investigation(peer, year=2025, level=1)
        reported_investigation(peer, year=2026, level=3)
        _share(peer)
    many = count_queries(client, url)
    assert client.get(url).content.decode().count("Contact this city") == 4
    assert many == few


def test_the_city_notes_are_saved_audited_and_travel_in_the_gap_draft(client, item, official):
    client.force_login(official)
    response = client.post(reverse("ceds:action_note", args=[item.pk]), {"note": "Two ICT staff for 900 employees."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.note == "Two ICT staff for 900 employees."
    assert AuditEntry.objects.filter(action="ceds.action_item.note_saved", target_id=str(item.pk)).exists()
    gap = gap_for_action_item(item)
    assert "Two ICT staff" in draft_read(gap.signed(), member_id=item.member_id)["text"]


def test_a_peer_is_written_to_once_and_its_focal_points_get_the_mail(
    client, item, official, django_capture_on_commit_callbacks
):
    peer = MemberFactory(name="Da Nang", country="VN")
    _share(peer)
    focal = AffiliationFactory(member=peer, role=Affiliation.Role.FOCAL_POINT).user
    client.force_login(official)
    url = reverse("ceds:peer_contact", args=[item.pk, peer.slug])
    form = client.get(url)
    assert form.status_code == 200 and "Dear colleagues in Da Nang" in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": "How did you train your staff?"})
    assert response.status_code == 302
    assert PeerContactRequest.objects.get().to_member == peer
    assert [m.to for m in mail.outbox] == [[focal.email]]
    assert "How did you train your staff?" in mail.outbox[0].body and official.email in mail.outbox[0].body
    again = client.post(url, {"message": "Again"})
    assert again.status_code == 200 and "already wrote to Da Nang" in again.content.decode()
    assert PeerContactRequest.objects.count() == 1
    empty = client.post(url, {"message": " "})
    assert empty.status_code == 200


def test_a_city_that_does_not_share_cannot_be_contacted(client, item, official):
    quiet = MemberFactory(name="Quiet City", country="VN")
    client.force_login(official)
    assert client.get(reverse("ceds:peer_contact", args=[item.pk, quiet.slug])).status_code == 404
    with pytest.raises(Exception) as refused:
        services.peer_contact_send(item=item, peer=quiet, message="Hello", by=official)
    assert "does not share" in str(refused.value)


def test_the_report_links_weak_dimensions_to_their_help(client, city, official, similar_cities):
    client.force_login(official)
    page = client.get(reverse("ceds:report", args=[city.pk]))
    assert "Where the network can help" in page.content.decode()
    helped = client.get(reverse("ceds:dimension_help", args=[city.pk, WEAK]))
    assert helped.status_code == 200 and "Resource Capacity" in helped.content.decode()
    assert client.get(reverse("ceds:dimension_help", args=[city.pk, "XX"])).status_code == 404


def test_the_router_gathers_every_app_offer_for_the_gap(item, similar_cities):
    offers = offers_for(gap_for_action_item(item), member=item.member, user=UserFactory())
    assert offers and {o.kind for o in offers} >= {"module"}
