"""Issue 12, point 9: nothing typed is lost when the session ends before the official presses save.

End to end with the test client (CSRF checks on): sign in, open the form, the session ends, the form
is posted, the login page comes, sign in again, and the page shows what was typed; saving it then
writes it. The same for a CeDS section, a letter of intent and a WeGO Awards entry.
"""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse

from awards.models import Entry
from ceds import services as ceds_services
from ceds.models import Indicator, MaturityAnswer
from feasibility.models import LetterOfIntent
from tests.factories import AffiliationFactory, MemberFactory
from tests.factories.awards import make_edition
from tests.factories.ceds import ensure_framework
from tests.factories.feasibility import ANSWERS, CallFactory
from tests.factories.members import PASSWORD
from wego import preserve

pytestmark = pytest.mark.django_db

KEPT = "We kept what you typed before your session ended; check it and save."


class _FormParser(HTMLParser):
    """The values a browser would send for the page's main POST form (first submit button pressed)."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._in_form = False
        self._textarea = None
        self._select = None
        self._buttons: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._in_form = True
            self.forms.append([])
            self._buttons = []
        if not self._in_form:
            return
        fields = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    fields.append((name, a.get("value", "on")))
            elif kind == "submit":
                self._buttons.append((name, a.get("value", "")))
            elif kind != "file":
                fields.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = [name, None, None]
        elif tag == "option" and self._select is not None:
            if self._select[2] is None:
                self._select[2] = a.get("value", "")
            if "selected" in a:
                self._select[1] = a.get("value", "")
        elif tag == "button" and name and (a.get("type") or "submit") == "submit":
            self._buttons.append((name, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if not self._in_form:
            return
        if tag == "textarea" and self._textarea is not None:
            self.forms[-1].append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            value = self._select[1] if self._select[1] is not None else self._select[2]
            self.forms[-1].append((self._select[0], value or ""))
            self._select = None
        elif tag == "form":
            if self._buttons:
                self.forms[-1].append(self._buttons[0])
            self._in_form = False


def form_data(html: str, *, containing: str) -> dict[str, list[str]]:
    """The fields of the POST form that has a field named `containing`."""
    parser = _FormParser()
    parser.feed(html)
    for fields in parser.forms:
        if any(name == containing for name, _ in fields):
            data: dict[str, list[str]] = {}
            for name, value in fields:
                data.setdefault(name, []).append(value)
            return data
    raise AssertionError(f"no form with {containing}")


def sign_in(client: Client, user, *, path: str):
    """Open the login page as the redirect gave it and sign in; returns the response."""
    login_page = client.get(path)
    assert login_page.status_code == 200
    token = form_data(login_page.content.decode(), containing="login")["csrfmiddlewaretoken"][0]
    return client.post(path, {"login": user.email, "password": PASSWORD, "csrfmiddlewaretoken": token})


def end_session(client: Client, how: str) -> None:
    """The session ends under the open page: it expired on the server, or the user signed out in another tab.

    (The test client's own ``logout()`` also drops the CSRF cookie, which a browser keeps.)
    """
    if how == "expired":
        SessionStore(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value).delete()
    else:
        token = client.cookies[settings.CSRF_COOKIE_NAME].value
        assert client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert client.get(reverse("members:my")).status_code == 302


def post_after_session_end(client: Client, url: str, data: dict) -> str:
    """POST `data` with the page's CSRF token; returns the login URL it is sent to."""
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]
    return response["Location"]


@pytest.fixture
def official():
    member = MemberFactory(name="Ulaanbaatar", country="MN")
    user = AffiliationFactory(member=member, role="official").user
    user.member = member
    return user


@pytest.fixture
def signed_in(official):
    client = Client(enforce_csrf_checks=True)
    response = sign_in(client, official, path=reverse("account_login"))
    assert response.status_code == 302
    return client


def _csrf(page) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)


# --- CeDS section ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["logout", "expired"])
def test_a_ceds_section_typed_when_the_session_ended_is_there_after_login(signed_in, official, how):
    ensure_framework()
    investigation = ceds_services.investigation_create(member=official.member, by=official, year=2026)
    url = reverse("ceds:maturity_section", args=[investigation.pk, "GM"])
    first, second = Indicator.objects.filter(version=investigation.version, dimension__code="GM").order_by("order")[:2]
    page = signed_in.get(url)
    assert page.status_code == 200
    typed = form_data(page.content.decode(), containing=f"n{first.pk}")
    typed[f"q{first.pk}"] = ["3"]
    typed[f"n{first.pk}"] = ["Council resolution 2026/14 adopts the strategy."]
    typed[f"q{second.pk}"] = ["1"]

    end_session(signed_in, how)
    login_url = post_after_session_end(signed_in, url, typed)
    assert not MaturityAnswer.objects.filter(investigation=investigation).exists()
    assert "what you typed on the form is kept" in signed_in.get(login_url).content.decode()

    response = sign_in(signed_in, official, path=login_url)
    assert response.status_code == 302 and response["Location"] == url
    page = signed_in.get(url).content.decode()
    assert KEPT in page
    assert re.search(rf'name="q{first.pk}" value="3"[^>]*checked', page)
    assert re.search(rf'name="q{second.pk}" value="1"[^>]*checked', page)
    assert "Council resolution 2026/14 adopts the strategy." in page

    # Saving the page as shown writes what was typed.
    data = form_data(page, containing=f"n{first.pk}")
    signed_in.post(url, data)
    saved = dict(MaturityAnswer.objects.filter(investigation=investigation).values_list("indicator_id", "level"))
    assert saved == {first.pk: 3, second.pk: 1}
    assert MaturityAnswer.objects.get(indicator=first, investigation=investigation).note.startswith("Council")
    # Shown once: the page is back to the saved answers, without the message.
    assert KEPT not in signed_in.get(url).content.decode()


def test_kept_input_is_not_shown_to_someone_without_access(signed_in, official):
    ensure_framework()
    investigation = ceds_services.investigation_create(member=official.member, by=official, year=2026)
    url = reverse("ceds:maturity_section", args=[investigation.pk, "GM"])
    first = Indicator.objects.filter(version=investigation.version, dimension__code="GM").order_by("order").first()
    typed = form_data(signed_in.get(url).content.decode(), containing=f"n{first.pk}")
    typed[f"n{first.pk}"] = ["Private note of Ulaanbaatar"]
    end_session(signed_in, "logout")
    login_url = post_after_session_end(signed_in, url, typed)
    stranger = AffiliationFactory(member=MemberFactory(name="Hanoi", country="VN"), role="official").user
    sign_in(signed_in, stranger, path=login_url)
    response = signed_in.get(url)
    assert response.status_code == 404
    assert "Private note of Ulaanbaatar" not in response.content.decode()


# --- Letter of intent ------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["logout", "expired"])
def test_a_letter_of_intent_typed_when_the_session_ended_is_there_after_login(signed_in, official, how):
    call = CallFactory()
    url = reverse("feasibility:letter-start", args=[call.pk, official.member.pk])
    page = signed_in.get(url)
    assert page.status_code == 200
    typed = {**ANSWERS, "contact_name": "Bat-Erdene", "contact_email": "be@ub.example.org",
             "save": "1", "csrfmiddlewaretoken": _csrf(page)}

    end_session(signed_in, how)
    login_url = post_after_session_end(signed_in, url, typed)
    assert not LetterOfIntent.objects.exists()
    response = sign_in(signed_in, official, path=login_url)
    assert response["Location"] == url
    page = signed_in.get(url).content.decode()
    assert KEPT in page
    assert ANSWERS["commitment"] in page and ANSWERS["sustainability"] in page and "be@ub.example.org" in page

    signed_in.post(url, form_data(page, containing="commitment"))
    letter = LetterOfIntent.objects.get(call=call, member=official.member)
    assert letter.status == "draft"
    assert (letter.commitment, letter.contact_name) == (ANSWERS["commitment"], "Bat-Erdene")


def test_a_draft_letter_being_edited_is_kept_too(signed_in, official):
    call = CallFactory()
    start = reverse("feasibility:letter-start", args=[call.pk, official.member.pk])
    page = signed_in.get(start)
    signed_in.post(start, {**ANSWERS, "contact_name": "A", "contact_email": "a@ub.example.org", "save": "1",
                         "csrfmiddlewaretoken": _csrf(page)})
    letter = LetterOfIntent.objects.get(call=call)
    url = reverse("feasibility:letter", args=[letter.pk])
    data = form_data(signed_in.get(url).content.decode(), containing="commitment")
    data["alignment"] = ["Rewritten after the council meeting."]
    end_session(signed_in, "expired")
    login_url = post_after_session_end(signed_in, url, data)
    sign_in(signed_in, official, path=login_url)
    page = signed_in.get(url).content.decode()
    assert KEPT in page and "Rewritten after the council meeting." in page
    letter.refresh_from_db()
    assert letter.alignment == ANSWERS["alignment"]  # kept, not saved behind the official's back


# --- Awards entry ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["logout", "expired"])
def test_an_awards_entry_typed_when_the_session_ended_is_there_after_login(signed_in, official, how):
    edition = make_edition()
    url = reverse("awards:entry-new", args=[edition.year])
    page = signed_in.get(url)
    assert page.status_code == 200
    typed = form_data(page.content.decode(), containing="title")
    typed.update({"title": ["Smart Ger District Heating"], "summary": ["Sensors in 4,000 homes."],
                  "category": [str(edition.categories.order_by("order").first().pk)], "save": ["1"]})

    end_session(signed_in, how)
    login_url = post_after_session_end(signed_in, url, typed)
    assert not Entry.objects.exists()
    response = sign_in(signed_in, official, path=login_url)
    assert response["Location"] == url
    page = signed_in.get(url).content.decode()
    assert KEPT in page
    assert 'value="Smart Ger District Heating"' in page and "Sensors in 4,000 homes." in page

    signed_in.post(url, form_data(page, containing="title"))
    entry = Entry.objects.get()
    assert (entry.title, entry.status, entry.applicant_id) == ("Smart Ger District Heating", "draft", official.pk)


# --- The mechanism's bounds --------------------------------------------------------------------------------


def test_the_csrf_token_files_and_passwords_are_not_kept_and_size_is_bounded(official):
    call = CallFactory()
    url = reverse("feasibility:letter-start", args=[call.pk, official.member.pk])
    client = Client()
    client.post(url, {"commitment": "Typed", "csrfmiddlewaretoken": "x" * 32, "password": "secret"})
    kept = client.session[preserve.SESSION_KEY][url]["data"]
    assert kept == {"commitment": ["Typed"]}

    other = Client()
    response = other.post(url, {"commitment": "x" * (preserve.MAX_CHARS + 1)}, follow=True)
    assert preserve.SESSION_KEY not in other.session
    assert "too long to keep" in response.content.decode()


def test_only_a_few_pages_are_kept_per_session(official):
    client = Client()
    calls = [CallFactory() for _ in range(preserve.MAX_PAGES + 1)]
    urls = [reverse("feasibility:letter-start", args=[c.pk, official.member.pk]) for c in calls]
    for n, url in enumerate(urls):
        client.post(url, {"commitment": f"Letter {n}"})
    kept = client.session[preserve.SESSION_KEY]
    assert len(kept) == preserve.MAX_PAGES
    assert urls[0] not in kept and urls[-1] in kept
