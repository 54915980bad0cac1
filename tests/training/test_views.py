"""Pages: catalogue, sessions, applying, my applications, nominations, the organiser's console,
CSV exports, support, requests, the calendar and its iCalendar feeds; permissions per role."""

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from members.models import Affiliation
from tests.factories import AffiliationFactory, RegionalOfficeFactory, UserFactory
from tests.factories.training import ProgramFactory, SessionFactory
from tests.helpers import count_queries
from training import services
from training.models import AgendaItem, Application, Program, Session, SupportRequest, TrainingRequest

S = Application.Status


@pytest.fixture
def staff_client(staff_with_mfa):
    from django.test import Client

    staff = Client()
    staff.force_login(staff_with_mfa)
    return staff


# --- Public pages ----------------------------------------------------------------------------------------


def test_the_catalogue_is_the_training_section_of_the_header(client, session):
    response = client.get(reverse("training:catalogue"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("training:catalogue") == "/training/"
    assert 'href="/training/" aria-current="page"' in html
    assert "Seoul Program" in html and session.title in html and "2 seats left" in html


def test_the_session_page_shows_seats_agenda_and_who_may_apply(client, session, official, hanoi):
    AgendaItem.objects.create(session=session, day=session.starts_on, kind=AgendaItem.Kind.SITE_VISIT, title="TOPIS")
    url = reverse("training:session", args=[session.pk])
    html = client.get(url).content.decode()
    assert "2 seats left of 2" in html and "TOPIS" in html and "Site visit" in html and "Sign in to apply" in html
    outsider = UserFactory()
    client.force_login(outsider)
    assert "open to WeGO members only" in client.get(url).content.decode()
    client.force_login(official)
    assert reverse("training:apply", args=[session.pk]) in client.get(url).content.decode()


def test_draft_sessions_are_not_public(client, program):
    draft = SessionFactory(program=program, status=Session.Status.DRAFT)
    assert client.get(reverse("training:session", args=[draft.pk])).status_code == 404


def test_an_official_applies_through_the_form(client, session, member, official):
    client.force_login(official)
    url = reverse("training:apply", args=[session.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"member": member.pk, "job_title": "Analyst", "motivation": "Learn big data.",
                                 "dietary_needs": "Halal", "visa_needed": "on"})
    assert response.status_code == 200  # the visa needs a passport name and nationality
    assert "name as in the passport" in response.content.decode()
    response = client.post(url, {"member": member.pk, "job_title": "Analyst", "motivation": "Learn big data.",
                                 "dietary_needs": "Halal", "visa_needed": "on", "passport_name": "LEE SOO JIN", "nationality": "KR"})
    assert response.status_code == 302
    app = Application.objects.get(applicant=official)
    assert (app.status, app.dietary_needs, app.passport_name) == (S.SUBMITTED, "Halal", "LEE SOO JIN")
    assert "focal point of Seoul will now decide" in client.get(response.url).content.decode()


def test_a_non_member_cannot_apply_to_a_members_only_program(client, session):
    client.force_login(UserFactory())
    for response in (client.get(reverse("training:apply", args=[session.pk])),
                     client.post(reverse("training:apply", args=[session.pk]), {"motivation": "Please"})):
        assert response.status_code == 403
        assert "open to WeGO members only" in response.content.decode()
    assert not Application.objects.exists()


def test_my_applications_lets_the_applicant_take_an_offer(client, session, secretariat, nominated):
    apps = nominated(3)
    services.session_allocate(session=session, by=secretariat)
    services.application_cancel(application=apps[0], by=apps[0].applicant)
    offered = apps[2]
    client.force_login(offered.applicant)
    html = client.get(reverse("training:my-applications")).content.decode()
    assert "A seat is offered to you" in html
    client.post(reverse("training:offer-answer", args=[offered.pk]), {"accept": "1"})
    assert Application.objects.get(pk=offered.pk).status == S.ACCEPTED
    # Someone else's application: 404.
    assert client.post(reverse("training:application-cancel", args=[apps[1].pk])).status_code == 404


def test_the_focal_point_nominates_and_ranks_on_the_nominations_page(client, session, member, focal_point, official_of, apply_as):
    apps = [apply_as(official_of(member), session, member) for _ in range(2)]
    client.force_login(focal_point)
    html = client.get(reverse("training:nominations")).content.decode()
    assert apps[0].applicant.get_full_name() in html
    for app in apps:
        client.post(reverse("training:nomination-decide", args=[app.pk]), {"nominate": "1"})
    assert list(Application.objects.order_by("pk").values_list("status", "nomination_rank")) == [(S.NOMINATED, 1), (S.NOMINATED, 2)]
    client.post(reverse("training:nominations-rank", args=[session.pk]), {"member": member.pk, f"rank-{apps[0].pk}": "2", f"rank-{apps[1].pk}": "1"})
    assert list(Application.objects.order_by("pk").values_list("nomination_rank", flat=True)) == [2, 1]


def test_nomination_pages_are_for_focal_points_of_the_member(client, session, member, official, hanoi, apply_as, official_of):
    app = apply_as(official, session, member)
    client.force_login(official)
    assert client.get(reverse("training:nominations")).status_code == 403
    client.force_login(official_of(hanoi, Affiliation.Role.FOCAL_POINT))
    assert client.post(reverse("training:nomination-decide", args=[app.pk]), {"nominate": "1"}).status_code == 404
    assert client.get(reverse("training:nominations"), {"member": member.pk}).status_code == 404
    assert Application.objects.get(pk=app.pk).status == S.SUBMITTED


# --- Organiser's console ---------------------------------------------------------------------------------


def test_the_console_is_for_training_staff_with_two_factor(client, session, official, secretariat):
    url = reverse("training_staff:console")
    assert client.get(url).status_code == 302  # to the login
    client.force_login(official)
    assert client.get(url).status_code == 403
    client.force_login(secretariat)  # staff without an authenticator
    assert client.get(url)["Location"].startswith(reverse("mfa_activate_totp"))


def test_regional_office_staff_see_only_their_programs(client, session, member):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    office = RegionalOfficeFactory(name="Asia Regional Office")
    mine = SessionFactory(program=ProgramFactory(regional_office=office, name="Chengdu Program"), title="Chengdu 2030")
    staff = UserFactory(is_staff=True, regional_office=office)
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    html = client.get(reverse("training_staff:console")).content.decode()
    assert "Chengdu 2030" in html and session.title not in html
    assert client.get(reverse("training_staff:session", args=[session.pk])).status_code == 404
    assert client.get(reverse("training_staff:session", args=[mine.pk])).status_code == 200
    assert client.get(reverse("training_staff:requests")).status_code == 403


def test_the_organiser_allocates_accepts_and_declines(staff_client, session, nominated):
    apps = nominated(3)
    url = reverse("training_staff:session", args=[session.pk])
    assert "Allocate seats to the 3 nominated applicants" in staff_client.get(url).content.decode()
    staff_client.post(reverse("training_staff:session-action", args=[session.pk]), {"allocate": "1"})
    assert [Application.objects.get(pk=a.pk).status for a in apps] == [S.ACCEPTED, S.ACCEPTED, S.WAITLISTED]
    staff_client.post(reverse("training_staff:application-decide", args=[session.pk, apps[0].pk]), {"decline": "1", "reason": "Not eligible"})
    assert [Application.objects.get(pk=a.pk).status for a in apps] == [S.DECLINED, S.ACCEPTED, S.OFFERED]
    response = staff_client.post(reverse("training_staff:application-decide", args=[session.pk, apps[0].pk]), {"accept": "1"}, follow=True)
    assert "cannot be accepted" in response.content.decode()


@pytest.fixture
def ended(program, member, official_of):
    today = timezone.localdate()
    session = SessionFactory(program=program, title="Seoul Program 2016", capacity=5, starts_on=today - dt.timedelta(days=2),
                             ends_on=today, application_deadline=timezone.now() - dt.timedelta(days=20))
    apps = [Application.objects.create(session=session, applicant=official_of(member), member=member, motivation="m",
                                       status=S.ACCEPTED, visa_needed=True, passport_name=name, nationality="VN",
                                       dietary_needs=diet)
            for name, diet in [("NGUYEN VAN A", "Vegetarian"), ("=HYPERLINK(1)", "")]]
    Session.objects.filter(pk=session.pk).update(seats_taken=2)
    return session, apps


def test_attendance_certificates_and_feedback_in_the_console(staff_client, ended):
    session, apps = ended
    url = reverse("training_staff:attendance", args=[session.pk])
    assert staff_client.get(url).status_code == 200
    for day in session.days():
        staff_client.post(url, {"day": day.isoformat(), "present": [apps[0].pk]})
    html = staff_client.get(url).content.decode()
    assert "eligible" in html
    staff_client.post(reverse("training_staff:certificates", args=[session.pk]), {"issue": "1"})
    assert [hasattr(Application.objects.get(pk=a.pk), "certificate") for a in apps] == [True, False]
    services.feedback_submit(application=apps[0], by=apps[0].applicant, overall=4, content=5, speakers=3, organisation=4, comment="Good")
    html = staff_client.get(reverse("training_staff:feedback", args=[session.pk])).content.decode()
    assert '<svg' in html and 'role="img"' in html and "Good" in html and "<caption>" in html


def test_csv_exports_for_visas_and_logistics(staff_client, ended):
    session, apps = ended
    response = staff_client.get(reverse("training_staff:export-visas", args=[session.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Name as in the passport"
    assert [r[0] for r in rows[1:]] == ["NGUYEN VAN A", "'=HYPERLINK(1)"]  # no formula runs in a spreadsheet
    assert rows[1][1] == "Vietnam"
    rows = list(csv.reader(io.StringIO(staff_client.get(reverse("training_staff:export-logistics", args=[session.pk])).content.decode("utf-8-sig"))))
    assert len(rows) == 3 and "Vegetarian" in rows[1]


def test_the_secretariat_schedules_a_city_request_from_the_console(staff_client, member, focal_point, client):
    egov = ProgramFactory(kind=Program.Kind.EGOVFRAME, accepts_city_requests=True, name="eGovFrame")
    client.force_login(focal_point)
    start = timezone.localdate() + dt.timedelta(days=40)
    response = client.post(reverse("training:requests"), {
        "location": "home", "venue": "City Hall", "preferred_start": start.isoformat(),
        "preferred_end": (start + dt.timedelta(days=3)).isoformat(), "participants_expected": 6, "language": "English",
    })
    assert response.status_code == 302
    req = TrainingRequest.objects.get()
    response = staff_client.post(reverse("training_staff:request", args=[req.pk]), {
        "schedule": "1", "starts_on": start.isoformat(), "ends_on": (start + dt.timedelta(days=3)).isoformat(), "capacity": 6,
    })
    assert response.status_code == 302
    session = Session.objects.get(program=egov)
    assert session.reserved_for == member and session.capacity == 6


# --- Support ---------------------------------------------------------------------------------------------


def test_an_alumnus_asks_with_an_attachment_and_the_team_answers(client, staff_client, member, official_of):
    egov = ProgramFactory(kind=Program.Kind.EGOVFRAME, offers_remote_support=True, name="eGovFrame")
    today = timezone.localdate()
    session = SessionFactory(program=egov, starts_on=today - dt.timedelta(days=9), ends_on=today - dt.timedelta(days=6),
                             application_deadline=timezone.now() - dt.timedelta(days=20))
    alumnus = official_of(member)
    Application.objects.create(session=session, applicant=alumnus, member=member, motivation="m", status=S.ACCEPTED)
    client.force_login(alumnus)
    bad = SimpleUploadedFile("run.exe", b"MZ\x90\x00binary\x00")
    response = client.post(reverse("training:support-new"), {"session": session.pk, "subject": "Batch", "question": "Fails", "attachments": [bad]})
    assert response.status_code == 200 and "not a file we accept" in response.content.decode()
    log = SimpleUploadedFile("error.log", b"SEVERE: failed\n")
    response = client.post(reverse("training:support-new"), {"session": session.pk, "subject": "Batch", "question": "Fails", "attachments": [log]})
    request = SupportRequest.objects.get()
    assert response["Location"] == reverse("training:support-detail", args=[request.pk])
    staff_client.post(reverse("training_staff:support-detail", args=[request.pk]), {"body": "Use the starter."})
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.ANSWERED
    html = staff_client.get(reverse("training_staff:support")).content.decode()
    assert "Average first answer" in html
    attachment = request.messages.first().attachments.get()
    assert client.get(reverse("training:support-attachment", args=[attachment.pk])).status_code == 200
    client.force_login(official_of(member))  # a colleague
    assert client.get(reverse("training:support-detail", args=[request.pk])).status_code == 404
    assert client.get(reverse("training:support-attachment", args=[attachment.pk])).status_code == 404


# --- Calendar --------------------------------------------------------------------------------------------


def test_the_icalendar_feeds_parse_back(client, program, session):
    other = SessionFactory(program=ProgramFactory(name="Webinars", kind=Program.Kind.WEBINAR), mode=Session.Mode.ONLINE, title="Webinar on CeDS")
    SessionFactory(program=program, status=Session.Status.DRAFT, title="Draft")
    cancelled = SessionFactory(program=program, status=Session.Status.CANCELLED, title="Cancelled one")
    response = client.get(reverse("training:calendar-ics"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {session.title, other.title, cancelled.title}
    event = events[session.title]
    assert event.decoded("dtstart") == session.starts_on
    assert event.decoded("dtend") == session.ends_on + dt.timedelta(days=1)
    assert str(event["uid"]) == f"training-session-{session.pk}@wego-portal"
    assert str(event["url"]).endswith(f"/training/sessions/{session.pk}/")
    assert "Seoul" in str(event["location"])
    assert str(events[cancelled.title]["status"]) == "CANCELLED"
    feed = Calendar.from_ical(client.get(reverse("training:program-ics", args=[program.slug])).content)
    assert {str(e["summary"]) for e in feed.walk("VEVENT")} == {session.title, cancelled.title}
    assert str(feed["X-WR-CALNAME"]) == "WeGO training: Seoul Program"


def test_the_calendar_page_lists_upcoming_sessions_by_month(client, session):
    html = client.get(reverse("training:calendar")).content.decode()
    assert session.title in html and reverse("training:calendar-ics") in html


def test_public_alumni_page_shows_counts_not_names(client, member, official_of, program):
    today = timezone.localdate()
    past = SessionFactory(program=program, starts_on=today - dt.timedelta(days=9), ends_on=today - dt.timedelta(days=6),
                          application_deadline=timezone.now() - dt.timedelta(days=20))
    user = official_of(member)
    Application.objects.create(session=past, applicant=user, member=member, motivation="m", status=S.ACCEPTED)
    html = client.get(reverse("training:alumni")).content.decode()
    assert member.name in html and user.email not in html and user.name not in html


# --- Query counts: the same at 10 and 30 rows ------------------------------------------------------------


def make_sessions(n):
    for i in range(n):
        p = ProgramFactory()
        p.partners.add(*[__import__("tests.factories", fromlist=["PartnerFactory"]).PartnerFactory() for _ in range(2)])
        SessionFactory(program=p, title=f"S{i}")


@pytest.mark.parametrize("url_name", ["training:catalogue", "training:calendar", "training:calendar-ics"])
def test_public_list_pages_make_a_constant_number_of_queries(client, url_name, db):
    make_sessions(10)
    few = count_queries(client, reverse(url_name))
    make_sessions(20)
    assert count_queries(client, reverse(url_name)) == few


def test_my_applications_and_the_console_make_a_constant_number_of_queries(client, staff_with_mfa, member):
    user = AffiliationFactory(member=member).user

    def add(n):
        for _ in range(n):
            s = SessionFactory(capacity=5)
            Application.objects.create(session=s, applicant=user, member=member, motivation="m", status=S.ACCEPTED)

    add(10)
    client.force_login(user)
    few = count_queries(client, reverse("training:my-applications"))
    client.force_login(staff_with_mfa)
    few_console = count_queries(client, reverse("training_staff:console"))
    add(20)
    client.force_login(user)
    assert count_queries(client, reverse("training:my-applications")) == few
    client.force_login(staff_with_mfa)
    assert count_queries(client, reverse("training_staff:console")) == few_console


def test_open_tasks_for_the_member_home(session, member, focal_point, official, apply_as, secretariat, nominated):
    """The provider registered with wego.registry.open_tasks (tested directly: the member home also runs other apps' providers)."""
    from training.open_tasks import training_tasks
    from wego.registry import open_tasks

    assert training_tasks in open_tasks._providers
    apply_as(official, session, member)
    labels = [t["label"] for t in training_tasks(member=member, user=focal_point)]
    assert labels == ["1 training applications wait for your nomination."]
    assert training_tasks(member=member, user=official) == []
    apps = nominated(3)
    services.session_allocate(session=session, by=secretariat)
    services.application_cancel(application=apps[0], by=apps[0].applicant)
    tasks = training_tasks(member=member, user=apps[2].applicant)
    assert len(tasks) == 1 and "is offered to you" in tasks[0]["label"]
    assert tasks[0]["url"].endswith(f"#application-{apps[2].pk}")
