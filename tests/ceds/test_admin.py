"""The Secretariat's CeDS admin: framework versions editable while draft, read-only once published."""

import pytest
from django.urls import reverse

from ceds import services
from ceds.models import FrameworkVersion, Indicator, SystemItem
from tests.factories.ceds import reported_investigation

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat_client(client, staff_with_mfa):
    client.force_login(staff_with_mfa)
    return client


def test_changelists_render(secretariat_client, member):
    reported_investigation(member)
    for model in ("frameworkversion", "indicator", "systemitem", "module", "investigation", "actionitem", "forumtopic"):
        response = secretariat_client.get(reverse(f"admin:ceds_{model}_changelist"))
        assert response.status_code == 200, model


def test_published_rows_are_read_only_and_drafts_editable(secretariat_client, staff_with_mfa):
    published = FrameworkVersion.objects.get(version="2026.1")
    indicator = Indicator.objects.filter(version=published).first()
    url = reverse("admin:ceds_indicator_change", args=[indicator.pk])
    page = secretariat_client.get(url)
    assert page.status_code == 200 and b'name="_save"' not in page.content  # view-only
    response = secretariat_client.post(url, {"question": "Changed?", "weight": "9"})
    assert response.status_code == 403
    indicator.refresh_from_db()
    assert indicator.question != "Changed?"

    draft = services.framework_copy(version=published, new_version="2027.1", by=staff_with_mfa)
    item = SystemItem.objects.get(version=draft, code="EADM-02")
    page = secretariat_client.get(reverse("admin:ceds_systemitem_change", args=[item.pk]))
    assert page.status_code == 200
    # the "builds on" choices are limited to the same version
    options = page.context["adminform"].form.fields["requires"].queryset
    assert set(options.values_list("version_id", flat=True)) == {draft.pk}


def test_publish_action(secretariat_client, staff_with_mfa):
    draft = services.framework_copy(
        version=FrameworkVersion.objects.get(version="2026.1"), new_version="2027.1", by=staff_with_mfa
    )
    secretariat_client.post(
        reverse("admin:ceds_frameworkversion_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.is_published
