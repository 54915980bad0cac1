"""Issue 12, point 8: a stranger cannot lock a focal point out, and the stranger stays throttled.

Failed password logins are limited per IP, per address *and* IP together, and (loosely) per address;
the owner can always sign in with a code sent to their address, which still passes email verification
and, for staff, two-factor authentication.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from members.models import Affiliation
from tests.conftest import totp_code
from tests.factories import AffiliationFactory, UserFactory
from tests.factories.members import PASSWORD

pytestmark = pytest.mark.django_db

STRANGER_IP = "203.0.113.66"
OWNER_IP = "198.51.100.7"
THROTTLED = "Too many failed login attempts"


@pytest.fixture
def focal(member):
    return AffiliationFactory(member=member, role=Affiliation.Role.FOCAL_POINT).user


def _login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _signed_in(client) -> bool:
    return client.get(reverse("members:my")).status_code == 200


def _code_from_outbox() -> str:
    body = mail.outbox[-1].body
    match = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", body, re.MULTILINE)
    assert match, body
    return match.group(1)


def test_a_stranger_failing_from_one_ip_does_not_stop_the_owner_on_another_ip(focal):
    stranger = Client(REMOTE_ADDR=STRANGER_IP)
    pages = [_login(stranger, focal.email, f"guess-{n}").content.decode() for n in range(12)]
    assert THROTTLED not in pages[0]
    assert THROTTLED in pages[-1]

    owner = Client(REMOTE_ADDR=OWNER_IP)
    response = _login(owner, focal.email, PASSWORD)
    assert response.status_code == 302
    assert _signed_in(owner)


def test_the_stranger_keeps_being_throttled(focal):
    stranger = Client(REMOTE_ADDR=STRANGER_IP)
    for n in range(5):
        assert THROTTLED not in _login(stranger, focal.email, f"guess-{n}").content.decode()
    # Once the limit holds, even a right guess from that IP is refused, again and again.
    for _ in range(3):
        page = _login(stranger, focal.email, PASSWORD)
        assert page.status_code == 200 and THROTTLED in page.content.decode()
    assert not _signed_in(stranger)
    # The owner signing in from elsewhere does not lift the stranger's limit.
    owner = Client(REMOTE_ADDR=OWNER_IP)
    assert _login(owner, focal.email, PASSWORD).status_code == 302
    assert THROTTLED in _login(stranger, focal.email, PASSWORD).content.decode()


def test_one_ip_trying_many_addresses_is_throttled(member):
    stranger = Client(REMOTE_ADDR=STRANGER_IP)
    users = [UserFactory() for _ in range(11)]
    pages = [_login(stranger, u.email, "wrong-guess").content.decode() for u in users]
    assert THROTTLED not in pages[0]
    assert THROTTLED in pages[-1]


def test_many_ips_against_one_address_hit_the_address_ceiling(focal, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed_address": "8/h/key"}
    for n in range(4):
        bot = Client(REMOTE_ADDR=f"192.0.2.{n + 10}")
        for m in range(2):
            assert THROTTLED not in _login(bot, focal.email, f"guess-{n}-{m}").content.decode()
    fresh = Client(REMOTE_ADDR="192.0.2.200")
    assert THROTTLED in _login(fresh, focal.email, PASSWORD).content.decode()


def test_the_owner_signs_in_by_emailed_code_while_the_password_path_is_throttled(
    focal, settings, django_capture_on_commit_callbacks
):
    # The stranger shares the owner's IP (a city hall behind one address): the password path is closed.
    stranger = Client(REMOTE_ADDR=STRANGER_IP)
    for n in range(6):
        _login(stranger, focal.email, f"guess-{n}")
    owner = Client(REMOTE_ADDR=STRANGER_IP)
    page = _login(owner, focal.email, PASSWORD).content.decode()
    assert THROTTLED in page
    assert "sign in with a code" in page
    assert reverse("account_request_login_code") in page  # the login page offers the code

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = owner.post(reverse("account_request_login_code"), {"email": focal.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_login_code")
    assert mail.outbox and mail.outbox[-1].to == [focal.email]
    response = owner.post(reverse("account_confirm_login_code"), {"code": _code_from_outbox()})
    assert response.status_code == 302
    assert _signed_in(owner)
    # The stranger's password attempts are still refused.
    assert THROTTLED in _login(stranger, focal.email, PASSWORD).content.decode()


def test_a_wrong_code_does_not_sign_in_and_codes_are_limited(focal, django_capture_on_commit_callbacks):
    stranger = Client(REMOTE_ADDR=STRANGER_IP)
    with django_capture_on_commit_callbacks(execute=True):
        stranger.post(reverse("account_request_login_code"), {"email": focal.email})
    for _ in range(4):
        stranger.post(reverse("account_confirm_login_code"), {"code": "AAAAAA"})
    assert not _signed_in(stranger)
    # Codes cannot be requested without end for one address, even from fresh sessions.
    pages = []
    for _ in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            response = Client(REMOTE_ADDR=STRANGER_IP).post(reverse("account_request_login_code"), {"email": focal.email})
        pages.append(response)
    assert pages[0].status_code == 302
    assert pages[-1].status_code == 200 and THROTTLED in pages[-1].content.decode()


def test_login_by_code_verifies_an_unconfirmed_address(django_capture_on_commit_callbacks):
    user = UserFactory(verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": user.email})
    response = client.post(reverse("account_confirm_login_code"), {"code": _code_from_outbox()})
    assert response.status_code == 302
    assert _signed_in(client)
    assert EmailAddress.objects.get(user=user).verified


def test_staff_signing_in_by_code_still_need_their_authenticator(staff_with_mfa, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": staff_with_mfa.email})
    response = client.post(reverse("account_confirm_login_code"), {"code": _code_from_outbox()})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302  # not signed in yet
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(staff_with_mfa.totp_secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
