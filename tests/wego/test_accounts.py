"""Accounts: sign up, verify, log in, two-factor for staff, rate limits, preferred language."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from members.models import User
from tests.conftest import totp_code
from tests.factories import UserFactory
from tests.factories.members import PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_up_verify_and_log_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "name": "Nguyen Van An",
                "email": "an@hanoi.example.org",
                "password1": "a-long-enough-passphrase",
                "password2": "a-long-enough-passphrase",
                "preferred_language": "ko",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="an@hanoi.example.org")
    assert user.name == "Nguyen Van An"
    assert user.preferred_language == "ko"
    # The verification mail went out (through the Celery task) and holds the confirmation link.
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[0].body).group(1)

    # Unverified: logging in is held back until the address is confirmed.
    client.logout()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "a-long-enough-passphrase"})
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]

    response = client.post(link)
    assert response.status_code == 302
    client.logout()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "a-long-enough-passphrase"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("members:my")).status_code == 200


def test_bad_password_is_refused_with_a_message(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_failed_logins_are_rate_limited(client, settings):
    user = UserFactory()
    pages = [
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"}).content.decode()
        for _ in range(6)
    ]
    assert "Too many failed login attempts" not in pages[0]
    assert "Too many failed login attempts" in pages[-1]
    # Even the right password is refused while the limit holds.
    page = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}).content.decode()
    assert "Too many failed login attempts" in page


def test_password_reset_sends_a_mail(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    assert "password" in mail.outbox[0].subject.lower()


def test_staff_without_two_factor_are_kept_out_of_the_admin(client, secretariat):
    client.force_login(secretariat)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_with_two_factor_reach_the_admin(client, staff_with_mfa):
    client.force_login(staff_with_mfa)
    assert client.get("/admin/").status_code == 200


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_log_in_with_totp(client, staff_with_mfa):
    response = client.post(reverse("account_login"), {"login": staff_with_mfa.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(staff_with_mfa.totp_secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_preferred_language_is_used(client):
    user = UserFactory(preferred_language="ko")
    client.force_login(user)
    response = client.get("/")
    assert response.headers["Content-Language"] == "ko"
