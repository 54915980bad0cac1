"""The admin: lists load, transitions are actions that call the services."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from training.models import Application, Session

S = Application.Status


@pytest.fixture
def admin_client(client, staff_with_mfa):
    client.force_login(staff_with_mfa)
    return client


@pytest.mark.parametrize("model", ["program", "session", "application", "trainingrequest", "certificate", "feedback",
                                   "attendance", "supportrequest", "supportattachment"])
def test_admin_lists_load(admin_client, model, session):
    assert admin_client.get(reverse(f"admin:training_{model}_changelist")).status_code == 200


def test_admin_session_and_program_pages_load(admin_client, session):
    assert admin_client.get(reverse("admin:training_session_change", args=[session.pk])).status_code == 200
    assert admin_client.get(reverse("admin:training_program_change", args=[session.program.pk])).status_code == 200
    assert admin_client.get(reverse("admin:training_session_add")).status_code == 200


def test_admin_actions_call_the_services(admin_client, session, nominated):
    apps = nominated(3)
    url = reverse("admin:training_application_changelist")
    admin_client.post(url, {"action": "accept", ACTION_CHECKBOX_NAME: [a.pk for a in apps]})
    # Two seats: two accepted, the third refused with the service's message.
    assert sorted(Application.objects.values_list("status", flat=True)) == [S.ACCEPTED, S.ACCEPTED, S.NOMINATED]
    response = admin_client.post(url, {"action": "waitlist", ACTION_CHECKBOX_NAME: [apps[2].pk]})
    assert Application.objects.get(pk=apps[2].pk).status == S.WAITLISTED
    # Decline asks for a reason on an intermediate page, then frees the seat for the waiting list.
    page = admin_client.post(url, {"action": "decline", ACTION_CHECKBOX_NAME: [apps[0].pk]})
    assert page.status_code == 200 and b"Reason" in page.content
    admin_client.post(url, {"action": "decline", "apply": "1", "reason": "Full", ACTION_CHECKBOX_NAME: [apps[0].pk]})
    assert Application.objects.get(pk=apps[0].pk).status == S.DECLINED
    assert Application.objects.get(pk=apps[2].pk).status == S.OFFERED
    assert response.status_code == 302


def test_admin_capacity_change_goes_through_the_service(admin_client, session, nominated):
    from training import services

    apps = nominated(3)
    services.session_allocate(session=session, by=None)
    data = {
        "program": session.program.pk, "title": session.title, "description": "", "starts_on": session.starts_on,
        "ends_on": session.ends_on, "mode": session.mode, "venue": "", "city": "Seoul", "country": "KR", "online_url": "",
        "language": "English", "capacity": 3, "application_deadline_0": session.application_deadline.date(),
        "application_deadline_1": "12:00", "attendance_threshold": 80,
        "agenda-TOTAL_FORMS": 0, "agenda-INITIAL_FORMS": 0, "agenda-MIN_NUM_FORMS": 0, "agenda-MAX_NUM_FORMS": 1000,
    }
    response = admin_client.post(reverse("admin:training_session_change", args=[session.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Session.objects.get(pk=session.pk).capacity == 3
    assert Application.objects.get(pk=apps[2].pk).status == S.OFFERED
