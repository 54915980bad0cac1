"""Topics on programs and sessions, and training's help for a CeDS gap (issue 14, points 1 and 2):
the "training" provider of wego.registry.help_offers, its one-click application and eGovFrame offers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import Affiliation, Member
from tests.factories import AffiliationFactory, MemberFactory
from tests.factories.training import ProgramFactory, SessionFactory
from training import demo, help, services
from training.models import Application, Program, Session
from wego.demo import seed_topics
from wego.models import AuditEntry, Topic
from wego.registry import help_offers
from wego.router import Gap, draft_read, offers_for

pytestmark = pytest.mark.django_db

SESSIONS = "/api/v1/training/sessions/"
PROGRAMS = "/api/v1/training/programs/"


@pytest.fixture(autouse=True)
def vocabulary(db):
    """The portal's 17 topics (the migration loads them; a transactional test elsewhere may have flushed them)."""
    seed_topics(stdout=StringIO())


def _gap(member, **kw):
    values = {"member_id": member.pk if member else 0, "label": "Resource Capacity", "topics": ("ict-workforce", "ict-funding"),
              "reason": "your Resource Capacity is 1.8 levels below similar cities", "levels_below": Decimal("1.8"),
              "score": Decimal("1.6"), "benchmark": Decimal("3.4"), "notes": "We have two ICT staff."}
    values.update(kw)
    return Gap(**values)


def _program(*codes, **kw):
    program = ProgramFactory(prerequisites="", **kw)
    services.program_save(program=program, topics=list(codes), by=None)
    return program


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Topics on programs and sessions ---------------------------------------------------------------------


def test_topics_are_saved_through_the_services_with_an_audit_entry(secretariat):
    program = ProgramFactory(name="Seoul Program")
    services.program_save(program=program, topics=["ict-workforce", "leadership-strategy"], by=secretariat)
    assert sorted(program.topics.values_list("code", flat=True)) == ["ict-workforce", "leadership-strategy"]
    entry = AuditEntry.objects.filter(action="training.program.changed", target_id=str(program.pk)).latest("id")
    assert entry.data["topics"] == ["ict-workforce", "leadership-strategy"] and entry.data["topics_before"] == []
    assert entry.actor == secretariat

    session = SessionFactory(program=program)
    services.session_save(session=session, topics=[Topic.objects.get(code="security-privacy")], by=secretariat)
    assert [t.code for t in session.taught_topics()] == ["security-privacy"]
    entry = AuditEntry.objects.filter(action="training.session.changed", target_id=str(session.pk)).latest("id")
    assert entry.data["topics"] == ["security-privacy"]
    # No topics of its own: the session teaches its program's.
    services.session_save(session=session, topics=[], by=secretariat)
    assert sorted(t.code for t in Session.objects.get(pk=session.pk).taught_topics()) == ["ict-workforce", "leadership-strategy"]


def test_an_unknown_topic_code_is_refused_with_a_message_naming_it_and_nothing_changes():
    program = _program("ict-workforce")
    with pytest.raises(ValidationError) as refused:
        services.program_save(program=program, topics=["ict-workforce", "blockchain-magic"], by=None)
    assert "blockchain-magic" in str(refused.value)
    assert list(program.topics.values_list("code", flat=True)) == ["ict-workforce"]
    session = SessionFactory(program=program)
    with pytest.raises(ValidationError, match="nonsense"):
        services.session_save(session=session, topics=["nonsense"], by=None)


def test_the_admin_saves_topics_through_the_service(client, staff_with_mfa):
    client.force_login(staff_with_mfa)
    program = ProgramFactory(name="eGovFrame", slug="egovframe", kind=Program.Kind.EGOVFRAME)
    topic = Topic.objects.get(code="interoperability")
    data = {
        "name": program.name, "slug": program.slug, "kind": program.kind, "summary": "", "description": "",
        "topic_notes": "Runtime environment", "topics": [topic.pk], "organiser": "NIA", "eligibility": program.eligibility,
        "target_participants": "", "prerequisites": "", "languages": "English", "format": program.format,
        "duration_days": "", "location_note": "", "cost_amount": "0", "cost_currency": "USD", "cost_note": "",
        "is_published": "on",
    }
    response = client.post(reverse("admin:training_program_change", args=[program.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    program.refresh_from_db()
    assert list(program.topics.values_list("code", flat=True)) == ["interoperability"]
    assert program.topic_notes == "Runtime environment"
    entry = AuditEntry.objects.filter(action="training.program.changed", target_id=str(program.pk)).latest("id")
    assert entry.data["topics"] == ["interoperability"]
    page = client.get(reverse("admin:training_session_add"))
    assert page.status_code == 200 and b'name="topics"' in page.content


def test_the_api_and_the_pages_show_the_topics(api_client, client):
    program = _program("ict-workforce", "leadership-strategy", name="Seoul Program", topic_notes="Big Data\nCybersecurity")
    own = SessionFactory(program=program, title="Security week")
    services.session_save(session=own, topics=["security-privacy"], by=None)
    SessionFactory(program=program, title="Seoul Program 2030")
    row = api_client.get(PROGRAMS).json()["results"][0]
    assert row["topics"] == ["leadership-strategy", "ict-workforce"]  # in the vocabulary's order
    assert row["topic_notes"] == ["Big Data", "Cybersecurity"]
    sessions = {r["title"]: r["topics"] for r in api_client.get(SESSIONS).json()["results"]}
    assert sessions == {"Security week": ["security-privacy"], "Seoul Program 2030": ["leadership-strategy", "ict-workforce"]}

    html = client.get(program.get_absolute_url()).content.decode()
    assert "ICT workforce and skills" in html and "Leadership and digital strategy" in html and "Cybersecurity" in html
    html = client.get(own.get_absolute_url()).content.decode()
    assert "Cybersecurity and data protection" in html and "ICT workforce and skills" not in html


def test_a_retired_topic_is_neither_shown_nor_matched(official, member):
    program = _program("ict-workforce")
    session = SessionFactory(program=program)
    Topic.objects.filter(code="ict-workforce").update(is_active=False)
    assert Session.objects.get(pk=session.pk).taught_topics() == []
    assert help.offers(gap=_gap(member), member=member, user=official) == []


# --- The provider: sessions ------------------------------------------------------------------------------


def test_the_provider_is_registered_and_the_router_asks_it(official, member):
    assert "training.help.offers" in help_offers
    session = SessionFactory(program=_program("ict-workforce"), title="Seoul Program 2030")
    offers = offers_for(_gap(member), member=member, user=official)
    assert [o.key for o in offers if o.kind == "session"] == [f"training.session:{session.pk}"]


def test_only_matching_open_sessions_with_a_seat_are_offered(official, member):
    matching = _program("ict-workforce", name="Seoul Program")
    other = _program("open-data", name="Open data webinars")
    today = timezone.localdate()
    soon = SessionFactory(program=matching, title="Soon", capacity=3, starts_on=today + dt.timedelta(days=10))
    later = SessionFactory(program=matching, title="Later", capacity=3, starts_on=today + dt.timedelta(days=60))
    SessionFactory(program=other, title="Open data")
    full = SessionFactory(program=matching, title="Full", capacity=2)
    Session.objects.filter(pk=full.pk).update(seats_taken=2)
    SessionFactory(program=matching, title="Closed", application_deadline=timezone.now() - dt.timedelta(hours=1))
    SessionFactory(program=matching, title="Draft", status=Session.Status.DRAFT)
    SessionFactory(program=matching, title="Started", starts_on=today - dt.timedelta(days=1),
                   ends_on=today + dt.timedelta(days=2))
    narrower = SessionFactory(program=matching, title="Narrower")  # its own topics replace the program's
    services.session_save(session=narrower, topics=["open-data"], by=None)
    unpublished = _program("ict-workforce", name="Hidden", is_published=False)
    SessionFactory(program=unpublished, title="Hidden session")

    offers = help.offers(gap=_gap(member), member=member, user=official)
    assert [o.title for o in offers] == ["Soon", "Later"]
    first = offers[0]
    assert first.kind == "session" and first.key == f"training.session:{soon.pk}" and first.url == soon.get_absolute_url()
    assert first.topics == ("ict-workforce",)
    assert first.reason == ("Teaches ICT workforce and skills, where your Resource Capacity is 1.8 levels below "
                            "similar cities.")
    assert first.detail.startswith("3 seats left · apply by ")
    assert first.weight > offers[1].weight  # sooner first
    assert later.pk


def test_members_only_and_reserved_sessions_follow_the_apply_rules(member, other_member):
    non_member = MemberFactory(name="Guest City", status=Member.Status.APPLICANT)
    guest = AffiliationFactory(member=non_member, role=Affiliation.Role.OFFICIAL).user
    members_only = SessionFactory(program=_program("ict-workforce", name="Members"), title="Members only")
    open_program = _program("ict-workforce", name="Open", eligibility=Program.Eligibility.OPEN)
    open_to_all = SessionFactory(program=open_program, title="Open to all")
    SessionFactory(program=open_program, title="Reserved for Hanoi", reserved_for=other_member)

    assert [o.title for o in help.offers(gap=_gap(non_member), member=non_member, user=guest)] == ["Open to all"]
    seoul_official = AffiliationFactory(member=member, role=Affiliation.Role.OFFICIAL).user
    assert sorted(o.title for o in help.offers(gap=_gap(member), member=member, user=seoul_official)) == [
        "Members only", "Open to all"]
    hanoi = AffiliationFactory(member=other_member, role=Affiliation.Role.OFFICIAL).user
    assert sorted(o.title for o in help.offers(gap=_gap(other_member), member=other_member, user=hanoi)) == [
        "Members only", "Open to all", "Reserved for Hanoi"]
    assert members_only.pk and open_to_all.pk


def test_the_action_is_for_the_city_s_own_officials(member, official, secretariat):
    session = SessionFactory(program=_program("ict-workforce"))
    offer = help.offers(gap=_gap(member), member=member, user=official)[0]
    assert offer.action.method == "post" and offer.action.label == "Apply"
    assert offer.action.url == reverse("training:apply-now", args=[session.pk])
    assert offer.action.fields["member"] == str(member.pk)
    assert draft_read(offer.action.fields["gap"], member_id=member.pk)["label"] == "Resource Capacity"
    # The Secretariat looking at the city's gap sees the offer, without a button to apply for the city.
    assert help.offers(gap=_gap(member), member=member, user=secretariat)[0].action is None
    # A program whose prerequisites must be confirmed: the button leads to the form.
    needs = ProgramFactory(prerequisites="Java experience")
    services.program_save(program=needs, topics=["ict-workforce"], by=None)
    form_session = SessionFactory(program=needs, starts_on=timezone.localdate() + dt.timedelta(days=200))
    offer = [o for o in help.offers(gap=_gap(member), member=member, user=official) if o.key.endswith(f":{form_session.pk}")][0]
    assert offer.action.method == "get" and offer.action.url == reverse("training:apply", args=[form_session.pk])


def test_one_click_applies_once_and_a_second_click_says_so(client, member, official):
    session = SessionFactory(program=_program("ict-workforce"), title="Seoul Program 2030")
    offer = help.offers(gap=_gap(member), member=member, user=official)[0]
    client.force_login(official)
    response = client.post(offer.action.url, offer.action.fields)
    application = Application.objects.get(session=session, applicant=official)
    assert response.status_code == 302 and response.url == application.get_absolute_url()
    assert application.member == member and application.status == Application.Status.SUBMITTED
    assert "1.8 levels below similar cities" in application.motivation and "two ICT staff" in application.motivation
    assert any("focal point of Seoul will now decide" in m for m in _messages(response))
    assert AuditEntry.objects.filter(action="training.application.submitted", target_id=str(application.pk)).exists()

    again = client.post(offer.action.url, offer.action.fields)
    assert again.status_code == 302 and Application.objects.filter(session=session).count() == 1
    assert any("already applied" in m and "no second application" in m for m in _messages(again))
    # Once applied, the offer says so and offers no button.
    offer = help.offers(gap=_gap(member), member=member, user=official)[0]
    assert offer.action is None and "you have applied: waiting for nomination" in offer.detail


def test_one_click_refusals_are_messages(client, member, other_member):
    hanoi_official = AffiliationFactory(member=other_member, role=Affiliation.Role.OFFICIAL).user
    reserved = SessionFactory(program=_program("ict-workforce"), reserved_for=member, title="For Seoul")
    client.force_login(hanoi_official)
    url = reverse("training:apply-now", args=[reserved.pk])
    response = client.post(url, {"member": other_member.pk, "gap": ""})
    assert response.status_code == 302 and response.url == reserved.get_absolute_url()
    assert any("reserved for the officials of Seoul" in m for m in _messages(response))
    response = client.post(url, {"member": member.pk})  # a member the official does not act for
    assert response.status_code == 302 and any("do not act for that member" in m for m in _messages(response))
    response = client.post(url, {"member": "x"})
    assert response.status_code == 302
    closed = SessionFactory(program=reserved.program, application_deadline=timezone.now() - dt.timedelta(hours=1))
    response = client.post(reverse("training:apply-now", args=[closed.pk]), {"member": other_member.pk})
    assert response.status_code == 302 and any("closed" in m for m in _messages(response))
    assert not Application.objects.exists()
    assert client.get(url).status_code == 405


# --- The provider: eGovFrame ----------------------------------------------------------------------------


@pytest.fixture
def egovframe(db):
    program = ProgramFactory(name="eGovFrame Technical Training", slug="egovframe", kind=Program.Kind.EGOVFRAME,
                             accepts_city_requests=True, offers_remote_support=True, prerequisites="")
    services.program_save(program=program, topics=["interoperability", "ict-workforce"], by=None)
    return program


def test_egovframe_is_offered_for_a_gap_in_systems(member, focal_point, official, egovframe):
    systems_gap = _gap(member, topics=("online-services",), in_systems=True, label="Systems map",
                       reason="your city's systems do not share data")
    offers = help.offers(gap=systems_gap, member=member, user=focal_point)
    assert [o.kind for o in offers] == ["egovframe"]
    offer = offers[0]
    assert offer.key == f"training.egovframe:{egovframe.pk}" and offer.url == egovframe.get_absolute_url()
    assert "eGovFrame" in offer.reason and "your city's systems do not share data" in offer.reason
    assert "cities may request a training at home" in offer.detail and "remote technical support" in offer.detail
    assert offer.action.method == "get" and offer.action.url.startswith(reverse("training:requests"))
    # The focal point's request form is filled in from the gap.
    page = _focal_client_get(focal_point, offer.action.url)
    assert "your city&#x27;s systems do not share data" in page or "your city's systems do not share data" in page
    # An official who is not the focal point (and no alumnus) gets the offer without a button.
    assert help.offers(gap=systems_gap, member=member, user=official)[0].action is None
    # Neither a systems gap nor interoperability: no eGovFrame offer.
    assert help.offers(gap=_gap(member, topics=("online-services",)), member=member, user=focal_point) == []


def _focal_client_get(user, url):
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_egovframe_for_interoperability_counts_open_sessions_and_alumni_may_ask_the_team(member, official, egovframe):
    today = timezone.localdate()
    SessionFactory(program=egovframe, title="eGovFrame 2030", starts_on=today + dt.timedelta(days=40))
    SessionFactory(program=egovframe, title="For Hanoi", reserved_for=MemberFactory(name="Hanoi"))
    past = SessionFactory(program=egovframe, title="eGovFrame 2020", starts_on=today - dt.timedelta(days=400),
                          ends_on=today - dt.timedelta(days=397), application_deadline=timezone.now() - dt.timedelta(days=420))
    Application.objects.create(session=past, applicant=official, member=member, motivation="x",
                               status=Application.Status.ACCEPTED)
    gap = _gap(member, topics=("interoperability",))
    offers = {o.kind: o for o in help.offers(gap=gap, member=member, user=official)}
    assert set(offers) == {"session", "egovframe"}
    assert offers["session"].title == "eGovFrame 2030"
    offer = offers["egovframe"]
    assert offer.detail.startswith("1 session open for applications, the next from ")
    assert offer.topics == ("interoperability",) and "Teaches Interoperability, standards and architecture" in offer.reason
    assert offer.action.url == reverse("training:support-new") and offer.action.label == "Ask the eGovFrame team"


def test_a_members_only_egovframe_program_is_not_offered_to_a_non_member(egovframe):
    guest_city = MemberFactory(name="Guest City", status=Member.Status.APPLICANT)
    guest = AffiliationFactory(member=guest_city, role=Affiliation.Role.FOCAL_POINT).user
    assert help.offers(gap=_gap(guest_city, in_systems=True), member=guest_city, user=guest) == []


# --- Bounded queries -------------------------------------------------------------------------------------


def _queries(gap, member, user) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as captured:
        offers = help.offers(gap=gap, member=member, user=user)
    return len(captured), offers


@pytest.mark.parametrize("count", [1, 20])
def test_the_provider_runs_a_constant_number_of_queries(django_assert_max_num_queries, member, official, egovframe, count):
    program = _program("ict-workforce", name="Seoul Program")
    for i in range(count):
        session = SessionFactory(program=program if i % 2 else egovframe, title=f"Session {i}")
        if i % 3 == 0:
            services.session_save(session=session, topics=["ict-workforce", "interoperability"], by=None)
    gap = _gap(member, topics=("ict-workforce", "interoperability"), in_systems=True)
    official = Affiliation.objects.get(user=official).user  # a fresh user: no cached affiliation
    # Sessions, their topics, their programs' topics, the user's affiliations and applications; the
    # eGovFrame programs, their topics, the user's alumni sessions.
    with django_assert_max_num_queries(8):
        offers = help.offers(gap=gap, member=member, user=official)
    assert len([o for o in offers if o.kind == "session"]) == count
    assert len([o for o in offers if o.kind == "egovframe"]) == 1


def test_the_query_count_is_the_same_for_1_and_20_sessions(member, official):
    program = _program("ict-workforce")
    SessionFactory(program=program)
    one, offers = _queries(_gap(member), member, Affiliation.objects.get(user=official).user)
    assert len(offers) == 1
    for _i in range(19):
        SessionFactory(program=program)
    twenty, offers = _queries(_gap(member), member, Affiliation.objects.get(user=official).user)
    assert len(offers) == 20 and twenty == one


# --- Demo ------------------------------------------------------------------------------------------------


def test_the_demo_gives_programs_topics_and_a_second_seed_changes_nothing():
    demo.seed(stdout=StringIO())
    codes = {p.slug: sorted(p.topics.values_list("code", flat=True)) for p in Program.objects.all()}
    assert all(codes.values()), codes
    assert {"interoperability", "ict-workforce"} <= set(codes["egovframe-technical-training"])
    webinar = Session.objects.get(title="Webinar: digital public services after the pandemic")
    assert sorted(t.code for t in webinar.taught_topics()) == ["digital-inclusion", "online-services"]
    entries = AuditEntry.objects.count()
    assert demo.seed(stdout=StringIO()) == "0 programs, 0 sessions created"
    assert AuditEntry.objects.count() == entries
    assert {p.slug: sorted(p.topics.values_list("code", flat=True)) for p in Program.objects.all()} == codes


def test_the_demo_gives_topics_to_programs_seeded_before_they_had_any():
    demo.seed(stdout=StringIO())
    Program.topics.through.objects.all().delete()
    Session.topics.through.objects.all().delete()
    demo.seed(stdout=StringIO())
    assert not Program.objects.filter(topics__isnull=True).exists()
    assert Session.objects.get(title="Webinar: digital public services after the pandemic").topics.count() == 2
