"""From a letter of intent to the selection of the city, in the browser (with axe checks)."""

import pytest

from feasibility import services
from feasibility.catalogue import ELEMENTS
from feasibility.models import LetterOfIntent, Review
from members.models import Affiliation
from tests.conftest import totp_code
from tests.factories.feasibility import ANSWERS, CallFactory, ReviewerFactory, ThemeFactory
from tests.factories.members import AffiliationFactory, MemberFactory, UserFactory
from tests.helpers import PDF_BYTES

from .conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


def fresh_page(browser, **context):
    return browser.new_context(**context).new_page()


def test_letter_review_and_selection(browser, live_server, staff_with_mfa, tmp_path, transactional_db):
    hanoi = MemberFactory(name="Hanoi", country="VN")
    focal = AffiliationFactory(member=hanoi, role=Affiliation.Role.FOCAL_POINT, user__name="Nguyen Thi Thu Ha").user
    call = CallFactory(theme=ThemeFactory(name="Civic Participation-based Systems"), title="F/S 2026: CPS",
                       cities_to_select=1)
    letter_pdf = tmp_path / "signed-letter.pdf"
    letter_pdf.write_bytes(PDF_BYTES)
    base = live_server.url

    # 1. Hanoi's focal point finds the call, saves a draft, then submits with the signed letter (at 320 px).
    page = fresh_page(browser, viewport={"width": 320, "height": 800})
    sign_in(page, base, focal.email)
    page.goto(f"{base}/feasibility/")
    page.get_by_role("link", name="F/S 2026: CPS").click()
    page.get_by_role("link", name="Write the letter of Hanoi").click()
    assert axe_violations(page) == []
    page.get_by_label(str(ELEMENTS[0][1])).fill(ANSWERS["commitment"])
    page.get_by_role("button", name="Save the draft").click()
    assert "Your draft is saved" in page.content()
    for code, label, _question in ELEMENTS[1:]:
        page.get_by_label(str(label)).fill(ANSWERS[code])
    page.get_by_label("Signed letter (PDF, at most 10 MB)").set_input_files(str(letter_pdf))
    page.get_by_role("button", name="Save and submit").click()
    assert "Your letter of intent is submitted" in page.content()
    page.context.close()
    letter = LetterOfIntent.objects.get(call=call, member=hanoi)
    assert letter.status == "submitted" and letter.signed_letter

    # 2. The call closes; an external reviewer is assigned and scores the letter.
    from django.utils import timezone

    from feasibility.models import Call

    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - timezone.timedelta(minutes=1))
    expert = UserFactory(name="Anna Weber")
    review = services.review_assign(reviewer=ReviewerFactory(call=call, user=expert, country="DE"),
                                    letter=letter, by=staff_with_mfa)
    page = fresh_page(browser)
    sign_in(page, base, expert.email)
    page.goto(f"{base}/feasibility/reviews/")
    page.get_by_role("link", name="Hanoi").click()
    assert "appear here once you have submitted" in page.content()
    for _code, label, _question in ELEMENTS:
        page.get_by_label(f"{label}: score").select_option("4")
    page.get_by_label("Overall comment").fill("A committed city with a clear plan.")
    page.get_by_role("button", name="Submit my review").click()
    assert "Your review is submitted" in page.content()
    assert axe_violations(page) == []
    page.context.close()
    review.refresh_from_db()
    assert review.status == Review.Status.SUBMITTED and review.mean == 4.0

    # 3. The Secretariat (two-factor) reads the ranking and selects Hanoi with a message.
    page = fresh_page(browser)
    sign_in(page, base, staff_with_mfa.email)
    page.get_by_label("Code").fill(totp_code(staff_with_mfa.totp_secret))
    page.get_by_role("button", name="Sign In").click()
    page.goto(f"{base}/staff/feasibility/")
    page.get_by_role("link", name="2026: F/S 2026: CPS").click()
    assert "4.00" in page.content()
    assert axe_violations(page) == []
    page.get_by_label("Message to Hanoi (required to decline)").fill("Congratulations: the study starts in May.")
    page.get_by_role("button", name="Select Hanoi").click()
    assert "Hanoi is selected; its project is created." in page.content()
    page.context.close()
    letter.refresh_from_db()
    assert letter.status == "selected" and letter.project.beneficiary == hanoi

    # 4. Hanoi sees the decision and opens its project.
    page = fresh_page(browser)
    sign_in(page, base, focal.email)
    page.goto(f"{base}/feasibility/my/")
    page.get_by_role("link", name="F/S 2026: CPS").click()
    assert "Your city is selected." in page.content()
    assert "Congratulations: the study starts in May." in page.content()
    page.get_by_role("link", name="Open the project").click()
    assert "EA — Environmental analysis" in page.content()
    assert axe_violations(page) == []
    page.context.close()


def test_consultant_enters_the_economic_analysis(browser, live_server, staff_with_mfa, transactional_db):
    from django.utils import timezone

    from feasibility.models import Call

    hanoi = MemberFactory(name="Hanoi", country="VN")
    call = CallFactory(cities_to_select=1)
    letter = LetterOfIntent.objects.create(call=call, member=hanoi, status="submitted", submitted_at=timezone.now(),
                                           **ANSWERS)
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - timezone.timedelta(minutes=1))
    project = services.letter_select(letter=letter, by=staff_with_mfa)
    consultant = UserFactory(name="Lee Jae-won")
    services.consultant_add(project=project, user=consultant, role="lead", by=staff_with_mfa)

    page = fresh_page(browser, viewport={"width": 320, "height": 800})
    sign_in(page, live_server.url, consultant.email)
    page.goto(f"{live_server.url}/feasibility/workspace/")
    page.get_by_role("link", name=project.title).click()
    page.get_by_role("link", name="Economic analysis (FA)").click()
    page.get_by_label("Discount rate (%)").fill("10")
    page.get_by_label("First year (year 0)").fill("2026")
    page.get_by_label("Costs, year 0", exact=True).fill("100")
    page.get_by_label("Benefits, year 1", exact=True).fill("60")
    page.get_by_label("Benefits, year 2", exact=True).fill("60")
    page.get_by_role("button", name="Save and compute").click()
    content = page.content()
    assert "The economic analysis is saved" in content
    assert "13.07 %" in content and "4.13" in content
    assert page.locator("svg.cash-flow-chart").count() == 1
    assert axe_violations(page) == []
    page.context.close()
