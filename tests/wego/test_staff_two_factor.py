"""Issue 12.1: a staff role grants nothing until the session has passed two-factor.

The demo world holds private data of many cities; private marker texts are planted in CeDS answers,
letters of intent, support threads, Awards entries, membership applications and withdrawal
requests, and invoice numbers are private too. Every URL pattern of the portal (outside the admin
and allauth's own pages) is requested as staff users whose session has not passed two-factor and as
an ordinary signed-in user: the staff users get exactly what the ordinary user gets, and no private
marker that the ordinary user does not see. Staff consoles and the admin send them to the
two-factor step instead; POSTs to staff pages write nothing.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import time

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from awards.models import Category, Entry
from ceds.models import Dimension, Investigation, MaturityAnswer
from feasibility.models import LetterOfIntent
from finance.models import Invoice
from members.models import Member, MembershipApplication, RegionalOffice, User, WithdrawalRequest
from tests.conftest import totp_code
from tests.factories import UserFactory
from tests.factories.members import PASSWORD
from training.models import SupportMessage
from wego.models import AuditEntry
from wego.staff import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    AUTHENTICATION_USER_SESSION_KEY,
    gate_user,
    session_passed_two_factor,
    staff_privilege_withheld,
)

pytestmark = pytest.mark.django_db

SKIPPED_PREFIXES = ("admin/", "accounts/", "media/", "static/", "i18n/", "__", "api/schema", "api/docs")


def _patterns():
    """(route, name) for every URL pattern of the portal, with its converters."""
    found = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                found.append(prefix + str(p.pattern))

    walk(get_resolver().url_patterns)
    return [r for r in found if not r.startswith(SKIPPED_PREFIXES) and not r.startswith("^")]


def _candidates(world):
    # Ids of private objects of the marked cities (the demo's ids differ between databases), and 1.
    cities = world["cities"]
    ints = ["1"] + sorted({
        str(pk) for pk in (
            Investigation.objects.filter(member__in=cities).order_by("pk").values_list("pk", flat=True).first(),
            LetterOfIntent.objects.filter(member__in=cities).order_by("pk").values_list("pk", flat=True).first(),
            SupportMessage.objects.filter(request__member__in=cities).order_by("pk").values_list("request_id", flat=True).first(),
        ) if pk and pk != 1
    })
    years = [str(y) for y in (2012, 2014, 2015, 2016, 2017, dt.date.today().year, dt.date.today().year + 1)]
    slugs = list(Member.objects.filter(pk__in=world["cities"]).values_list("slug", flat=True))
    codes = list(Dimension.objects.values_list("code", flat=True)[:2]) + list(
        Category.objects.values_list("code", flat=True)[:2]
    )
    return {"int": ints, "year": years, "slug": slugs + codes, "str": codes + ["x"], "path": ["x"]}


def _urls(route, candidates):
    params = re.findall(r"<(?:(\w+):)?(\w+)>", route)
    options = []
    for converter, name in params:
        if name == "year":
            options.append(candidates["year"])
        else:
            options.append(candidates.get(converter or "str", ["x"]))
    urls = []
    for combo in itertools.islice(itertools.product(*options), 8):
        url = route
        for value in combo:
            url = re.sub(r"<[^>]+>", value, url, count=1)
        urls.append("/" + url.replace("^", "").replace("$", ""))
    return urls


@pytest.fixture
def world(db):
    call_command("seed_demo", "--quiet-accounts")
    cities = list(Member.objects.filter(slug__in=["seoul", "hanoi", "addis-ababa", "quezon-city"]).values_list("pk", flat=True))
    markers = []
    for member in Member.objects.filter(pk__in=cities):
        tag = member.slug.upper()
        MaturityAnswer.objects.filter(investigation__member=member).update(note=f"PRIVATE-CEDS-{tag}")
        LetterOfIntent.objects.filter(member=member).update(commitment=f"PRIVATE-LOI-{tag}")
        SupportMessage.objects.filter(request__member=member).update(body=f"PRIVATE-SUPPORT-{tag}")
        Entry.objects.filter(member=member).exclude(status=Entry.Status.DRAFT).update(figures=f"PRIVATE-ENTRY-{tag}")
        markers += [f"PRIVATE-CEDS-{tag}", f"PRIVATE-LOI-{tag}", f"PRIVATE-SUPPORT-{tag}", f"PRIVATE-ENTRY-{tag}"]
    MembershipApplication.objects.update(motivation="PRIVATE-APPLICATION")
    WithdrawalRequest.objects.update(reason="PRIVATE-WITHDRAWAL")
    markers += ["PRIVATE-APPLICATION", "PRIVATE-WITHDRAWAL"]
    markers += list(Invoice.objects.filter(member__in=cities).values_list("number", flat=True)[:20])
    assert Investigation.objects.filter(member__in=cities).exists()
    return {"cities": cities, "markers": markers}


def _staff_without_two_factor():
    secretariat = UserFactory(is_staff=True, email="new.secretariat@example.org")
    secretariat.groups.add(Group.objects.get(name="secretariat"))
    superuser = UserFactory(is_staff=True, is_superuser=True, email="root@example.org")
    regional = UserFactory(is_staff=True, email="new.chengdu@example.org", regional_office=RegionalOffice.objects.get(host="Chengdu"))
    return {"secretariat": secretariat, "superuser": superuser, "regional": regional}


def _login_without_two_factor(client, user):
    """A session whose log has the password step only, as a password login of this user leaves."""
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "password", "at": time.time()}]
    session[AUTHENTICATION_USER_SESSION_KEY] = str(user.pk)
    session.save()


def _markers_in(response, markers):
    if response.status_code != 200 or not hasattr(response, "content"):
        return set()
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    return {m for m in markers if m in text}


def test_no_url_shows_private_data_to_staff_without_two_factor(client, world):
    staff = _staff_without_two_factor()
    # A Secretariat member with an authenticator whose session did not pass it (password only).
    demo_secretariat = UserFactory(is_staff=True, two_factor=True, email="with.authenticator@example.org")
    demo_secretariat.groups.add(Group.objects.get(name="secretariat"))
    ordinary = UserFactory(email="plain.person@example.org")
    candidates = _candidates(world)
    urls = [url for route in _patterns() for url in _urls(route, candidates)]
    assert len(urls) > 200

    def fetch(user, *, two_factor=False):
        if two_factor:
            client.force_login(user)
        else:
            _login_without_two_factor(client, user)
        results = {}
        for url in urls:
            response = client.get(url)
            results[url] = (response, _markers_in(response, world["markers"]))
        return results

    baseline = fetch(ordinary)
    seen_by_full_staff = set()
    for _, found in fetch(demo_secretariat, two_factor=True).values():
        seen_by_full_staff |= found
    # The markers are real: the Secretariat with two-factor sees them on some page.
    assert {m for m in seen_by_full_staff if m.startswith("PRIVATE-")}, "the test world shows no private data"

    problems = []
    for label, user in [*staff.items(), ("secretariat with an authenticator, password only", demo_secretariat)]:
        for url, (response, found) in fetch(user).items():
            expected, expected_found = baseline[url]
            leaked = found - expected_found
            if leaked:
                problems.append(f"{label} {url}: shows {sorted(leaked)}")
            if url.startswith("/staff/"):
                if response.status_code not in (302, 403, 404, 405) or (
                    response.status_code == 302 and "/accounts/" not in response["Location"]
                ):
                    problems.append(f"{label} {url}: staff console answered {response.status_code}")
            elif response.status_code != expected.status_code:
                problems.append(f"{label} {url}: {response.status_code}, an ordinary user gets {expected.status_code}")
    assert not problems, "\n".join(problems[:40])


def test_staff_pages_refuse_posts_and_write_nothing(client, world):
    staff = _staff_without_two_factor()
    candidates = _candidates(world)
    urls = [url for route in _patterns() if route.startswith("staff/") for url in _urls(route, candidates)[:3]]
    assert len(urls) > 20
    before = AuditEntry.objects.count()
    for user in staff.values():
        _login_without_two_factor(client, user)
        for url in urls:
            response = client.post(url, {"action": "accept", "reason": "x"})
            assert response.status_code in (302, 403, 404, 405), (url, response.status_code)
            if response.status_code == 302:
                assert "/accounts/" in response["Location"], (url, response["Location"])
    assert AuditEntry.objects.count() == before


def test_admin_refuses_until_two_factor(client, world):
    staff = _staff_without_two_factor()
    for user in staff.values():
        _login_without_two_factor(client, user)
        for url in ["/admin/", "/admin/members/member/", "/admin/ceds/investigation/", "/admin/wego/auditentry/"]:
            response = client.get(url)
            assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp"), url


def test_api_sees_an_ordinary_user(client, world):
    staff = _staff_without_two_factor()
    ordinary = UserFactory()
    endpoints = ["/api/v1/ceds/investigations/", "/api/v1/me/"]
    client.force_login(ordinary)
    expected = {url: client.get(url).json() for url in endpoints}
    for user in staff.values():
        _login_without_two_factor(client, user)
        got = client.get("/api/v1/ceds/investigations/")
        assert got.status_code in (200, 403)
        assert got.json() == expected["/api/v1/ceds/investigations/"] or got.status_code == 403
        assert "PRIVATE" not in got.content.decode()
    # A refusal in the API says why, as the pages do.
    investigation = Investigation.objects.filter(member__slug="hanoi").first()
    refused = client.get(f"/api/v1/ceds/investigations/{investigation.pk}/reports/")
    assert refused.status_code == 404
    assert "two-factor" in refused.json()["error"]["details"]["two_factor"]


def test_refused_pages_say_to_set_up_two_factor(client, world):
    staff = _staff_without_two_factor()
    _login_without_two_factor(client, staff["secretariat"])
    investigation = Investigation.objects.filter(member__slug="hanoi").first()
    response = client.get(reverse("ceds:investigation", args=[investigation.pk]))
    assert response.status_code == 404
    assert "only after two-factor authentication" in response.content.decode()
    assert reverse("mfa_index") in response.content.decode()


def test_the_same_user_with_two_factor_reads_everything(client, world, django_capture_on_commit_callbacks):
    staff = _staff_without_two_factor()["secretariat"]
    investigation = Investigation.objects.filter(member__slug="hanoi").first()
    url = reverse("ceds:investigation", args=[investigation.pk])
    _login_without_two_factor(client, staff)
    assert client.get(url).status_code == 404
    # Setting up an authenticator proves it for this session.
    from allauth.mfa.totp.internal.auth import generate_totp_secret

    # allauth asks for the password again before an authenticator is added.
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session.get("mfa.totp.secret") or generate_totp_secret()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302, getattr(response, "context", None) and response.context["form"].errors
    assert session_passed_two_factor(_Req(client.session), staff)
    assert client.get(url).status_code == 200
    assert client.get("/admin/members/member/").status_code == 200


def test_a_password_login_then_the_code_passes_two_factor(client, world):
    user = User.objects.get(email="secretariat@example.org")
    secret = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).wrap().instance.data["secret"]
    from allauth.mfa.utils import decrypt

    response = client.post(reverse("account_login"), {"login": user.email, "password": "wego-demo-2026"})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(decrypt(secret))})
    assert response.status_code == 302
    investigation = Investigation.objects.filter(member__slug="hanoi").first()
    assert client.get(reverse("ceds:investigation", args=[investigation.pk])).status_code == 200


def test_a_withheld_user_is_saved_with_its_role_intact(rf, db):
    office = RegionalOffice.objects.create(name="Asia", host="Chengdu", regions=["asia"])
    staff = UserFactory(is_staff=True, regional_office=office)
    request = rf.get("/")
    request.session = {}
    user = gate_user(request, User.objects.get(pk=staff.pk))
    assert staff_privilege_withheld(user) and not user.is_staff and user.regional_office_id is None
    assert not user.has_perm("members.view_member") and not user.has_module_perms("members")
    user.name = "Changed"
    user.save()
    fresh = User.objects.get(pk=staff.pk)
    assert fresh.is_staff and fresh.regional_office_id == office.pk and fresh.name == "Changed"
    assert not user.is_staff  # still withheld for the rest of the request


class _Req:
    def __init__(self, session):
        self.session = session
