"""The admin: lists open for the Secretariat; transitions are actions that call the services."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from feasibility.models import Call, LetterOfIntent, Project
from tests.factories.feasibility import CallFactory, SubmittedLetterFactory
from tests.factories.members import MemberFactory

from .conftest import close_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff_with_mfa):
    client.force_login(staff_with_mfa)
    return client


@pytest.mark.parametrize(
    "model", ["theme", "themesurvey", "themeranking", "call", "letterofintent", "reviewer", "review", "project",
              "deliverable", "deliverabledocument", "economicanalysis", "implementationreport"],
)
def test_changelists_open(admin_client, model):
    assert admin_client.get(f"/admin/feasibility/{model}/").status_code == 200


def test_select_and_decline_through_actions(admin_client, django_capture_on_commit_callbacks):
    call = CallFactory(cities_to_select=1)
    a = SubmittedLetterFactory(call=call, member=MemberFactory(name="Hanoi", country="VN"))
    b = SubmittedLetterFactory(call=call, member=MemberFactory(name="Pokhara", country="NP"))
    close_call(call)
    url = reverse("admin:feasibility_letterofintent_changelist")
    # The decline action asks for the message first.
    page = admin_client.post(url, {"action": "reject_letters", ACTION_CHECKBOX_NAME: [b.pk]})
    assert page.status_code == 200 and "Message to the city" in page.content.decode()
    admin_client.post(url, {"action": "reject_letters", ACTION_CHECKBOX_NAME: [b.pk], "apply": "1",
                            "message": "Next year, please."})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"action": "select_letters", ACTION_CHECKBOX_NAME: [a.pk, b.pk], "apply": "1", "message": ""},
            follow=True,
        )
    body = response.content.decode()
    assert "1 city selected." in body
    assert "Only a submitted letter can be decided" in body  # b was declined: refused, the others go on
    assert LetterOfIntent.objects.get(pk=a.pk).status == "selected"
    assert LetterOfIntent.objects.get(pk=b.pk).status == "rejected"
    assert Project.objects.filter(letter=a).exists()
    admin_client.post(reverse("admin:feasibility_call_changelist"),
                      {"action": "decide_calls", ACTION_CHECKBOX_NAME: [call.pk]})
    assert Call.objects.get(pk=call.pk).status == "decided"


def test_illegal_project_transition_is_reported(admin_client, secretariat):
    call = CallFactory()
    letter = SubmittedLetterFactory(call=call)
    close_call(call)
    from feasibility import services

    project = services.letter_select(letter=letter, by=secretariat)
    response = admin_client.post(
        reverse("admin:feasibility_project_changelist"),
        {"action": "close", ACTION_CHECKBOX_NAME: [project.pk]}, follow=True,
    )
    assert "it can move to “Closed” only from “Follow-up”" in response.content.decode()
    assert Project.objects.get(pk=project.pk).status == "planning"
