"""The shared web helpers of wego.web: one behaviour for every app's views."""

from types import SimpleNamespace

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from wego.web import acting_member, errors_to_form, errors_to_messages, predicate_required


class TitleForm(forms.Form):
    title = forms.CharField()


def _bound_form():
    form = TitleForm({"title": "x"})
    assert form.is_valid()
    return form


def _request(user=None):
    request = RequestFactory().get("/somewhere/")
    request.user = user or AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_errors_to_form_puts_field_errors_at_the_field_and_the_rest_at_the_top():
    form = _bound_form()
    errors_to_form(
        form, ValidationError({"title": "Too short.", "budget": "Over the ceiling.", "__all__": "Closed."})
    )
    assert form.errors["title"] == ["Too short."]
    assert sorted(form.non_field_errors()) == ["Closed.", "Over the ceiling."]


def test_errors_to_form_shows_a_plain_refusal_and_a_permission_denied_at_the_top():
    form = _bound_form()
    errors_to_form(form, ValidationError(["One.", "Two."]))
    errors_to_form(form, PermissionDenied("Only the focal point may."))
    errors_to_form(form, PermissionDenied())
    assert form.non_field_errors() == ["One.", "Two.", "Only the focal point may.", "You may not do this."]
    assert "title" not in form.errors


def test_errors_to_messages_reads_out_every_message():
    request = _request()
    errors_to_messages(request, ValidationError({"title": "Too short.", "__all__": "Closed."}))
    errors_to_messages(request, PermissionDenied())
    assert sorted(str(m) for m in get_messages(request)) == ["Closed.", "Too short.", "You may not do this."]


def test_acting_member_picks_the_named_member_or_refuses_anothers():
    seoul, busan = SimpleNamespace(member_id=1), SimpleNamespace(member_id=2)
    assert acting_member([seoul, busan]) is seoul
    assert acting_member([seoul, busan], "2") is busan
    assert acting_member([seoul, busan], 2) is busan
    for other in ("3", "²", "zzz", 3):
        with pytest.raises(Http404):
            acting_member([seoul, busan], other)
        assert acting_member([seoul, busan], other, strict=False) is seoul
    assert acting_member([]) is None
    with pytest.raises(Http404):
        acting_member([], required=True)


def test_predicate_required_sends_anonymous_to_sign_in_and_refuses_others():
    @predicate_required(lambda user: getattr(user, "is_boss", False), message="Bosses only.")
    def page(request):
        """The page's own docstring."""
        return HttpResponse("ok")

    assert page.__name__ == "page" and page.__doc__ == "The page's own docstring."
    anonymous = page(_request())
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    with pytest.raises(PermissionDenied, match="Bosses only."):
        page(_request(SimpleNamespace(is_authenticated=True, is_boss=False)))
    assert page(_request(SimpleNamespace(is_authenticated=True, is_boss=True))).content == b"ok"
