"""Shared fixtures: users and members by role, API clients, partner keys, and the browser harness."""

import os
import shutil

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from members.models import Affiliation
from members.services import partner_key_create
from tests.factories import AffiliationFactory, MemberFactory, PartnerFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("WEGO_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Throttles and rate limits live in the cache: every test starts with a clean one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A test that activates a language (a user's preferred one, say) does not leave it to the next."""
    from django.utils import translation

    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _two_factor_on_force_login(monkeypatch):
    """`force_login` of a user with an authenticator gives the session allauth's two-factor step.

    A real login of such a user always passes the authenticator code (allauth's MFA stage), so a
    test that logs one in directly gets the same session. A staff user without an authenticator
    gets a session without it, and their staff privilege is withheld (wego.staff).
    """
    from allauth.mfa.models import Authenticator
    from django.test.client import ClientMixin

    from wego.staff import record_two_factor

    original = ClientMixin.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            session = self.session
            record_two_factor(_SessionRequest(session), user, type="totp")
            session.save()

    monkeypatch.setattr(ClientMixin, "force_login", force_login)


class _SessionRequest:
    def __init__(self, session):
        self.session = session


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def member(db):
    return MemberFactory(name="Seoul", country="KR")


@pytest.fixture
def other_member(db):
    return MemberFactory(name="Hanoi", country="VN")


@pytest.fixture
def official(member):
    return AffiliationFactory(member=member, role=Affiliation.Role.OFFICIAL).user


@pytest.fixture
def focal_point(member):
    return AffiliationFactory(member=member, role=Affiliation.Role.FOCAL_POINT).user


@pytest.fixture
def secretariat(db):
    from django.contrib.auth.models import Group

    from members.services import SECRETARIAT_GROUP, roles_sync

    roles_sync()
    staff = UserFactory(is_staff=True, email="staff@example.org")
    staff.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    return staff


@pytest.fixture
def staff_with_mfa(secretariat):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(secretariat, secret)
    secretariat.totp_secret = secret
    return secretariat


def totp_code(secret: str) -> str:
    """The current code an authenticator app would show for `secret`."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def partner(db):
    return PartnerFactory(name="World Bank", acronym="WB")


@pytest.fixture
def partner_key(partner):
    key, raw = partner_key_create(partner=partner, name="test key")
    return raw


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def partner_client(partner_key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {partner_key}")
    return client


# --- Browser harness (Playwright on the system Chromium) ----------------------------------------

BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which(CHROMIUM) is not None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not chromium_available():
        pytest.skip(f"no Chromium at {CHROMIUM}: browser tests need it (.ci/run installs it)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": BROWSER_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "viewport": {"width": 1280, "height": 900}}
