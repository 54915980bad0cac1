"""Apply → accept → invite a colleague, in the browser."""

import re

import pytest
from django.core import mail

from members.models import Affiliation, Member
from tests.conftest import totp_code
from tests.factories import UserFactory
from tests.helpers import PDF_BYTES

from .conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser



def test_apply_accept_invite(browser, live_server, staff_with_mfa, tmp_path, transactional_db):
    applicant = UserFactory(email="mai@danang.example.org", name="Tran Thi Mai")
    colleague = UserFactory(email="hung@danang.example.org", name="Le Van Hung")
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(PDF_BYTES)

    # 1. The applicant fills in and submits the application.
    ctx = browser.new_context()
    page = ctx.new_page()
    sign_in(page, live_server.url, applicant.email)
    page.goto(f"{live_server.url}/members/apply/")
    page.get_by_role("link", name="Start an application").click()
    page.get_by_label("Organisation name").fill("Da Nang")
    page.get_by_label("Kind of organisation").select_option("city")
    page.get_by_label("Country").select_option("VN")
    page.locator("#id_population").fill("1230000")
    page.get_by_label("Main contact: name").fill("Tran Thi Mai")
    page.get_by_label("Main contact: email").fill("mai@danang.example.org")
    page.get_by_label("Signed application letter (PDF, at most 10 MB)").set_input_files(str(letter))
    page.get_by_role("button", name="Submit the application").click()
    assert "Your application is submitted" in page.content()
    ctx.close()

    member = Member.objects.get(name="Da Nang")
    assert (member.status, member.category) == ("active", "associate")  # an Associate on submission (issue 20)

    # 2. The Secretariat signs in with two-factor and verifies it.
    ctx = browser.new_context()
    page = ctx.new_page()
    sign_in(page, live_server.url, staff_with_mfa.email)
    page.get_by_label("Code").fill(totp_code(staff_with_mfa.totp_secret))
    page.get_by_role("button", name="Sign In").click()
    page.goto(f"{live_server.url}/staff/members/")
    page.get_by_role("link", name="Da Nang").click()
    page.get_by_role("button", name="Mark the application as verified").click()
    assert "The application of Da Nang is verified" in page.content()
    ctx.close()
    member = Member.objects.get(name="Da Nang")
    assert member.category == "associate"

    # 3. The new focal point invites a colleague, who accepts through the emailed link.
    ctx = browser.new_context()
    page = ctx.new_page()
    sign_in(page, live_server.url, applicant.email)
    page.goto(f"{live_server.url}/members/my/")
    page.get_by_label("Colleague's email address").fill(colleague.email)
    page.locator("#id_role").select_option("delegate")
    page.get_by_role("button", name="Send the invitation").click()
    assert "Invitation sent to hung@danang.example.org" in page.content()
    ctx.close()
    body = next(m.body for m in mail.outbox if colleague.email in m.to)
    link = re.search(r"https?://\S+/members/invitations/\S+/", body).group(0)

    ctx = browser.new_context()
    page = ctx.new_page()
    sign_in(page, live_server.url, colleague.email)
    page.goto(link)
    page.get_by_role("button", name="Accept the invitation").click()
    assert "you now act for Da Nang as delegate" in page.content()
    ctx.close()
    assert Affiliation.objects.get(user=colleague, member=member).role == "delegate"


@pytest.mark.parametrize(
    "path", ["/members/", "/members/seoul/", "/partners/", "/members/apply/new/", "/members/my/", "/members/my/invoices/",
             "/members/fees/"],
)
def test_membership_pages_are_accessible_and_fit_320px(browser, live_server, seoul_focal_point, path):
    from finance.services import fee_schedule_create_example

    fee_schedule_create_example(year=2026)
    ctx = browser.new_context(viewport={"width": 320, "height": 700})
    page = ctx.new_page()
    try:
        sign_in(page, live_server.url, seoul_focal_point.email)
        page.goto(f"{live_server.url}{path}")
        assert page.get_by_role("heading", level=1).count() == 1
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
        violations = axe_violations(page)
        assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]
    finally:
        ctx.close()
