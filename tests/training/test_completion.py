"""Attendance, certificates (and their public check), feedback, city requests, remote support."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from members.models import Affiliation
from tests.factories import UserFactory
from tests.factories.training import ProgramFactory, SessionFactory
from tests.helpers import assert_pdf
from training import selectors, services
from training.models import (
    Application,
    Attendance,
    Certificate,
    Feedback,
    Program,
    Session,
    SupportRequest,
    TrainingRequest,
)

S = Application.Status


@pytest.fixture
def past_session(program):
    """A five-day session that ended yesterday; its participants were accepted before it began."""
    today = timezone.localdate()
    return SessionFactory(program=program, title="Seoul Program 2016", capacity=5,
                          starts_on=today - dt.timedelta(days=5), ends_on=today - dt.timedelta(days=1),
                          application_deadline=timezone.now() - dt.timedelta(days=30))


@pytest.fixture
def participants(past_session, member, official_of):
    apps = []
    for _i in range(3):
        apps.append(Application.objects.create(session=past_session, applicant=official_of(member), member=member,
                                               motivation="m", status=S.ACCEPTED))
    Session.objects.filter(pk=past_session.pk).update(seats_taken=3)
    return apps


def record_all(session, apps, secretariat, *, absent=None):
    """Everyone present every day, except `absent`: {application: number of days missed}."""
    absent = absent or {}
    for index, day in enumerate(session.days()):
        present = [a.pk for a in apps if index >= absent.get(a, 0)]
        services.attendance_record(session=session, day=day, present_ids=present, by=secretariat)


def test_attendance_is_one_row_per_participant_and_day_and_can_be_corrected(past_session, participants, secretariat):
    day = past_session.starts_on
    services.attendance_record(session=past_session, day=day, present_ids=[participants[0].pk], by=secretariat)
    services.attendance_record(session=past_session, day=day, present_ids=[participants[0].pk, participants[1].pk], by=secretariat)
    rows = dict(Attendance.objects.filter(day=day).values_list("application_id", "present"))
    assert rows == {participants[0].pk: True, participants[1].pk: True, participants[2].pk: False}


def test_attendance_refuses_other_days_the_future_and_non_participants(program, past_session, participants, secretariat, member, official_of):
    with pytest.raises(ValidationError, match="not a day of this session"):
        services.attendance_record(session=past_session, day=past_session.ends_on + dt.timedelta(days=1), present_ids=[], by=secretariat)
    future = SessionFactory(program=program)
    with pytest.raises(ValidationError, match="still to come"):
        services.attendance_record(session=future, day=future.starts_on, present_ids=[], by=secretariat)
    stranger = Application.objects.create(session=past_session, applicant=official_of(member), member=member, motivation="m", status=S.DECLINED)
    with pytest.raises(ValidationError, match="Only accepted participants"):
        services.attendance_record(session=past_session, day=past_session.starts_on, present_ids=[stranger.pk], by=secretariat)
    with pytest.raises(PermissionDenied):
        services.attendance_record(session=past_session, day=past_session.starts_on, present_ids=[], by=participants[0].applicant)


def test_certificates_go_to_participants_at_the_threshold_once(past_session, participants, secretariat, mailoutbox, django_capture_on_commit_callbacks):
    # 5 days; 80 %: 4 days are enough, 3 are not.
    record_all(past_session, participants, secretariat, absent={participants[1]: 1, participants[2]: 2})
    rows = {a.pk: (a.days_present, a.eligible) for a in selectors.participants_with_attendance(session=past_session)}
    assert rows == {participants[0].pk: (5, True), participants[1].pk: (4, True), participants[2].pk: (3, False)}
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.certificates_issue(session=past_session, by=secretariat)
    assert sorted(c.application_id for c in issued) == sorted([participants[0].pk, participants[1].pk])
    assert services.certificates_issue(session=past_session, by=secretariat) == []
    assert Certificate.objects.count() == 2
    cert = Certificate.objects.get(application=participants[1])
    assert (cert.days_attended, cert.days_total) == (4, 5)
    assert cert.participant_name == participants[1].applicant.get_full_name()
    assert len(cert.code) == 14 and cert.code.count("-") == 2
    assert sum("Your certificate" in m.subject for m in mailoutbox) == 2


def test_the_threshold_is_per_session(past_session, participants, secretariat):
    Session.objects.filter(pk=past_session.pk).update(attendance_threshold=100)
    past_session.refresh_from_db()
    record_all(past_session, participants, secretariat, absent={participants[1]: 1, participants[2]: 2})
    issued = services.certificates_issue(session=past_session, by=secretariat)
    assert [c.application_id for c in issued] == [participants[0].pk]


def test_certificates_wait_for_the_last_day(program, member, official_of, secretariat):
    running = SessionFactory(program=program, starts_on=timezone.localdate() - dt.timedelta(days=1), ends_on=timezone.localdate() + dt.timedelta(days=2))
    with pytest.raises(ValidationError, match="last day"):
        services.certificates_issue(session=running, by=secretariat)


def test_anyone_can_check_a_certificate_code(client, past_session, participants, secretariat):
    record_all(past_session, participants, secretariat)
    cert = services.certificates_issue(session=past_session, by=secretariat)[0]
    url = reverse("training:certificate-verify")
    page = client.get(url, {"code": cert.code.lower().replace("-", " ")})
    assert page.status_code == 200
    html = page.content.decode()
    assert "This certificate is valid" in html and cert.participant_name in html and "Seoul Program 2016" in html
    assert "No certificate has this code" in client.get(url, {"code": "AAAA-BBBB-CCCC"}).content.decode()
    services.certificate_revoke(certificate=cert, by=secretariat, reason="Issued in error")
    html = client.get(url, {"code": cert.code}).content.decode()
    assert "has been revoked" in html and cert.participant_name not in html
    assert "This certificate is valid" not in html


def test_the_certificate_pdf_is_for_its_participant_and_the_organiser(client, past_session, participants, secretariat, staff_with_mfa):
    record_all(past_session, participants, secretariat)
    services.certificates_issue(session=past_session, by=secretariat)
    cert = Certificate.objects.get(application=participants[0])
    url = reverse("training:certificate-pdf", args=[cert.pk])
    client.force_login(participants[1].applicant)
    assert client.get(url).status_code == 404
    client.force_login(cert.application.applicant)
    response = client.get(url)
    assert response.status_code == 200
    assert_pdf(response)
    assert response["Content-Disposition"] == f'inline; filename="wego-certificate-{cert.code}.pdf"'
    # The PDF is drawn from this page (no PDF reader is installed to read the text back).
    from django.template.loader import render_to_string

    html = render_to_string("training/certificate_pdf.html", {"certificate": cert, "verify_url": "https://x/verify/?code=" + cert.code})
    assert cert.code in html and cert.participant_name in html and "Certificate of completion" in html
    client.force_login(staff_with_mfa)
    assert client.get(url).status_code == 200


# --- Feedback --------------------------------------------------------------------------------------------


def test_feedback_once_per_participant_after_the_session(past_session, participants, program, member, official_of):
    app = participants[0]
    services.feedback_submit(application=app, by=app.applicant, overall=5, content=4, speakers=4, organisation=3, comment="Great")
    with pytest.raises(ValidationError, match="already given"):
        services.feedback_submit(application=app, by=app.applicant, overall=1, content=1, speakers=1, organisation=1)
    with pytest.raises(PermissionDenied):
        services.feedback_submit(application=participants[1], by=app.applicant, overall=5, content=5, speakers=5, organisation=5)
    with pytest.raises(ValidationError):
        services.feedback_submit(application=participants[1], by=participants[1].applicant, overall=6, content=5, speakers=5, organisation=5)
    future = SessionFactory(program=program)
    early = Application.objects.create(session=future, applicant=official_of(member), member=member, motivation="m", status=S.ACCEPTED)
    with pytest.raises(ValidationError, match="last day"):
        services.feedback_submit(application=early, by=early.applicant, overall=5, content=5, speakers=5, organisation=5)


def test_the_database_keeps_ratings_between_1_and_5(past_session, participants):
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(application=participants[0], overall=0, content=3, speakers=3, organisation=3)


def test_feedback_results_are_averaged_in_sql(past_session, participants):
    for app, overall in zip(participants, [5, 4, 4], strict=True):
        services.feedback_submit(application=app, by=app.applicant, overall=overall, content=3, speakers=5, organisation=4)
    results = selectors.feedback_results(session=past_session)
    assert results["count"] == 3
    averages = {str(label): value for label, value in results["averages"]}
    assert averages["Overall, how useful was the session?"] == pytest.approx(13 / 3)
    assert averages["How good were the speakers?"] == 5
    assert results["distribution"] == [(1, 0), (2, 0), (3, 0), (4, 2), (5, 1)]


# --- City requests ---------------------------------------------------------------------------------------


@pytest.fixture
def egovframe(db):
    return ProgramFactory(name="WeGO eGovFrame Technical Training", kind=Program.Kind.EGOVFRAME, accepts_city_requests=True,
                          offers_remote_support=True, prerequisites="Intermediate Java.")


def request_data(**extra):
    start = timezone.localdate() + dt.timedelta(days=60)
    return {"location": TrainingRequest.Location.HOME, "venue": "City Hall", "preferred_start": start,
            "preferred_end": start + dt.timedelta(days=3), "participants_expected": 6, "language": "English", **extra}


def test_a_city_requests_a_training_and_the_secretariat_turns_it_into_a_session(egovframe, member, focal_point, official, secretariat, apply_as, hanoi, official_of):
    with pytest.raises(PermissionDenied):
        services.training_request_submit(program=egovframe, member=member, by=official, data=request_data())
    req = services.training_request_submit(program=egovframe, member=member, by=focal_point, data=request_data())
    with pytest.raises(ValidationError, match="already has an open request"):
        services.training_request_submit(program=egovframe, member=member, by=focal_point, data=request_data())
    with pytest.raises(PermissionDenied):
        services.training_request_schedule(request=req, by=focal_point, starts_on=req.preferred_start, ends_on=req.preferred_end, capacity=6)
    session = services.training_request_schedule(request=req, by=secretariat, starts_on=req.preferred_start,
                                                 ends_on=req.preferred_end, capacity=6)
    req.refresh_from_db()
    assert req.status == TrainingRequest.Status.SCHEDULED and req.session == session
    assert session.reserved_for == member and session.host_member == member and session.status == Session.Status.PUBLISHED
    assert session.application_deadline.date() < session.starts_on
    assert apply_as(official, session, member).status == S.SUBMITTED
    with pytest.raises(ValidationError, match="reserved for the officials of Seoul"):
        apply_as(official_of(hanoi), session, hanoi)
    with pytest.raises(ValidationError, match="Only a submitted request"):
        services.training_request_schedule(request=req, by=secretariat, starts_on=req.preferred_start, ends_on=req.preferred_end, capacity=6)


def test_requests_are_for_programs_run_on_request_and_for_members_in_good_standing(program, egovframe, member, focal_point):
    with pytest.raises(ValidationError, match="not run on request"):
        services.training_request_submit(program=program, member=member, by=focal_point, data=request_data())
    member.status = "suspended"
    member.save()
    with pytest.raises(ValidationError, match="members only"):
        services.training_request_submit(program=egovframe, member=member, by=focal_point, data=request_data())


# --- Remote support --------------------------------------------------------------------------------------


@pytest.fixture
def alumnus(egovframe, member, official_of):
    today = timezone.localdate()
    session = SessionFactory(program=egovframe, title="eGovFrame — Seoul", starts_on=today - dt.timedelta(days=10),
                             ends_on=today - dt.timedelta(days=7), application_deadline=timezone.now() - dt.timedelta(days=30))
    user = official_of(member)
    Application.objects.create(session=session, applicant=user, member=member, motivation="m", status=S.ACCEPTED)
    return user, session


@pytest.fixture
def support_team(db):
    from django.contrib.auth.models import Group

    from training.permissions import SUPPORT_GROUP

    user = UserFactory(is_staff=True, name="eGovFrame Center")
    user.groups.add(Group.objects.get_or_create(name=SUPPORT_GROUP)[0])
    return user


def test_alumni_ask_the_team_answers_and_response_times_are_measured(alumnus, support_team, official):
    user, session = alumnus
    log = SimpleUploadedFile("error.log", b"SEVERE: batch module failed\n", content_type="text/plain")
    request = services.support_request_open(requester=user, session=session, subject="Tomcat 9", question="It fails.", files=[log])
    assert request.status == SupportRequest.Status.OPEN and request.member_id
    assert request.messages.get().attachments.get().name == "error.log"
    with pytest.raises(PermissionDenied):
        services.support_reply(request=request, by=official, body="Me too")
    services.support_reply(request=request, by=support_team, body="Use the batch starter.")
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.ANSWERED and request.first_response_at
    SupportRequest.objects.filter(pk=request.pk).update(created_at=request.first_response_at - dt.timedelta(hours=5))
    services.support_reply(request=request, by=user, body="And the scheduler?")
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.OPEN
    first = request.first_response_at
    services.support_reply(request=request, by=support_team, body="Same.")
    request.refresh_from_db()
    assert request.first_response_at == first  # the first answer is kept
    services.support_close(request=request, by=user)
    with pytest.raises(ValidationError, match="closed"):
        services.support_reply(request=request, by=user, body="One more")
    times = selectors.support_response_times()
    assert times["total"] == 1 and times["answered"] == 1 and times["waiting"] == 0
    assert times["average"] == dt.timedelta(hours=5) and times["longest"] == dt.timedelta(hours=5)
    assert times["by_month"][0]["answered"] == 1


def test_support_is_for_alumni_of_trainings_with_support(official, program, member, alumnus):
    user, session = alumnus
    with pytest.raises(ValidationError, match="Remote support is for participants"):
        services.support_request_open(requester=official, session=session, subject="Q", question="?")
    seoul = SessionFactory(program=program, starts_on=session.starts_on, ends_on=session.ends_on,
                           application_deadline=session.application_deadline)
    Application.objects.create(session=seoul, applicant=official, member=member, motivation="m", status=S.ACCEPTED)
    with pytest.raises(ValidationError, match="Remote support is for participants"):
        services.support_request_open(requester=official, session=seoul, subject="Q", question="?")


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("shot.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, True),
        ("doc.pdf", b"%PDF-1.4 ...", True),
        ("src.zip", b"PK\x03\x04" + b"0" * 20, True),
        ("App.java", "public class App { // 한국어\n}".encode(), True),
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00", False),
        ("fake.png", b"\x00\x01\x02binary", False),
    ],
)
def test_support_attachments_are_checked_by_content(alumnus, name, content, ok):
    user, session = alumnus
    upload = SimpleUploadedFile(name, content)
    if ok:
        services.support_request_open(requester=user, session=session, subject="Q", question="?", files=[upload])
    else:
        with pytest.raises(ValidationError, match="not a file we accept"):
            services.support_request_open(requester=user, session=session, subject="Q", question="?", files=[upload])
        assert not SupportRequest.objects.exists()


def test_support_attachments_are_limited_in_size_and_number(alumnus, settings):
    user, session = alumnus
    big = SimpleUploadedFile("big.txt", b"a" * (5 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="limit is 5 MB"):
        services.support_request_open(requester=user, session=session, subject="Q", question="?", files=[big])
    many = [SimpleUploadedFile(f"{i}.txt", b"log") for i in range(4)]
    with pytest.raises(ValidationError, match="at most 3 files"):
        services.support_request_open(requester=user, session=session, subject="Q", question="?", files=many)


def test_alumni_per_city_counts_in_sql(past_session, participants, secretariat, member):
    record_all(past_session, participants, secretariat)
    services.certificates_issue(session=past_session, by=secretariat)
    row = selectors.alumni_per_member().get(pk=member.pk)
    assert (row.alumni, row.sessions_attended, row.certificates) == (3, 1, 3)


def test_focal_point_role_is_needed_for_focal_members(member, focal_point, official):
    assert [m.pk for m in selectors.focal_point_members(user=focal_point)] == [member.pk]
    assert selectors.focal_point_members(user=official) == []
    assert Affiliation.objects.filter(user=focal_point).count() == 1
