"""Browser harness: a live server, a signed-in page, and axe-core checks. Used by every app's browser tests."""

import pytest

from members.models import Affiliation
from tests.factories import AffiliationFactory, MemberFactory
from tests.factories.members import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def seoul_focal_point(transactional_db):
    member = MemberFactory(name="Seoul", country="KR")
    return AffiliationFactory(member=member, role=Affiliation.Role.FOCAL_POINT, user__name="Kim Min-jun").user


def sign_in(page, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real login form."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()


def axe_violations(page, *, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (shipped inside axe-playwright-python, no network) and return the grave violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in impacts]
