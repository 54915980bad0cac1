"""Apply → nominate → accept → attendance → certificate, in the browser (JavaScript off for the
officials' steps: every page works without it)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from members.models import Affiliation
from tests.conftest import totp_code
from tests.factories import AffiliationFactory
from tests.factories.training import ProgramFactory, SessionFactory
from training.models import AgendaItem, Application, Certificate, Session

from .conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


def new_page(browser, *, javascript=True, width=1280):
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": width, "height": 900})
    return context, context.new_page()


def test_apply_nominate_accept_attend_certificate(browser, live_server, seoul_focal_point, staff_with_mfa, transactional_db):
    base = live_server.url
    seoul = seoul_focal_point.affiliations.get().member
    official = AffiliationFactory(member=seoul, role=Affiliation.Role.OFFICIAL, user__name="Lee Soo-jin").user
    program = ProgramFactory(name="Seoul Program", topic_notes="Big Data\nIoT")
    session = SessionFactory(program=program, title="Seoul Program 2030", capacity=5,
                             starts_on=timezone.localdate() + dt.timedelta(days=20),
                             ends_on=timezone.localdate() + dt.timedelta(days=21))
    AgendaItem.objects.create(session=session, day=session.starts_on, kind=AgendaItem.Kind.SITE_VISIT, title="TOPIS")

    # 1. The official applies (no JavaScript).
    ctx, page = new_page(browser, javascript=False)
    sign_in(page, base, official.email)
    page.goto(f"{base}/training/")
    page.get_by_role("link", name="Seoul Program 2030").first.click()
    assert "5 seats left of 5" in page.content()
    page.get_by_role("link", name="Apply to this session").click()
    page.get_by_label("Job title").fill("Data analyst")
    page.get_by_label("Motivation").fill("To bring Seoul's big data practice home.")
    page.get_by_label("Dietary needs").fill("Vegetarian")
    page.get_by_role("button", name="Send my application").click()
    assert "focal point of Seoul will now decide" in page.content()
    ctx.close()

    # 2. The focal point nominates (no JavaScript).
    ctx, page = new_page(browser, javascript=False)
    sign_in(page, base, seoul_focal_point.email)
    page.goto(f"{base}/training/nominations/")
    page.get_by_role("button", name="Nominate Lee Soo-jin").click()
    assert "Lee Soo-jin is nominated" in page.content()
    ctx.close()
    assert Application.objects.get(applicant=official).status == Application.Status.NOMINATED

    # 3. The organiser (Secretariat, two-factor) gives the seat.
    ctx, page = new_page(browser)
    sign_in(page, base, staff_with_mfa.email)
    page.get_by_label("Code").fill(totp_code(staff_with_mfa.totp_secret))
    page.get_by_role("button", name="Sign In").click()
    page.goto(f"{base}/staff/training/")
    page.get_by_role("link", name="Seoul Program 2030").click()
    page.get_by_role("button", name="Accept Lee Soo-jin").click()
    assert "Lee Soo-jin is accepted" in page.content()
    assert Application.objects.get(applicant=official).status == Application.Status.ACCEPTED

    # The session takes place: move it to yesterday and today.
    today = timezone.localdate()
    Session.objects.filter(pk=session.pk).update(starts_on=today - dt.timedelta(days=1), ends_on=today)

    # 4. The organiser records both days' attendance, then issues the certificates.
    page.get_by_role("link", name="Attendance").click()
    for day in (today - dt.timedelta(days=1), today):
        page.get_by_label("Day").select_option(day.isoformat())
        page.get_by_role("button", name="Show").click()
        page.get_by_label(re.compile("Lee Soo-jin")).check()
        page.get_by_role("button", name="Save the attendance").click()
        assert "1 present" in page.content()
    page.get_by_role("link", name="Certificates").click()
    page.get_by_role("button", name="Issue the certificates of every eligible participant").click()
    assert "1 certificates issued" in page.content()
    ctx.close()
    certificate = Certificate.objects.get()

    # 5. The participant downloads the certificate; anyone checks its code.
    ctx, page = new_page(browser, javascript=False, width=320)
    sign_in(page, base, official.email)
    page.goto(f"{base}/training/my/")
    link = page.get_by_role("link", name="Download my certificate (PDF)")
    response = page.request.get(base + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
    ctx.close()

    ctx, page = new_page(browser, javascript=False)
    page.goto(f"{base}/training/certificates/verify/")
    page.get_by_label("Verification code").fill(certificate.code.lower())
    page.get_by_role("button", name="Check").click()
    assert "This certificate is valid" in page.content()
    assert "Lee Soo-jin" in page.content()
    ctx.close()

    # Accessibility (axe-core needs JavaScript): the pages of the flow have no serious violation.
    ctx, page = new_page(browser)
    for path in (f"/training/sessions/{session.pk}/", f"/training/certificates/verify/?code={certificate.code}", "/training/"):
        page.goto(f"{base}{path}")
        assert axe_violations(page) == [], path
    sign_in(page, base, seoul_focal_point.email)
    page.goto(f"{base}/training/nominations/")
    assert axe_violations(page) == []
    page.goto(f"{base}/training/my/")
    assert axe_violations(page) == []
    ctx.close()


def test_training_pages_fit_320_pixels(browser, live_server, transactional_db):
    session = SessionFactory(program=ProgramFactory(name="WeGO eGovFrame Technical Training"), title="eGovFrame 2030")
    ctx, page = new_page(browser, javascript=False, width=320)
    try:
        for path in ("/training/", f"/training/sessions/{session.pk}/", "/training/calendar/", "/training/certificates/verify/"):
            page.goto(f"{live_server.url}{path}")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
    finally:
        ctx.close()
