"""Declared workflows (issue 13, point 3): one table per state machine, read by the services, the
pages' buttons, the admin actions, the API and `manage.py workflows`."""

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from members import services
from members.models import MembershipApplication
from members.workflows import APPLICATION
from tests.factories import UserFactory
from tests.helpers import pdf_file
from tests.members.conftest import APPLICATION_DATA
from wego.workflows import Requirement, Transition, Workflow, predicate, workflows

pytestmark = pytest.mark.django_db

S = MembershipApplication.Status


@pytest.fixture
def applicant(db):
    return UserFactory(email="applicant@danang.example.org", name="Tran Thi Mai")


def _flow(**overrides):
    """A small table over the application's status, for the mechanism's own tests."""
    anyone = predicate("anyone signed in", lambda user, obj: user.is_authenticated)
    return Workflow(
        key="test.flow", model=MembershipApplication,
        transitions=[
            Transition("go", "Go", sources=(S.DRAFT,), target=S.SUBMITTED, who=anyone,
                       requires=(Requirement(lambda a: bool(a.website), "Give the website of %(object)s first.",
                                             label="a website"),
                                 Requirement(lambda a: bool(a.motivation), "Say why you want to join.")),
                       **overrides),
            Transition("close", "Close", sources=(S.SUBMITTED,), target=S.CANCELLED),
        ],
    )


def test_the_table_refuses_in_order_state_who_then_what_is_missing(applicant):
    flow = _flow()
    app = MembershipApplication(name="Da Nang", applicant=applicant, status=S.DRAFT, website="", motivation="")
    # What is missing, all of it, named in plain words.
    with pytest.raises(ValidationError) as refused:
        flow.check(app, "go")
    assert refused.value.messages == [f"Give the website of {app} first.", "Say why you want to join."]
    assert not flow.allowed(app, "go")
    app.website, app.motivation = "https://danang.example.org", "Smart city"
    assert flow.check(app, "go").name == "go"
    assert flow.allowed(app, "go", applicant)
    # Who: a transition without `who` is the portal's own (never a button, refused to any user).
    app.status = S.SUBMITTED
    assert flow.allowed(app, "close") and not flow.allowed(app, "close", applicant)
    with pytest.raises(PermissionDenied):
        flow.check(app, "close", user=applicant)
    assert flow.available(app, applicant) == []
    # The state comes first: the general message names the action and the state.
    with pytest.raises(ValidationError) as refused:
        flow.check(app, "go")
    assert refused.value.messages == [f"“Go” is not possible now: {app} is submitted."]
    assert refused.value.code == "wrong_state"


def test_the_table_is_checked_for_states_and_names():
    with pytest.raises(ImproperlyConfigured):
        Workflow(key="twice", model=MembershipApplication, transitions=[
            Transition("a", "A", sources=(S.DRAFT,), target=S.SUBMITTED),
            Transition("a", "A", sources=(S.DRAFT,), target=S.SUBMITTED),
        ])
    flow = Workflow(key="bad", model=MembershipApplication, transitions=[
        Transition("a", "A", sources=("nowhere",), target=S.SUBMITTED)])
    assert flow.validate() == ["bad.a: 'nowhere' is not a state of MembershipApplication.status"]
    with pytest.raises(ImproperlyConfigured):
        flow.transition("b")


def test_every_registered_workflow_names_only_real_states_and_prints():
    keys = {flow.key for flow in workflows}
    assert "members.application" in keys
    for flow in workflows:
        assert flow.validate() == [], flow.key
        assert {t.name for t in flow} and all(str(t.label) for t in flow)
    out = StringIO()
    call_command("workflows", "--check", stdout=out)
    text = out.getvalue()
    assert "members.application — MembershipApplication.status" in text
    assert "who: the Secretariat or the regional office of the applicant's region" in text


# --- The membership application's table, through every door ------------------------------------


def _submitted(applicant, **overrides):
    draft = services.application_save_draft(applicant=applicant, data=dict(APPLICATION_DATA, **overrides),
                                            letter=pdf_file())
    return services.application_submit(application=draft, by=applicant)


def test_the_service_refuses_what_the_table_refuses(applicant, secretariat):
    draft = services.application_save_draft(applicant=applicant, data=dict(APPLICATION_DATA))
    assert APPLICATION.refusal(draft, "submit") == "Attach the signed application letter (PDF) before submitting."
    with pytest.raises(ValidationError, match="Attach the signed application letter"):
        services.application_submit(application=draft, by=applicant)
    app = _submitted(applicant, name="Hue", contact_email="hue@example.org")
    assert app.status == S.VERIFYING
    assert APPLICATION.available_names(app, secretariat) == {"verify", "reject"}
    assert APPLICATION.available_names(app, applicant) == set()  # the applicant cannot cancel a membership
    assert "already an Associate member" in APPLICATION.refusal(app, "cancel")
    with pytest.raises(ValidationError, match="already an Associate member"):
        services.application_cancel(application=app, by=applicant)
    stranger = UserFactory()
    assert APPLICATION.available_names(app, stranger) == set()
    assert "is for the Secretariat" in APPLICATION.refusal(app, "verify", stranger)


def test_the_console_shows_a_button_exactly_when_the_table_allows_it(client, applicant, staff_with_mfa):
    app = _submitted(applicant)
    client.force_login(staff_with_mfa)
    url = reverse("members_staff:application", args=[app.pk])
    page = client.get(url).content.decode()
    assert 'name="verify"' in page and 'name="reject"' in page and 'name="accept"' not in page
    # After the period the rejection is gone, and the page says what is missing (the table's message).
    MembershipApplication.objects.filter(pk=app.pk).update(
        verification_due_on=timezone.localdate() - dt.timedelta(days=1))
    page = client.get(url).content.decode()
    assert 'name="reject"' not in page and 'name="verify"' in page
    assert "can no longer be rejected" in page
    # A company's application waits for the Secretariat: accept and reject, no verification.
    company = _submitted(applicant, name="Acme Smart", kind="company", contact_email="acme@example.org")
    assert company.status == S.SUBMITTED
    page = client.get(reverse("members_staff:application", args=[company.pk])).content.decode()
    assert 'name="accept"' in page and 'name="reject"' in page and 'name="verify"' not in page


def test_the_applicant_page_offers_cancel_only_when_the_table_does(client, applicant):
    company = _submitted(applicant, name="Acme Smart", kind="company", contact_email="acme@example.org")
    client.force_login(applicant)
    page = client.get(reverse("members:apply-edit", args=[company.pk])).content.decode()
    assert reverse("members:apply-cancel", args=[company.pk]) in page
    city = _submitted(applicant, name="Hue", contact_email="hue@example.org")
    page = client.get(reverse("members:apply-edit", args=[city.pk])).content.decode()
    assert reverse("members:apply-cancel", args=[city.pk]) not in page


def test_the_admin_action_and_change_page_read_the_table(client, applicant, staff_with_mfa):
    app = _submitted(applicant)
    client.force_login(staff_with_mfa)
    changelist = reverse("admin:members_membershipapplication_changelist")
    # Accepting a city under verification is refused for that application, with the table's message.
    response = client.post(changelist, {"action": "accept_applications", "_selected_action": [app.pk],
                                        "apply": "1"}, follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Only a submitted application can be accepted" in text and "Record the verification instead." in text
    app.refresh_from_db()
    assert app.status == S.VERIFYING
    page = client.get(reverse("admin:members_membershipapplication_change", args=[app.pk])).content.decode()
    assert "What can be done now" in page and "Mark the application as verified" in page


def test_a_rules_predicate_of_one_argument_or_two_serves_as_who(applicant):
    """`predicate()` takes rules predicates as they are written in the apps' permissions modules."""
    import rules

    signed_in = rules.predicate(lambda user: user.is_authenticated)
    owner = rules.predicate(lambda user, app: app.applicant_id == user.pk)
    app = MembershipApplication(name="Da Nang", applicant=applicant, status=S.DRAFT)
    other = UserFactory(email="someone@else.example.org")
    assert predicate("anyone signed in", signed_in)(other, app) is True
    assert predicate("the applicant", owner)(applicant, app) is True
    assert predicate("the applicant", owner)(other, app) is False
