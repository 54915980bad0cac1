"""The CeDS workflows (ceds.workflows): the tables refuse what the services refuse, with the same
messages; the pages' buttons, the admin's actions and the API read the same tables."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from ceds import services
from ceds.models import ActionItem, FrameworkVersion, Investigation
from ceds.selectors import prime_submission_states, submission_state
from ceds.workflows import ACTION_ITEM, FRAMEWORK, INVESTIGATION, action_item_statuses, action_item_transition
from members.models import Affiliation
from tests.factories import AffiliationFactory
from tests.factories.ceds import (
    add_required_stakeholders,
    answer_all,
    reported_investigation,
    small_framework,
)
from wego.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def small():
    return small_framework()


@pytest.fixture
def draft(member, small):
    return services.investigation_create(member=member, by=None, year=2026, version=small)


def _refused(call) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.messages


# --- Investigation ------------------------------------------------------------------------------------


def test_submit_is_refused_by_the_table_as_by_the_service_the_first_thing_to_fix_first(draft):
    def submit():
        services.investigation_submit(investigation=draft, by=None)

    def check():
        INVESTIGATION.check(Investigation.objects.get(pk=draft.pk), "submit")

    stakeholders = ["Record these stakeholders first: Planning, Finance / budget, IT department, Vice mayor / executive."]
    assert _refused(check) == _refused(submit) == stakeholders
    add_required_stakeholders(draft)
    unanswered = ["6 questions are still unanswered, in: Governance, ICT Network, Group."]
    assert _refused(check) == _refused(submit) == unanswered
    answer_all(draft)
    fresh = Investigation.objects.get(pk=draft.pk)
    assert INVESTIGATION.check(fresh, "submit").name == "submit"
    services.investigation_submit(investigation=draft, by=None)
    wrong = ["Only a draft investigation can be submitted."]
    assert _refused(check) == _refused(submit) == wrong


def test_a_draft_has_no_reports_for_the_table_and_the_service(draft):
    message = ["A draft investigation has no reports: submit it first."]
    assert _refused(lambda: INVESTIGATION.check(draft, "report")) == message
    assert _refused(lambda: services.reports_compute(investigation=draft)) == message
    assert _refused(lambda: services.reports_queue(investigation=draft, by=None)) == message


def test_the_submission_state_is_read_for_a_whole_list_in_five_queries(member, small, django_assert_num_queries):
    drafts = [services.investigation_create(member=member, by=None, year=2026, version=small) for _ in range(3)]
    add_required_stakeholders(drafts[0])
    answer_all(drafts[1])
    with django_assert_num_queries(5):
        prime_submission_states(drafts)
    with django_assert_num_queries(0):
        states = [submission_state(d) for d in drafts]
    assert [s.missing_roles == [] for s in states] == [True, False, False]
    assert [s.complete for s in states] == [False, True, False]
    assert states[2].incomplete_sections == ["Governance", "ICT Network", "Group"]


def test_the_submit_button_appears_exactly_when_the_table_allows_it(client, draft, official):
    client.force_login(official)
    url = reverse("ceds:investigation", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "Submit the investigation</button>" not in page
    assert "Before submitting: Record these stakeholders first" in page
    add_required_stakeholders(draft)
    page = client.get(url).content.decode()
    assert "Before submitting: 6 questions are still unanswered" in page
    answer_all(draft)
    page = client.get(url).content.decode()
    assert "Submit the investigation</button>" in page and "Before submitting" not in page
    assert INVESTIGATION.allowed(Investigation.objects.get(pk=draft.pk), "submit", official)


def test_the_api_lists_the_transitions_the_caller_may_take(api_client, member, small, official, staff_with_mfa):
    complete = services.investigation_create(member=member, by=None, year=2026, version=small)
    add_required_stakeholders(complete)
    answer_all(complete)
    incomplete = services.investigation_create(member=member, by=None, year=2026, version=small)
    reported = reported_investigation(member, version=small, year=2025)
    api_client.force_authenticate(official)
    rows = {r["id"]: r["transitions"] for r in api_client.get("/api/v1/ceds/investigations/").json()["results"]}
    assert rows == {complete.pk: ["submit"], incomplete.pk: [], reported.pk: []}
    detail = api_client.get(f"/api/v1/ceds/investigations/{complete.pk}/reports/").json()
    assert detail["investigation"]["transitions"] == ["submit"]
    api_client.force_authenticate(staff_with_mfa)
    rows = {r["id"]: r["transitions"] for r in api_client.get("/api/v1/ceds/investigations/").json()["results"]}
    assert rows == {complete.pk: [], incomplete.pk: [], reported.pk: ["recompute"]}


def test_the_admin_recompute_action_refuses_a_draft_with_the_tables_message(
    client, staff_with_mfa, member, small, draft, django_capture_on_commit_callbacks
):
    reported = reported_investigation(member, version=small, year=2025)
    client.force_login(staff_with_mfa)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("admin:ceds_investigation_changelist"),
            {"action": "recompute", "_selected_action": [draft.pk, reported.pk]}, follow=True,
        )
    shown = [str(m) for m in response.context["messages"]]
    assert f"{draft}: A draft investigation has no reports: submit it first." in shown
    assert "1 report computations queued." in shown
    assert len(callbacks) == 1
    entry = AuditEntry.objects.get(action="ceds.reports.queued")
    assert entry.target_id == str(reported.pk) and entry.actor == staff_with_mfa
    page = client.get(reverse("admin:ceds_investigation_change", args=[reported.pk])).content.decode()
    assert "What can be done now" in page and "Recompute the reports" in page


# --- Framework version --------------------------------------------------------------------------------


def test_publish_is_refused_by_the_table_as_by_the_service(staff_with_mfa):
    published = FrameworkVersion.objects.get(version="2026.1")
    empty = FrameworkVersion.objects.create(version="2099.1", title="Empty")
    for version, message in (
        (published, "This framework version is already published."),
        (empty, "A version needs indicators and systems before it can be published."),
    ):
        assert _refused(lambda v=version: FRAMEWORK.check(v, "publish")) == [message]
        assert _refused(lambda v=version: services.framework_publish(version=v, by=staff_with_mfa)) == [message]
    copy = services.framework_copy(version=published, new_version="2099.2", by=staff_with_mfa)
    assert FRAMEWORK.allowed(copy, "publish", staff_with_mfa)


def test_the_admin_publish_action_refuses_per_object_with_the_tables_message(client, staff_with_mfa):
    published = FrameworkVersion.objects.get(version="2026.1")
    draft = services.framework_copy(version=published, new_version="2099.2", by=staff_with_mfa)
    client.force_login(staff_with_mfa)
    response = client.post(
        reverse("admin:ceds_frameworkversion_changelist"),
        {"action": "publish", "_selected_action": [published.pk, draft.pk]}, follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert f"{published}: This framework version is already published." in shown
    assert "1 framework version published." in shown
    draft.refresh_from_db()
    assert draft.is_published


# --- Action items -------------------------------------------------------------------------------------


def test_action_item_moves_are_the_tables_with_the_services_message(member, small, official):
    inv = reported_investigation(member, version=small, level=1, value=1)
    item = ActionItem.objects.filter(investigation=inv).first()
    moves = services.ACTION_TRANSITIONS
    assert moves == {
        "proposed": {"accepted", "dismissed"},
        "accepted": {"done", "dismissed"},
        "done": {"accepted"},
        "dismissed": {"proposed"},
    }
    assert action_item_transition(item, "accepted") == "accept"
    assert _refused(lambda: services.action_item_update(item=item, by=official, status="done")) == [
        "An action item that is Proposed cannot become Done."
    ]
    assert _refused(lambda: ACTION_ITEM.check(item, action_item_transition(item, "done"))) == [
        "An action item that is Proposed cannot become Done."
    ]
    assert [v for v, _label in action_item_statuses(item, official)] == ["proposed", "accepted", "dismissed"]
    item = services.action_item_update(item=item, by=official, status="accepted")
    item = services.action_item_update(item=item, by=official, status="done")
    assert action_item_transition(item, "accepted") == "reopen"
    assert [v for v, _label in action_item_statuses(item, official)] == ["accepted", "done"]


def test_the_dashboard_offers_the_statuses_the_table_allows(client, member):
    user = AffiliationFactory(member=member, role=Affiliation.Role.FOCAL_POINT).user
    inv = reported_investigation(member, level=1, value=1)
    item = ActionItem.objects.filter(investigation=inv).first()
    services.action_item_update(item=item, by=user, status="accepted")
    client.force_login(user)
    page = client.get(f"{reverse('ceds:dashboard')}?member={member.pk}").content.decode()
    select = page.split(f'name="a{item.pk}-status">', 1)[1].split("</select>", 1)[0]
    assert 'value="accepted" selected' in select and 'value="done"' in select and 'value="dismissed"' in select
    assert 'value="proposed"' not in select


def test_the_workflows_command_checks_the_ceds_tables():
    out = StringIO()
    call_command("workflows", "ceds.investigation", "ceds.framework", "ceds.action_item", "--check", stdout=out)
    text = out.getvalue()
    assert "ceds.investigation — Investigation.status" in text
    assert "who: the portal itself" in text and "requires: indicators and systems" in text
