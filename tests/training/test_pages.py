"""Every page renders for the role it is meant for (a small world of each kind of record)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories.training import ProgramFactory, SessionFactory
from training import services
from training.models import Application, Certificate, Program, SupportRequest, TrainingRequest

S = Application.Status


@pytest.fixture
def world(db, member, focal_point, official, secretariat, staff_with_mfa, official_of, apply_as):
    today = timezone.localdate()
    egov = ProgramFactory(name="eGovFrame", kind=Program.Kind.EGOVFRAME, accepts_city_requests=True,
                          offers_remote_support=True, prerequisites="Java")
    past = SessionFactory(program=egov, title="eGovFrame 2015", starts_on=today - dt.timedelta(days=5),
                          ends_on=today - dt.timedelta(days=2), application_deadline=timezone.now() - dt.timedelta(days=30))
    app = Application.objects.create(session=past, applicant=official, member=member, motivation="m", status=S.ACCEPTED)
    past.seats_taken = 1
    past.save()
    for day in past.days():
        services.attendance_record(session=past, day=day, present_ids=[app.pk], by=secretariat)
    services.certificates_issue(session=past, by=secretariat)
    services.feedback_submit(application=app, by=official, overall=5, content=4, speakers=5, organisation=4, comment="Good")
    support = services.support_request_open(requester=official, session=past, subject="Login", question="How?")
    start = today + dt.timedelta(days=30)
    request = services.training_request_submit(program=egov, member=member, by=focal_point, data={
        "location": "home", "preferred_start": start, "preferred_end": start + dt.timedelta(days=3), "participants_expected": 4})
    upcoming = SessionFactory(program=ProgramFactory(name="Seoul Program"), title="Seoul 2030")
    apply_as(official_of(member), upcoming, member)
    return {"past": past, "app": app, "support": support, "request": request, "upcoming": upcoming,
            "certificate": Certificate.objects.get(), "egov": egov}


def pages(world):
    past, upcoming = world["past"], world["upcoming"]
    public = [
        reverse("training:catalogue"), reverse("training:program", args=[world["egov"].slug]),
        reverse("training:session", args=[upcoming.pk]), reverse("training:session", args=[past.pk]),
        reverse("training:calendar"), reverse("training:calendar-ics"), reverse("training:alumni"),
        reverse("training:certificate-verify") + f"?code={world['certificate'].code}",
    ]
    official = [
        reverse("training:my-applications"), reverse("training:apply", args=[upcoming.pk]),
        reverse("training:support-list"), reverse("training:support-new"),
        reverse("training:support-detail", args=[world["support"].pk]),
        reverse("training:certificate-pdf", args=[world["certificate"].pk]),
    ]
    focal = [reverse("training:nominations"), reverse("training:requests")]
    staff = [
        reverse("training_staff:console"), reverse("training_staff:session", args=[upcoming.pk]),
        reverse("training_staff:attendance", args=[past.pk]), reverse("training_staff:certificates", args=[past.pk]),
        reverse("training_staff:feedback", args=[past.pk]), reverse("training_staff:export-visas", args=[past.pk]),
        reverse("training_staff:export-logistics", args=[past.pk]), reverse("training_staff:requests"),
        reverse("training_staff:request", args=[world["request"].pk]), reverse("training_staff:support"),
        reverse("training_staff:support-detail", args=[world["support"].pk]), reverse("training_staff:alumni"),
    ]
    return public, official, focal, staff


def test_every_page_renders_for_its_role(world, official, focal_point, staff_with_mfa):
    public, official_pages, focal_pages, staff_pages = pages(world)
    for user, urls in ((None, public), (official, official_pages), (focal_point, focal_pages), (staff_with_mfa, staff_pages)):
        client = Client()
        if user:
            client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)


def test_staff_pages_refuse_officials(world, official):
    client = Client()
    client.force_login(official)
    for url in pages(world)[3]:
        assert client.get(url).status_code == 403, url


def test_the_participant_gives_feedback_through_the_form(world, official, member, official_of):
    other = official_of(member)
    app = Application.objects.create(session=world["past"], applicant=other, member=member, motivation="m", status=S.ACCEPTED)
    client = Client()
    client.force_login(other)
    url = reverse("training:feedback", args=[app.pk])
    assert "1 = poor, 5 = excellent" in client.get(url).content.decode()
    response = client.post(url, {"overall": "4", "content": "4", "speakers": "5", "organisation": "3", "comment": "Thanks"})
    assert response.status_code == 302
    assert app.feedback.overall == 4
    client.force_login(official)
    assert client.get(url).status_code == 404  # someone else's application


def test_support_and_request_records(world):
    assert SupportRequest.objects.get().status == SupportRequest.Status.OPEN
    assert TrainingRequest.objects.get().status == TrainingRequest.Status.SUBMITTED
