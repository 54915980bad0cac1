"""Applying, the members-only rule, nominations, and the one-application-per-person rule."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from members.models import Affiliation, Member
from tests.factories import AffiliationFactory, MemberFactory, UserFactory
from tests.factories.training import ApplicationFactory, ProgramFactory, SessionFactory
from training import services
from training.models import Application, Program, Session

S = Application.Status


def test_an_official_applies_and_waits_for_the_focal_point(session, member, official, focal_point, apply_as, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        app = apply_as(official, session, member, dietary_needs="Vegetarian", visa_needed=True, nationality="VN", passport_name="NGUYEN VAN A")
    assert app.status == S.SUBMITTED
    assert app.dietary_needs == "Vegetarian" and app.visa_needed
    assert [m.to for m in mailoutbox] == [[focal_point.email]]
    assert "waits for your nomination" in mailoutbox[0].subject


def test_online_sessions_do_not_keep_travel_details(program, member, official, apply_as):
    webinar = SessionFactory(program=program, mode=Session.Mode.ONLINE, online_url="https://meet.example.org/x")
    app = apply_as(official, webinar, member, dietary_needs="Vegetarian", visa_needed=True)
    assert app.dietary_needs == "" and not app.visa_needed


def test_members_only_program_refuses_a_non_member_with_a_clear_message(session, apply_as):
    outsider = UserFactory()
    with pytest.raises(ValidationError) as exc:
        apply_as(outsider, session, None)
    assert "open to WeGO members only" in exc.value.messages[0]
    assert "you do not act for a WeGO member" in exc.value.messages[0]
    assert not Application.objects.exists()


@pytest.mark.parametrize("status", [Member.Status.APPLICANT, Member.Status.SUSPENDED, Member.Status.WITHDRAWN])
def test_members_only_program_refuses_officials_of_a_city_that_is_not_an_active_member(session, apply_as, status):
    city = MemberFactory(name="Da Nang", country="VN", status=status)
    user = AffiliationFactory(member=city).user
    with pytest.raises(ValidationError) as exc:
        apply_as(user, session, city)
    assert "open to WeGO members only" in exc.value.messages[0]
    assert "Da Nang" in exc.value.messages[0]


def test_one_cannot_apply_for_a_member_one_does_not_act_for(session, hanoi, official, apply_as):
    with pytest.raises(ValidationError, match="You do not act for Hanoi"):
        apply_as(official, session, hanoi)


def test_open_program_takes_non_members_straight_to_the_organiser(db, apply_as):
    webinar = SessionFactory(program=ProgramFactory(eligibility=Program.Eligibility.OPEN, kind=Program.Kind.WEBINAR), mode=Session.Mode.ONLINE)
    outsider = UserFactory(name="Ana Lopez")
    app = apply_as(outsider, webinar, None, organisation="City of Somewhere")
    assert app.status == S.NOMINATED and app.member is None
    assert app.organisation_name == "City of Somewhere"


def test_an_official_of_a_member_applies_through_the_member_even_to_open_programs(db, member, official, apply_as):
    webinar = SessionFactory(program=ProgramFactory(eligibility=Program.Eligibility.OPEN), mode=Session.Mode.ONLINE)
    with pytest.raises(ValidationError, match="so that its focal point can nominate you"):
        apply_as(official, webinar, None)
    assert apply_as(official, webinar, member).status == S.SUBMITTED


def test_prerequisites_must_be_declared(db, member, official, apply_as):
    egov = SessionFactory(program=ProgramFactory(kind=Program.Kind.EGOVFRAME, prerequisites="Intermediate Java and web programming."))
    with pytest.raises(ValidationError, match="meet the prerequisites"):
        apply_as(official, egov, member, prerequisites_confirmed=False)
    assert apply_as(official, egov, member).prerequisites_confirmed


def test_applications_close_at_the_deadline_and_for_drafts(program, member, official, apply_as):
    late = SessionFactory(program=program, application_deadline=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="closed"):
        apply_as(official, late, member)
    draft = SessionFactory(program=program, status=Session.Status.DRAFT)
    with pytest.raises(ValidationError, match="closed"):
        apply_as(official, draft, member)


def test_a_reserved_session_takes_only_the_city_it_is_for(program, member, hanoi, official, official_of, apply_as):
    reserved = SessionFactory(program=program, reserved_for=hanoi)
    with pytest.raises(ValidationError, match="reserved for the officials of Hanoi"):
        apply_as(official, reserved, member)
    assert apply_as(official_of(hanoi), reserved, hanoi).status == S.SUBMITTED


def test_one_application_per_person_per_session(session, member, official, apply_as):
    apply_as(official, session, member)
    with pytest.raises(ValidationError, match="already applied"):
        apply_as(official, session, member)


def test_the_database_refuses_a_second_application_of_the_same_person(session, member, official, apply_as):
    first = apply_as(official, session, member)
    with pytest.raises(IntegrityError):
        Application.objects.create(session=session, applicant=official, member=member, motivation="again",
                                   submitted_at=first.submitted_at)


# --- Nominations -----------------------------------------------------------------------------------------


def test_the_focal_point_nominates_and_ranks_in_order(session, member, focal_point, official_of, apply_as):
    apps = [apply_as(official_of(member), session, member) for _ in range(3)]
    for app in apps:
        services.application_nominate(application=app, by=focal_point)
    ranks = dict(Application.objects.values_list("pk", "nomination_rank"))
    assert [ranks[a.pk] for a in apps] == [1, 2, 3]
    services.nominations_rank(session=session, member=member, order=[apps[2].pk, apps[0].pk, apps[1].pk], by=focal_point)
    ranks = dict(Application.objects.values_list("pk", "nomination_rank"))
    assert [ranks[a.pk] for a in apps] == [2, 3, 1]


def test_ranking_must_name_every_nominated_applicant_once(session, member, focal_point, nominated):
    apps = nominated(2)
    with pytest.raises(ValidationError, match="exactly once"):
        services.nominations_rank(session=session, member=member, order=[apps[0].pk], by=focal_point)
    with pytest.raises(ValidationError, match="exactly once"):
        services.nominations_rank(session=session, member=member, order=[apps[0].pk, apps[0].pk], by=focal_point)


def test_only_the_focal_point_of_the_applicants_member_nominates(session, member, hanoi, official, apply_as, official_of):
    app = apply_as(official, session, member)
    hanoi_focal = official_of(hanoi, Affiliation.Role.FOCAL_POINT)
    colleague = official_of(member)
    for outsider in (hanoi_focal, colleague, official):
        with pytest.raises(PermissionDenied):
            services.application_nominate(application=app, by=outsider)
    with pytest.raises(PermissionDenied):
        services.nominations_rank(session=session, member=member, order=[], by=hanoi_focal)


def test_the_secretariat_may_nominate_for_a_city_without_a_focal_point(session, member, official, secretariat, apply_as):
    app = apply_as(official, session, member)
    assert services.application_nominate(application=app, by=secretariat).status == S.NOMINATED


def test_nominations_per_member_are_limited(program, member, focal_point, official_of, apply_as):
    limited = SessionFactory(program=program, nominations_per_member=2, capacity=10)
    apps = [apply_as(official_of(member), limited, member) for _ in range(3)]
    services.application_nominate(application=apps[0], by=focal_point)
    services.application_nominate(application=apps[1], by=focal_point)
    with pytest.raises(ValidationError, match="at most 2 applicants"):
        services.application_nominate(application=apps[2], by=focal_point)
    # Turning one down frees a nomination.
    services.application_not_nominate(application=apps[0], by=focal_point, reason="Another colleague fits better.")
    assert services.application_nominate(application=apps[2], by=focal_point).nomination_rank == 2


def test_not_nominating_renumbers_the_ranking_and_tells_the_applicant(session, member, focal_point, nominated, mailoutbox, django_capture_on_commit_callbacks):
    apps = nominated(3)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_not_nominate(application=apps[0], by=focal_point, reason="Budget")
    assert Application.objects.get(pk=apps[0].pk).status == S.NOT_NOMINATED
    assert list(Application.objects.filter(status=S.NOMINATED).order_by("nomination_rank").values_list("pk", "nomination_rank")) == [
        (apps[1].pk, 1), (apps[2].pk, 2)
    ]
    assert "was not nominated" in mailoutbox[-1].subject


def test_nominations_close_when_the_session_starts(program, member, focal_point, official_of):
    started = SessionFactory(program=program, starts_on=timezone.localdate(), ends_on=timezone.localdate() + dt.timedelta(days=2))
    app = ApplicationFactory(session=started, member=member)
    with pytest.raises(ValidationError, match="Nominations for .* are closed"):
        services.application_nominate(application=app, by=focal_point)


def test_an_accepted_application_cannot_be_nominated_again(session, member, focal_point, secretariat, nominated):
    app = nominated(1)[0]
    services.application_accept(application=app, by=secretariat)
    with pytest.raises(ValidationError, match="accepted cannot be nominated"):
        services.application_nominate(application=Application.objects.get(pk=app.pk), by=focal_point)
