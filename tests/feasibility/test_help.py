"""Topics on F/S themes and calls, and the feasibility help provider of the gap-to-help router
(issue 14, points 1 and 2): open or announced calls on the gap's topics, a letter of intent pre-filled
from the signed gap."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feasibility import help as feasibility_help
from feasibility import services
from feasibility.models import Call, LetterOfIntent, Theme
from members.models import Member, User
from tests.factories.feasibility import ANSWERS, CallFactory, LetterFactory, ThemeFactory
from tests.factories.members import AffiliationFactory
from wego.models import AuditEntry, Topic
from wego.registry import help_offers
from wego.router import Gap, offers_for
from wego.topics import topic_save

from .conftest import close_call

pytestmark = pytest.mark.django_db

# The names of wego/data/topics.json (the vocabulary may already be loaded by its migration).
TOPICS = {
    "gis-spatial": "GIS and spatial data",
    "open-data": "Open data and transparency",
    "smart-city": "Smart city, IoT and urban management",
    "ict-workforce": "ICT workforce and skills",
}


@pytest.fixture
def topics(db):
    return {code: Topic.objects.filter(code=code).first() or topic_save(by=None, code=code, name=name)
            for code, name in TOPICS.items()}


@pytest.fixture
def spatial(topics):
    theme = ThemeFactory(name="Spatial data")
    theme.topics.set([topics["gis-spatial"]])
    return theme


def gap_for(member, **kw) -> Gap:
    values = {
        "member_id": member.pk, "label": "Public Service Infrastructure", "topics": ("gis-spatial", "smart-city"),
        "reason": "Your Public Service Infrastructure is 1.2 levels below similar cities",
        "levels_below": Decimal("1.2"), "score": Decimal("1.8"), "benchmark": Decimal("3.0"),
        "notes": "We have no public map portal yet.",
    }
    values.update(kw)
    return Gap(**values)


def codes(obj) -> list[str]:
    return sorted(obj.topics.values_list("code", flat=True))


# --- Topics through the services, the admin, the API and the pages ---------------------------------


def test_theme_and_call_topics_are_saved_through_the_services_and_audited(topics, secretariat):
    theme = services.theme_create(name="Spatial data", topics=["gis-spatial"], by=secretariat)
    assert codes(theme) == ["gis-spatial"]
    created = AuditEntry.objects.get(action="feasibility.theme.created", target_id=str(theme.pk))
    assert created.data == {"topics": ["gis-spatial"]}

    services.theme_update(theme=theme, name="Spatial data", topics=[topics["gis-spatial"], topics["smart-city"]],
                          by=secretariat)
    assert codes(theme) == ["gis-spatial", "smart-city"]
    updated = AuditEntry.objects.get(action="feasibility.theme.updated", target_id=str(theme.pk))
    assert updated.data["fields"] == ["topics"]
    assert updated.data["topics"] == {"from": ["gis-spatial"], "to": ["gis-spatial", "smart-city"]}

    now = timezone.now()
    call = services.call_create(
        year=2030, title="SDI call", theme=theme, description="d", opens_at=now + dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=30), topics=["open-data"], by=secretariat,
    )
    assert codes(call) == ["open-data"]
    assert AuditEntry.objects.get(action="feasibility.call.created", target_id=str(call.pk)).data == {"topics": ["open-data"]}
    # A decided call keeps its text and dates, but its topics (what it helped with) may still change.
    Call.objects.filter(pk=call.pk).update(status=Call.Status.DECIDED)
    services.call_update(call=call, topics=[], by=secretariat)
    assert codes(call) == []
    assert AuditEntry.objects.filter(action="feasibility.call.updated", target_id=str(call.pk),
                                     data__fields=["topics"]).exists()
    with pytest.raises(ValidationError, match="decided call"):
        services.call_update(call=call, description="Changed", by=secretariat)


def test_an_unknown_topic_code_is_refused_by_name_and_nothing_changes(topics, secretariat):
    with pytest.raises(ValidationError) as refused:
        services.theme_create(name="Smart kiosks", topics=["gis-spatial", "kiosks"], by=secretariat)
    assert "kiosks" in str(refused.value)
    assert not Theme.objects.filter(name="Smart kiosks").exists()
    call = CallFactory()
    with pytest.raises(ValidationError, match="nonsense"):
        services.call_update(call=call, topics=["nonsense"], title="Renamed", by=secretariat)
    call.refresh_from_db()
    assert call.title != "Renamed" and codes(call) == []
    assert not AuditEntry.objects.filter(action="feasibility.call.updated").exists()


@pytest.fixture
def admin_client(client, staff_with_mfa):
    client.force_login(staff_with_mfa)
    return client


def test_the_admin_edits_topics_through_the_services(admin_client, topics, spatial):
    url = reverse("admin:feasibility_theme_change", args=[spatial.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and 'class="selectfilter"' in page.content.decode()  # filter_horizontal
    admin_client.post(url, {"name": "Spatial data", "description": "",
                            "topics": [topics["gis-spatial"].pk, topics["open-data"].pk]})
    assert codes(spatial) == ["gis-spatial", "open-data"]
    assert sorted(AuditEntry.objects.get(action="feasibility.theme.updated").data["topics"]["to"]) == ["gis-spatial", "open-data"]

    call = CallFactory(theme=spatial)
    close_call(call)
    Call.objects.filter(pk=call.pk).update(status=Call.Status.DECIDED)
    management = {f"{prefix}-{key}": value for prefix in ("documents", "reviewers")
                  for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"),
                                     ("MAX_NUM_FORMS", "1000"))}
    response = admin_client.post(reverse("admin:feasibility_call_change", args=[call.pk]),
                                 {"topics": [topics["smart-city"].pk], **management})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert codes(call) == ["smart-city"]
    assert AuditEntry.objects.get(action="feasibility.call.updated", target_id=str(call.pk)).data["topics"] == {
        "from": [], "to": ["smart-city"]}


def test_the_api_gives_the_topics_of_calls_and_themes(api_client, topics, spatial):
    own = CallFactory(theme=spatial, title="Own topics")
    own.topics.set([topics["open-data"], topics["smart-city"]])
    CallFactory(theme=spatial, title="Theme's topics")
    rows = {row["title"]: row for row in api_client.get(reverse("api:feasibility-call-list")).json()["results"]}
    assert rows["Own topics"]["topics"] == ["open-data", "smart-city"]
    assert rows["Theme's topics"]["topics"] == ["gis-spatial"]  # a call without its own takes its theme's
    assert rows["Own topics"]["theme"]["topics"] == ["gis-spatial"]


def test_the_call_pages_show_the_topic_names(client, topics, spatial):
    call = CallFactory(theme=spatial, title="SDI 2030")
    body = client.get(reverse("feasibility:call", args=[call.pk])).content.decode()
    assert "GIS and spatial data" in body and "(the theme's)" in body
    call.topics.set([topics["smart-city"]])
    body = client.get(reverse("feasibility:call", args=[call.pk])).content.decode()
    assert "Smart city, IoT and urban management" in body and "(the theme's)" not in body
    assert "Smart city, IoT and urban management" in client.get(reverse("feasibility:calls")).content.decode()


# --- The provider -----------------------------------------------------------------------------------


def test_the_provider_is_registered():
    assert "feasibility.help.offers" in help_offers


def test_only_open_or_announced_calls_on_the_gap_topics_are_offered(topics, spatial, hanoi, hanoi_focal, manila):
    now = timezone.now()
    by_theme = CallFactory(theme=spatial, title="SDI 2030")
    own = CallFactory(theme=ThemeFactory(name="Cities"), title="Smart city 2030")
    own.topics.set([topics["smart-city"]])
    overridden = CallFactory(theme=spatial, title="Open data 2030")  # its own topics replace its theme's
    overridden.topics.set([topics["open-data"]])
    announced = CallFactory(theme=spatial, title="SDI 2031", opens_at=now + dt.timedelta(days=10),
                            closes_at=now + dt.timedelta(days=40))
    close_call(CallFactory(theme=spatial, title="SDI 2029 (closed)"))
    CallFactory(theme=spatial, title="SDI draft", status=Call.Status.DRAFT)
    CallFactory(theme=spatial, title="SDI decided", status=Call.Status.DECIDED)
    wrote = CallFactory(theme=spatial, title="SDI answered")
    LetterFactory(call=wrote, member=hanoi)
    CallFactory(theme=ThemeFactory(name="Skills"), title="Skills 2030").topics.set([topics["ict-workforce"]])

    gap = gap_for(hanoi)
    offers = {o.title: o for o in feasibility_help.offers(gap=gap, member=hanoi, user=hanoi_focal)}
    assert set(offers) == {"SDI 2030", "Smart city 2030", "SDI 2031"}

    offer = offers["SDI 2030"]
    assert offer.kind == "call" and offer.key == f"feasibility.call:{by_theme.pk}" and offer.topics == ("gis-spatial",)
    assert offer.reason == ("Its theme Spatial data covers GIS and spatial data, where your Public Service "
                            "Infrastructure is 1.2 levels below similar cities.")
    assert offer.url == by_theme.get_absolute_url()
    assert offer.detail.startswith("closes ")
    action = offer.action
    assert action.method == "get" and action.label == "Draft a letter of intent"
    start = reverse("feasibility:letter-start", args=[by_theme.pk, hanoi.pk])
    assert urlparse(action.url).path == start and parse_qs(urlparse(action.url).query)["gap"] == [gap.signed()]

    assert offers["Smart city 2030"].reason.startswith("The call covers Smart city, IoT and urban management, where your")
    # Announced: offered with its dates, no letter link until it opens; open calls rank first.
    assert offers["SDI 2031"].action is None and offers["SDI 2031"].detail.startswith("opens ")
    assert offers["SDI 2031"].weight < offer.weight
    assert announced.pk != by_theme.pk

    # Another city has not written to "SDI answered": it is offered there.
    assert "SDI answered" in {o.title for o in feasibility_help.offers(gap=gap_for(manila), member=manila, user=None)}
    # Through the router, with the others' offers.
    assert f"feasibility.call:{by_theme.pk}" in {o.key for o in offers_for(gap, member=hanoi, user=hanoi_focal)}


def test_no_call_for_a_member_that_may_not_apply_and_no_link_for_someone_else(spatial, hanoi, hanoi_focal, secretariat):
    CallFactory(theme=spatial, title="SDI 2030")
    seen = feasibility_help.offers(gap=gap_for(hanoi), member=hanoi, user=secretariat)
    assert [o.title for o in seen] == ["SDI 2030"] and seen[0].action is None  # the Secretariat does not write letters
    Member.objects.filter(pk=hanoi.pk).update(status=Member.Status.SUSPENDED)
    hanoi.refresh_from_db()
    assert feasibility_help.offers(gap=gap_for(hanoi), member=hanoi, user=hanoi_focal) == []
    assert feasibility_help.offers(gap=gap_for(hanoi, topics=()), member=hanoi, user=hanoi_focal) == []


def test_a_retired_topic_matches_no_more(topics, spatial, hanoi, hanoi_focal):
    CallFactory(theme=spatial, title="SDI 2030")
    Topic.objects.filter(code="gis-spatial").update(is_active=False)
    assert feasibility_help.offers(gap=gap_for(hanoi), member=hanoi, user=hanoi_focal) == []


def _measure(gap, member, user_pk) -> int:
    user = User.objects.get(pk=user_pk)  # affiliations not yet read, as in a new request
    with CaptureQueriesContext(connection) as ctx:
        offers = feasibility_help.offers(gap=gap, member=member, user=user)
    assert offers
    return len(ctx.captured_queries)


def test_the_provider_runs_the_same_queries_for_1_and_10_calls(topics, spatial, hanoi, hanoi_focal,
                                                              django_assert_max_num_queries):
    gap = gap_for(hanoi)
    CallFactory(theme=spatial)
    one = _measure(gap, hanoi, hanoi_focal.pk)
    assert one <= 4
    for i in range(9):
        call = CallFactory(theme=spatial if i % 2 else ThemeFactory())
        if not i % 2:
            call.topics.set([topics["smart-city"], topics["gis-spatial"]])
    user = User.objects.get(pk=hanoi_focal.pk)
    with django_assert_max_num_queries(one):
        offers = feasibility_help.offers(gap=gap, member=hanoi, user=user)
    assert len(offers) == 10


# --- The letter pre-filled from the gap --------------------------------------------------------------


def test_the_letter_page_is_prefilled_from_a_signed_gap_without_saving_anything(client, spatial, hanoi, hanoi_focal):
    call = CallFactory(theme=spatial)
    [offer] = feasibility_help.offers(gap=gap_for(hanoi), member=hanoi, user=hanoi_focal)
    client.force_login(hanoi_focal)
    page = client.get(offer.action.url)
    assert page.status_code == 200
    form = page.context["form"]
    assert "1.2 levels below similar cities" in form["alignment"].value()
    assert "no public map portal" in form["alignment"].value()
    assert not form["commitment"].value()
    assert "pre-filled from your CeDS gap" in page.content.decode()
    assert not LetterOfIntent.objects.exists()
    # The focal point edits and saves as usual.
    start = reverse("feasibility:letter-start", args=[call.pk, hanoi.pk])
    client.post(f"{start}?{urlparse(offer.action.url).query}",
                {**ANSWERS, "alignment": "Edited: " + form["alignment"].value(), "save": "1"})
    letter = LetterOfIntent.objects.get(call=call, member=hanoi)
    assert letter.alignment.startswith("Edited: ") and letter.status == "draft"


def test_a_spoilt_or_foreign_gap_is_ignored_silently(client, spatial, hanoi, hanoi_focal, manila):
    call = CallFactory(theme=spatial)
    start = reverse("feasibility:letter-start", args=[call.pk, hanoi.pk])
    client.force_login(hanoi_focal)
    for token in (gap_for(hanoi).signed() + "x", "nonsense", gap_for(manila).signed()):
        page = client.get(start, {"gap": token})
        assert page.status_code == 200
        assert not page.context["form"]["alignment"].value()
        assert "pre-filled" not in page.content.decode()
    assert not LetterOfIntent.objects.exists()


def test_an_existing_draft_is_prefilled_only_where_empty(client, spatial, hanoi, hanoi_focal):
    call = CallFactory(theme=spatial)
    letter = LetterFactory(call=call, member=hanoi, alignment="", commitment="Ours.")
    token = gap_for(hanoi).signed()
    client.force_login(hanoi_focal)
    start = reverse("feasibility:letter-start", args=[call.pk, hanoi.pk])
    response = client.get(start, {"gap": token})
    assert response.status_code == 302 and response.url.startswith(letter.get_absolute_url() + "?gap=")
    page = client.get(response.url)
    assert "1.2 levels below" in page.context["form"]["alignment"].value()
    assert page.context["form"]["commitment"].value() == "Ours."
    LetterOfIntent.objects.filter(pk=letter.pk).update(alignment="Our own words.")
    page = client.get(response.url)
    assert page.context["form"]["alignment"].value() == "Our own words."
    letter.refresh_from_db()
    assert letter.alignment == "Our own words."


# --- Demo ---------------------------------------------------------------------------------------------


def test_the_demo_gives_themes_and_calls_topics_once(django_capture_on_commit_callbacks, settings):
    from feasibility import demo
    from members import demo as members_demo
    from wego.demo import seed_topics

    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        seed_topics(stdout=out)
        members_demo.seed(stdout=out)
        demo.seed(stdout=out)
    assert codes(Theme.objects.get(name="Spatial Data Infrastructure")) == ["gis-spatial", "interoperability"]
    assert codes(Call.objects.get(year=2015)) == ["e-participation"]
    sdi = Call.objects.get(title__contains="Spatial Data")
    assert codes(sdi) == ["gis-spatial", "smart-city"]
    tashkent = Member.objects.get(name="Tashkent")  # has a draft letter for the SDI call: not offered
    seoul = Member.objects.get(name="Seoul")
    assert sdi.pk not in {int(o.key.split(":")[1]) for o in
                          feasibility_help.offers(gap=gap_for(tashkent), member=tashkent, user=None)}
    assert f"feasibility.call:{sdi.pk}" in {o.key for o in feasibility_help.offers(gap=gap_for(seoul), member=seoul, user=None)}
    audit = AuditEntry.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        summary = demo.seed(stdout=out)
    assert "topics set on 0 themes and calls" in summary
    assert AuditEntry.objects.count() == audit


def test_any_official_of_the_city_gets_the_letter_link_but_not_another_citys(spatial, hanoi, manila_official):
    official = AffiliationFactory(member=hanoi).user
    CallFactory(theme=spatial)
    [offer] = feasibility_help.offers(gap=gap_for(hanoi), member=hanoi, user=official)
    assert offer.action is not None
    [offer] = feasibility_help.offers(gap=gap_for(hanoi), member=hanoi, user=manila_official)
    assert offer.action is None
