"""The training workflows (issue 13, point 3): applications (nomination, seats, the waiting list and offers),
sessions, cities' requests and support threads are tables (training.workflows) read by the services, the
pages' buttons and the admin's actions; the admin saves through audited services (issue 13, point 7)."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.forms import MultiWidget
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import AffiliationFactory, PartnerFactory, UserFactory
from tests.factories.training import ProgramFactory, SessionFactory
from tests.helpers import count_queries
from training import services
from training.models import AgendaItem, Application, Program, Session, SupportRequest, TrainingRequest
from training.workflows import APPLICATION, SESSION, SUPPORT, TRAINING_REQUEST
from wego.models import AuditEntry
from wego.workflows import workflows

pytestmark = pytest.mark.django_db

S = Application.Status


@pytest.fixture
def staff_client(staff_with_mfa):
    staff = Client()
    staff.force_login(staff_with_mfa)
    return staff


def _refused(call) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.messages


# --- The tables ----------------------------------------------------------------------------------------------


def test_the_training_tables_are_registered_name_real_states_and_print():
    keys = {flow.key for flow in workflows}
    assert {"training.application", "training.session", "training.request", "training.support"} <= keys
    for flow in (APPLICATION, SESSION, TRAINING_REQUEST, SUPPORT):
        assert flow.validate() == []
    out = StringIO()
    call_command("workflows", "training.application", "training.session", "training.request", "training.support",
                 "--check", stdout=out)
    text = out.getvalue()
    assert "training.application — Application.status" in text
    assert "offer_lapse: Lapse the offer" in text and "who: the portal itself" in text
    assert "training.support — SupportRequest.status" in text


# --- The table refuses what the service refuses, with the same message ----------------------------------------


def test_nomination_refusals_come_from_the_table(session, member, focal_point, official, apply_as):
    app = apply_as(official, session, member)
    services.application_nominate(application=app, by=focal_point)
    app.refresh_from_db()
    message = "An application that is nominated cannot be nominated."
    assert APPLICATION.refusal(app, "nominate") == message
    assert _refused(lambda: services.application_nominate(application=app, by=focal_point)) == [message]
    # Nominations close when the session starts: the requirement names the session.
    services.application_not_nominate(application=app, by=focal_point)
    Session.objects.filter(pk=session.pk).update(starts_on=timezone.localdate(), ends_on=timezone.localdate())
    app = Application.objects.select_related("session").get(pk=app.pk)
    assert APPLICATION.refusal(app, "nominate") == "Nominations for Seoul Program 2030 are closed."
    assert _refused(lambda: services.application_nominate(application=app, by=focal_point)) == [
        "Nominations for Seoul Program 2030 are closed."]


def test_a_non_members_application_needs_no_nomination(secretariat):
    webinar = SessionFactory(program=ProgramFactory(eligibility=Program.Eligibility.OPEN), mode=Session.Mode.ONLINE)
    app = services.application_submit(session=webinar, applicant=UserFactory(), member=None,
                                      data={"motivation": "m", "organisation": "City of Somewhere"})
    assert app.status == S.NOMINATED
    assert APPLICATION.refusal(app, "not_nominate") == "This applicant does not need a nomination."
    assert _refused(lambda: services.application_not_nominate(application=app, by=secretariat)) == [
        "This applicant does not need a nomination."]


def test_the_organisers_refusals_come_from_the_table(session, secretariat, nominated):
    app = nominated(1)[0]
    services.application_accept(application=app, by=secretariat)
    app.refresh_from_db()
    for name, message in [("accept", "An application that is accepted cannot be accepted."),
                          ("waitlist", "An application that is accepted cannot go on the waiting list.")]:
        assert APPLICATION.refusal(app, name) == message
    assert _refused(lambda: services.application_waitlist(application=app, by=secretariat)) == [
        "An application that is accepted cannot go on the waiting list."]
    # Once the session has ended, nobody is declined or cancels.
    Session.objects.filter(pk=session.pk).update(starts_on=timezone.localdate() - dt.timedelta(days=5),
                                                 ends_on=timezone.localdate() - dt.timedelta(days=1))
    app = Application.objects.select_related("session").get(pk=app.pk)
    assert APPLICATION.refusal(app, "decline") == "The session has ended."
    assert APPLICATION.refusal(app, "cancel") == "The session has ended."
    assert _refused(lambda: services.application_decline(application=app, by=secretariat)) == ["The session has ended."]
    assert _refused(lambda: services.application_cancel(application=app, by=app.applicant)) == ["The session has ended."]


def test_an_accepted_application_of_a_draft_session_takes_no_more_participants(session, secretariat, nominated):
    app = nominated(1)[0]
    Session.objects.filter(pk=session.pk).update(status=Session.Status.DRAFT)
    app = Application.objects.select_related("session").get(pk=app.pk)
    assert APPLICATION.refusal(app, "accept") == "Seoul Program 2030 takes no more participants."
    assert _refused(lambda: services.application_accept(application=app, by=secretariat)) == [
        "Seoul Program 2030 takes no more participants."]


def test_offers_are_answered_before_their_deadline_and_lapsed_by_the_portal(session, secretariat, nominated):
    apps = nominated(3)
    services.session_allocate(session=session, by=secretariat)
    services.application_cancel(application=apps[0], by=apps[0].applicant)
    offered = Application.objects.select_related("session").get(pk=apps[2].pk)
    assert offered.status == S.OFFERED
    assert APPLICATION.available_names(offered, offered.applicant) == {"offer_accept", "offer_decline", "cancel"}
    assert not APPLICATION.allowed(offered, "offer_lapse")  # still open
    assert services.offer_lapse(application_id=offered.pk) is False
    later = offered.offer_expires_at + dt.timedelta(minutes=1)
    Application.objects.filter(pk=offered.pk).update(offer_expires_at=timezone.now() - dt.timedelta(minutes=1))
    offered.refresh_from_db()
    when = timezone.localtime(offered.offer_expires_at).strftime("%Y-%m-%d %H:%M")
    assert APPLICATION.refusal(offered, "offer_accept") == f"This offer lapsed on {when}."
    assert _refused(lambda: services.offer_accept(application=offered, by=offered.applicant)) == [
        f"This offer lapsed on {when}."]
    assert APPLICATION.available_names(offered, offered.applicant) == {"offer_decline", "cancel"}
    # Nobody's button: the portal lapses it.
    assert not APPLICATION.allowed(offered, "offer_lapse", offered.applicant)
    assert services.offer_lapse(application_id=offered.pk, now=later) is True
    offered.refresh_from_db()
    assert offered.status == S.OFFER_LAPSED
    message = "There is no open offer: the application is offer lapsed."
    assert APPLICATION.refusal(offered, "offer_decline") == message
    assert _refused(lambda: services.offer_decline(application=offered, by=offered.applicant)) == [message]


def test_session_request_and_support_refusals_come_from_their_tables(session, secretariat, member, focal_point):
    assert SESSION.refusal(session, "publish") == "Only a draft session can be published."
    assert _refused(lambda: services.session_publish(session=session, by=secretariat)) == [
        "Only a draft session can be published."]
    services.session_cancel(session=session, by=secretariat, reason="Typhoon")
    session.refresh_from_db()
    assert SESSION.refusal(session, "cancel") == "This session is already cancelled."
    assert _refused(lambda: services.session_cancel(session=session, by=secretariat, reason="Again")) == [
        "This session is already cancelled."]
    past = SessionFactory(starts_on=timezone.localdate() - dt.timedelta(days=5),
                          ends_on=timezone.localdate() - dt.timedelta(days=2))
    assert SESSION.refusal(past, "cancel") == "A session that has ended cannot be cancelled."

    egov = ProgramFactory(kind=Program.Kind.EGOVFRAME, accepts_city_requests=True)
    start = timezone.localdate() + dt.timedelta(days=40)
    request = services.training_request_submit(program=egov, member=member, by=focal_point, data={
        "location": TrainingRequest.Location.HOME, "preferred_start": start,
        "preferred_end": start + dt.timedelta(days=2), "participants_expected": 5})
    assert TRAINING_REQUEST.available_names(request, focal_point) == {"withdraw"}
    assert TRAINING_REQUEST.available_names(request, secretariat) == {"schedule", "decline"}
    services.training_request_withdraw(request=request, by=focal_point)
    request.refresh_from_db()
    message = "Only a submitted request can be scheduled (this one is withdrawn)."
    assert TRAINING_REQUEST.refusal(request, "schedule") == message
    assert _refused(lambda: services.training_request_schedule(request=request, by=secretariat, starts_on=start,
                                                               ends_on=start, capacity=5)) == [message]
    assert _refused(lambda: services.training_request_decline(request=request, by=secretariat, note="No")) == [
        "Only a submitted request can be declined."]

    thread = _support_thread(member)
    team = _support_team_member()
    assert SUPPORT.available_names(thread, thread.requester) == {"follow_up", "close"}
    assert SUPPORT.available_names(thread, team) == {"answer", "close"}
    services.support_close(request=thread, by=thread.requester)
    thread.refresh_from_db()
    assert SUPPORT.refusal(thread, "answer") == "This request is closed; open a new one if you need more help."
    assert _refused(lambda: services.support_reply(request=thread, by=team, body="Hello")) == [
        "This request is closed; open a new one if you need more help."]
    assert _refused(lambda: services.support_close(request=thread, by=team)) == ["This request is already closed."]


def _support_thread(member) -> SupportRequest:
    egov = ProgramFactory(kind=Program.Kind.EGOVFRAME, offers_remote_support=True)
    today = timezone.localdate()
    past = SessionFactory(program=egov, starts_on=today - dt.timedelta(days=9), ends_on=today - dt.timedelta(days=6),
                          application_deadline=timezone.now() - dt.timedelta(days=20))
    alumnus = AffiliationFactory(member=member).user
    Application.objects.create(session=past, applicant=alumnus, member=member, motivation="m", status=S.ACCEPTED)
    return services.support_request_open(requester=alumnus, session=past, subject="Batch", question="It fails.")


def _support_team_member():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="training_support")[0])
    return user


# --- A button appears exactly when the table allows it -------------------------------------------------------


def _decide_buttons(html: str, app: Application) -> set[str]:
    action = reverse("training_staff:application-decide", args=[app.session_id, app.pk])
    start = html.find(f'action="{action}"')
    if start < 0:
        return set()
    form = html[start:html.find("</form>", start)]
    return {name for name in ("accept", "waitlist", "decline") if f'name="{name}"' in form}


def test_the_console_shows_the_organisers_buttons_from_the_table(staff_client, session, secretariat, nominated):
    apps = nominated(3)
    url = reverse("training_staff:session", args=[session.pk])
    html = staff_client.get(url).content.decode()
    assert _decide_buttons(html, apps[0]) == {"accept", "waitlist", "decline"}
    assert 'name="publish"' not in html and 'name="cancel"' in html  # published: cancel, not publish
    services.application_accept(application=apps[0], by=secretariat)
    services.application_waitlist(application=apps[1], by=secretariat)
    html = staff_client.get(url).content.decode()
    assert _decide_buttons(html, apps[0]) == {"decline"}
    assert _decide_buttons(html, apps[1]) == {"decline"}  # a free seat: offered at once
    assert Application.objects.get(pk=apps[1].pk).status == S.OFFERED
    # An ended session: no seat given or taken back, no cancellation, and the page says why (the service
    # still puts a nominee on the waiting list).
    Session.objects.filter(pk=session.pk).update(starts_on=timezone.localdate() - dt.timedelta(days=5),
                                                 ends_on=timezone.localdate() - dt.timedelta(days=1))
    html = staff_client.get(url).content.decode()
    assert [_decide_buttons(html, a) for a in apps] == [set(), set(), {"waitlist"}]
    assert 'name="cancel"' not in html and "A session that has ended cannot be cancelled." in html
    draft = SessionFactory(program=session.program, status=Session.Status.DRAFT)
    html = staff_client.get(reverse("training_staff:session", args=[draft.pk])).content.decode()
    assert 'name="publish"' in html


def test_my_applications_shows_the_applicants_buttons_from_the_table(client, session, secretariat, nominated):
    apps = nominated(3)
    services.session_allocate(session=session, by=secretariat)
    services.application_cancel(application=apps[0], by=apps[0].applicant)
    offered = Application.objects.get(pk=apps[2].pk)
    client.force_login(offered.applicant)
    url = reverse("training:my-applications")
    html = client.get(url).content.decode()
    offer_url = reverse("training:offer-answer", args=[offered.pk])
    assert offer_url in html and 'name="accept"' in html and 'name="decline"' in html
    assert reverse("training:application-cancel", args=[offered.pk]) in html
    # Past its deadline (before the portal lapses it): the seat can be declined, no longer accepted.
    Application.objects.filter(pk=offered.pk).update(offer_expires_at=timezone.now() - dt.timedelta(minutes=1))
    html = client.get(url).content.decode()
    assert offer_url in html and 'name="accept"' not in html and 'name="decline"' in html
    client.force_login(apps[0].applicant)  # cancelled: nothing left to do
    html = client.get(url).content.decode()
    assert reverse("training:application-cancel", args=[apps[0].pk]) not in html


def test_the_nominations_page_shows_the_focal_points_buttons_from_the_table(client, session, member, focal_point,
                                                                          official_of, apply_as):
    first, second = (apply_as(official_of(member), session, member) for _ in range(2))
    services.application_nominate(application=second, by=focal_point)
    client.force_login(focal_point)
    html = client.get(reverse("training:nominations")).content.decode()

    def buttons(app):
        action = reverse("training:nomination-decide", args=[app.pk])
        start = html.find(f'action="{action}"')
        form = html[start:html.find("</form>", start)] if start >= 0 else ""
        return {name for name in ("nominate", "not_nominate") if f'name="{name}"' in form}

    assert buttons(first) == {"nominate", "not_nominate"}
    assert buttons(second) == {"not_nominate"}
    Session.objects.filter(pk=session.pk).update(status=Session.Status.DRAFT)  # nominations closed
    html = client.get(reverse("training:nominations")).content.decode()
    assert buttons(first) == {"not_nominate"}


def test_the_request_pages_show_their_buttons_from_the_table(client, staff_client, member, focal_point):
    egov = ProgramFactory(kind=Program.Kind.EGOVFRAME, accepts_city_requests=True, is_published=True)
    start = timezone.localdate() + dt.timedelta(days=40)
    request = services.training_request_submit(program=egov, member=member, by=focal_point, data={
        "location": TrainingRequest.Location.HOME, "preferred_start": start,
        "preferred_end": start + dt.timedelta(days=2), "participants_expected": 5})
    client.force_login(focal_point)
    withdraw = reverse("training:request-withdraw", args=[request.pk])
    assert withdraw in client.get(reverse("training:requests")).content.decode()
    staff_url = reverse("training_staff:request", args=[request.pk])
    html = staff_client.get(staff_url).content.decode()
    assert 'name="schedule"' in html and 'name="decline"' in html
    services.training_request_withdraw(request=request, by=focal_point)
    assert withdraw not in client.get(reverse("training:requests")).content.decode()
    html = staff_client.get(staff_url).content.decode()
    assert 'name="schedule"' not in html and 'name="decline"' not in html


def test_the_support_thread_offers_a_reply_until_it_is_closed(client, member):
    thread = _support_thread(member)
    client.force_login(thread.requester)
    url = reverse("training:support-detail", args=[thread.pk])
    html = client.get(url).content.decode()
    assert 'name="reply"' in html and 'name="close"' in html
    services.support_close(request=thread, by=thread.requester)
    html = client.get(url).content.decode()
    assert 'name="reply"' not in html and 'name="close"' not in html and "This request is closed." in html


def test_the_pages_with_buttons_make_a_constant_number_of_queries(client, staff_client, session, member, focal_point,
                                                                  official_of, apply_as):
    def add(n):
        for _ in range(n):
            app = apply_as(official_of(member), session, member)
            services.application_nominate(application=app, by=focal_point)

    add(2)
    client.force_login(focal_point)
    nominations = reverse("training:nominations")
    console = reverse("training_staff:session", args=[session.pk])
    few, few_console = count_queries(client, nominations), count_queries(staff_client, console)
    add(4)
    assert count_queries(client, nominations) == few
    assert count_queries(staff_client, console) == few_console


# --- The admin: actions from the tables, saves through audited services ---------------------------------------


def test_an_admin_action_refuses_each_object_with_the_tables_message(staff_client, session, member, official, nominated,
                                                                     apply_as):
    waiting = apply_as(official, session, member)
    nominee = nominated(1)[0]
    url = reverse("admin:training_application_changelist")
    response = staff_client.post(url, {"action": "accept", ACTION_CHECKBOX_NAME: [waiting.pk, nominee.pk]}, follow=True)
    html = response.content.decode()
    assert "An application that is waiting for nomination cannot be accepted." in html
    assert "1 application accepted." in html
    assert [Application.objects.get(pk=a.pk).status for a in (waiting, nominee)] == [S.SUBMITTED, S.ACCEPTED]
    response = staff_client.post(reverse("admin:training_session_changelist"),
                                 {"action": "publish_sessions", ACTION_CHECKBOX_NAME: [session.pk]}, follow=True)
    assert "Only a draft session can be published." in response.content.decode()


def test_the_admin_change_pages_say_what_can_be_done_now(staff_client, session, nominated, member):
    app = nominated(1)[0]
    page = staff_client.get(reverse("admin:training_application_change", args=[app.pk])).content.decode()
    assert "What can be done now" in page and "Accept (give a seat)" in page and "Put on the waiting list" in page
    page = staff_client.get(reverse("admin:training_session_change", args=[session.pk])).content.decode()
    assert "What can be done now" in page and "Cancel the session" in page
    thread = _support_thread(member)
    page = staff_client.get(reverse("admin:training_supportrequest_change", args=[thread.pk])).content.decode()
    assert "What can be done now" in page and "Close the request" in page


def _change_form_data(client, url) -> dict:
    """What the admin's change form posts back unchanged (the main form and every inline)."""
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


def test_an_application_edited_in_the_admin_goes_through_the_audited_service(staff_client, staff_with_mfa, session,
                                                                             member, official, apply_as):
    app = apply_as(official, session, member, job_title="Analyst")
    url = reverse("admin:training_application_change", args=[app.pk])
    data = _change_form_data(staff_client, url)
    data.update({"job_title": "Chief analyst", "passport_name": "LEE SOO JIN"})
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    app.refresh_from_db()
    assert (app.job_title, app.passport_name, app.status) == ("Chief analyst", "LEE SOO JIN", S.SUBMITTED)
    entry = AuditEntry.objects.get(action="training.application.changed", target_id=str(app.pk))
    assert entry.actor == staff_with_mfa
    assert entry.data["fields"] == ["job_title", "passport_name"]
    assert entry.data["old"] == {"job_title": "Analyst", "passport_name": ""}
    # Saving again without a change records nothing.
    staff_client.post(url, _change_form_data(staff_client, url))
    assert AuditEntry.objects.filter(action="training.application.changed").count() == 1


def test_a_request_edited_in_the_admin_goes_through_the_audited_service(staff_client, member, focal_point):
    egov = ProgramFactory(kind=Program.Kind.EGOVFRAME, accepts_city_requests=True)
    start = timezone.localdate() + dt.timedelta(days=40)
    request = services.training_request_submit(program=egov, member=member, by=focal_point, data={
        "location": TrainingRequest.Location.HOME, "preferred_start": start,
        "preferred_end": start + dt.timedelta(days=2), "participants_expected": 5})
    url = reverse("admin:training_trainingrequest_change", args=[request.pk])
    data = _change_form_data(staff_client, url)
    data["participants_expected"] = 8
    assert staff_client.post(url, data).status_code == 302
    request.refresh_from_db()
    assert request.participants_expected == 8
    entry = AuditEntry.objects.get(action="training.request.changed", target_id=str(request.pk))
    assert entry.data == {"fields": ["participants_expected"], "old": {"participants_expected": 5},
                          "new": {"participants_expected": 8}}


def test_a_sessions_agenda_edited_in_the_admin_goes_through_the_audited_service(staff_client, session):
    url = reverse("admin:training_session_change", args=[session.pk])
    data = _change_form_data(staff_client, url)
    data.update({"agenda-TOTAL_FORMS": "1", "agenda-0-day": session.starts_on.isoformat(), "agenda-0-kind": "site_visit",
                 "agenda-0-title": "TOPIS", "agenda-0-session": str(session.pk)})
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(AgendaItem.objects.filter(session=session).values_list("title", flat=True)) == ["TOPIS"]
    entry = AuditEntry.objects.get(action="training.session.agenda_changed", target_id=str(session.pk))
    assert entry.data["saved"] == [f"{session.starts_on:%Y-%m-%d} TOPIS"] and entry.data["deleted"] == []


def test_a_capacity_below_the_seats_taken_is_refused_as_a_message(staff_client, session, secretariat, nominated):
    services.session_allocate(session=session, by=secretariat)
    nominated(2)
    services.session_allocate(session=session, by=secretariat)
    assert Session.objects.get(pk=session.pk).seats_taken == 2
    url = reverse("admin:training_session_change", args=[session.pk])
    data = _change_form_data(staff_client, url)
    data["capacity"] = 1
    response = staff_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "2 seats are already taken: the capacity cannot be lower." in response.content.decode()
    assert Session.objects.get(pk=session.pk).capacity == 2


def test_a_programs_partners_edited_in_the_admin_are_set_and_audited_by_the_service(staff_client, program):
    partner = PartnerFactory(name="NIA")
    url = reverse("admin:training_program_change", args=[program.pk])
    data = _change_form_data(staff_client, url)
    data["partners"] = [str(partner.pk)]
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(program.partners.all()) == [partner]
    entry = AuditEntry.objects.get(action="training.program.changed", target_id=str(program.pk))
    assert entry.data == {"partners": [partner.pk], "partners_before": []}


def test_the_admin_cancels_for_the_applicant_only_while_the_table_allows_it(staff_client, session, nominated):
    app = nominated(1)[0]
    Session.objects.filter(pk=session.pk).update(starts_on=timezone.localdate() - dt.timedelta(days=5),
                                                 ends_on=timezone.localdate() - dt.timedelta(days=1))
    response = staff_client.post(reverse("admin:training_application_changelist"),
                                 {"action": "cancel", "apply": "1", "reason": "", ACTION_CHECKBOX_NAME: [app.pk]},
                                 follow=True)
    assert "The session has ended." in response.content.decode()
    assert Application.objects.get(pk=app.pk).status == S.NOMINATED
