"""End-to-end checks of the foundation in headless Chromium (system /usr/bin/chromium)."""

import pytest

from .conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


def test_sign_in_reaches_the_member_page(page, live_server, seoul_focal_point):
    sign_in(page, live_server.url, seoul_focal_point.email)
    page.get_by_role("link", name="Go to my organisation").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Seoul")
    assert page.get_by_text("Focal point").first.is_visible()


def test_sign_in_without_javascript(browser, live_server, seoul_focal_point):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, seoul_focal_point.email)
        page.goto(f"{live_server.url}/members/my/")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Seoul")
        # The account menu is a <details> element: it opens without JavaScript.
        page.get_by_text("Kim").first.click()
        assert page.get_by_role("button", name="Sign out").is_visible()
    finally:
        context.close()


def test_narrow_screen_has_no_horizontal_scroll(browser, live_server, transactional_db):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        for path in ("/", "/accounts/login/", "/accounts/signup/"):
            page.goto(f"{live_server.url}{path}")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/"])
def test_no_serious_accessibility_violations(page, live_server, transactional_db, path):
    page.goto(f"{live_server.url}{path}")
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]
