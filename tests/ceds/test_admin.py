"""The Secretariat's CeDS admin: framework versions editable while draft, read-only once published."""

import pytest
from django.core.exceptions import ValidationError
from django.forms import MultiWidget
from django.urls import reverse

from ceds import services
from ceds.models import (
    ActionItem,
    CedsProfile,
    Dimension,
    ForumPost,
    ForumTopic,
    FrameworkVersion,
    Indicator,
    Investigation,
    Module,
    SystemItem,
)
from tests.factories.ceds import reported_investigation
from wego.models import AuditEntry

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


# --- Every admin edit goes through an audited service; a refusal is a message --------------------------


def _change_form_data(client, url) -> dict:
    """What the admin's change form would post back unchanged (the main form and every inline)."""
    page = client.get(url)
    assert page.status_code == 200
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data: dict = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            widget = form.fields[name].widget
            if value is None or value is False:
                continue
            if isinstance(widget, MultiWidget):
                for i, part in enumerate(widget.decompress(value)):
                    data[f"{form.add_prefix(name)}_{i}"] = part
                continue
            if isinstance(value, list | tuple):
                data[form.add_prefix(name)] = [str(v) for v in value]
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def draft_version(staff_with_mfa):
    return services.framework_copy(
        version=FrameworkVersion.objects.get(version="2026.1"), new_version="2027.1", by=staff_with_mfa
    )


def test_a_draft_indicator_edited_in_the_admin_is_audited_and_a_refusal_is_a_message(
    secretariat_client, staff_with_mfa, draft_version
):
    indicator = Indicator.objects.filter(version=draft_version).first()
    url = reverse("admin:ceds_indicator_change", args=[indicator.pk])
    data = _change_form_data(secretariat_client, url)
    data["weight"] = "2.50"
    assert secretariat_client.post(url, data).status_code == 302
    indicator.refresh_from_db()
    assert str(indicator.weight) == "2.50"
    entry = AuditEntry.objects.get(action="ceds.framework.edited", target_id=str(draft_version.pk))
    assert entry.actor == staff_with_mfa
    assert (entry.data["row"], entry.data["code"], entry.data["created"]) == ("indicator", indicator.code, False)
    assert "weight" in entry.data["fields"]
    # A dimension of another version is refused by the service: a message on the page, nothing written.
    published = FrameworkVersion.objects.get(version="2026.1")
    data["dimension"] = str(Dimension.objects.filter(version=published).first().pk)
    response = secretariat_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "The dimension belongs to another framework version." in _messages(response)
    indicator.refresh_from_db()
    assert indicator.dimension.version_id == draft_version.pk
    assert AuditEntry.objects.filter(action="ceds.framework.edited").count() == 1


def test_a_published_version_saved_unchanged_writes_nothing_and_a_draft_version_is_edited_and_deleted(
    secretariat_client, staff_with_mfa, draft_version
):
    published = FrameworkVersion.objects.get(version="2026.1")
    url = reverse("admin:ceds_frameworkversion_change", args=[published.pk])
    assert secretariat_client.post(url, _change_form_data(secretariat_client, url)).status_code == 302
    assert not AuditEntry.objects.filter(action="ceds.framework.edited").exists()
    with pytest.raises(ValidationError, match="is published"):
        services.framework_row_save(row=Indicator.objects.filter(version=published).first(), changed=["weight"],
                                    by=staff_with_mfa)
    url = reverse("admin:ceds_frameworkversion_change", args=[draft_version.pk])
    data = _change_form_data(secretariat_client, url)
    data["title"] = "CeDS framework 2027.1 (draft)"
    data["dimensions-0-name"] = "Governance and management"
    assert secretariat_client.post(url, data).status_code == 302
    edits = [e.data for e in AuditEntry.objects.filter(action="ceds.framework.edited", target_id=str(draft_version.pk))]
    assert any(e.get("created") is False and "row" not in e and "title" in e["fields"] for e in edits)
    assert any(e.get("row") == "dimension" and e["fields"] == ["name"] for e in edits)
    response = secretariat_client.post(reverse("admin:ceds_frameworkversion_delete", args=[draft_version.pk]),
                                       {"post": "yes"})
    assert response.status_code == 302
    assert not FrameworkVersion.objects.filter(pk=draft_version.pk).exists()
    assert AuditEntry.objects.filter(action="ceds.framework.deleted", data__version="2027.1").exists()


def test_a_module_and_its_links_edited_in_the_admin_go_through_the_services(secretariat_client, staff_with_mfa):
    module = Module.objects.order_by("pk").first()
    url = reverse("admin:ceds_module_change", args=[module.pk])
    data = _change_form_data(secretariat_client, url)
    data["title"] = "Open data portal (revised)"
    prefix = next(k for k in data if k.endswith("-TOTAL_FORMS") and k.startswith("links"))[: -len("-TOTAL_FORMS")]
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data[f"{prefix}-{index}-code"] = "ZZ-99"
    data[f"{prefix}-{index}-module"] = str(module.pk)
    assert secretariat_client.post(url, data).status_code == 302
    module.refresh_from_db()
    assert module.title == "Open data portal (revised)" and module.links.filter(code="ZZ-99").exists()
    entries = [e.data for e in AuditEntry.objects.filter(action="ceds.module.saved", target_id=str(module.pk))]
    assert any(e.get("created") is False and "title" in e["fields"] for e in entries)
    assert {"links": {"saved": ["ZZ-99"]}} in entries
    assert all(e.actor == staff_with_mfa for e in AuditEntry.objects.filter(action="ceds.module.saved"))


def test_an_action_item_edited_in_the_admin_follows_the_workflow(secretariat_client, staff_with_mfa, member):
    inv = reported_investigation(member, level=1, value=1)
    item = ActionItem.objects.filter(investigation=inv).first()
    url = reverse("admin:ceds_actionitem_change", args=[item.pk])
    data = _change_form_data(secretariat_client, url)
    data["status"] = "done"
    response = secretariat_client.post(url, data, follow=True)
    assert "An action item that is Proposed cannot become Done." in _messages(response)
    item.refresh_from_db()
    assert item.status == "proposed" and not AuditEntry.objects.filter(action="ceds.action_item.updated").exists()
    data["status"] = "accepted"
    data["due_on"] = "2026-12-31"
    assert secretariat_client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert (item.status, str(item.due_on)) == ("accepted", "2026-12-31")
    entry = AuditEntry.objects.get(action="ceds.action_item.updated", target_id=str(item.pk))
    assert entry.actor == staff_with_mfa and entry.data["status"] == ["proposed", "accepted"]


def test_a_city_profile_edited_in_the_admin_goes_through_the_service(secretariat_client, member):
    response = secretariat_client.post(reverse("admin:ceds_cedsprofile_add"),
                                       {"member": member.pk, "share_results": "on"})
    assert response.status_code == 302
    profile = CedsProfile.objects.get(member=member)
    assert profile.share_results and not profile.partner_opt_out
    assert AuditEntry.objects.filter(action="ceds.profile.updated", target_id=str(member.pk)).count() == 1


def test_forum_moderation_in_the_admin_is_audited(secretariat_client, staff_with_mfa, member, official):
    topic = services.forum_topic_create(kind="question", title="Open data licences?", body="Which one?",
                                        by=official, member=member)
    post = services.forum_post_create(topic=topic, body="CC BY 4.0", by=staff_with_mfa, member=None)
    url = reverse("admin:ceds_forumtopic_change", args=[topic.pk])
    data = _change_form_data(secretariat_client, url)
    data["title"] = "Which open data licence?"
    data["posts-0-DELETE"] = "on"
    assert secretariat_client.post(url, data).status_code == 302
    topic.refresh_from_db()
    assert topic.title == "Which open data licence?" and not ForumPost.objects.filter(pk=post.pk).exists()
    assert AuditEntry.objects.get(action="ceds.forum.topic_edited").data == {"fields": ["title"]}
    assert AuditEntry.objects.get(action="ceds.forum.post_deleted").data["post"] == post.pk
    response = secretariat_client.post(reverse("admin:ceds_forumtopic_delete", args=[topic.pk]), {"post": "yes"})
    assert response.status_code == 302 and not ForumTopic.objects.filter(pk=topic.pk).exists()
    assert AuditEntry.objects.filter(action="ceds.forum.topic_deleted", actor=staff_with_mfa).count() == 1


def test_a_draft_investigation_is_deleted_in_the_admin_through_the_service(secretariat_client, member):
    draft = services.investigation_create(member=member, by=None, year=2026)
    submitted = reported_investigation(member, year=2025)
    assert secretariat_client.get(reverse("admin:ceds_investigation_delete", args=[submitted.pk])).status_code == 403
    response = secretariat_client.post(reverse("admin:ceds_investigation_delete", args=[draft.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Investigation.objects.filter(pk=draft.pk).exists()
    assert AuditEntry.objects.filter(action="ceds.investigation.deleted", target_id=str(draft.pk)).count() == 1
