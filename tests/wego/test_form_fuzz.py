"""No HTML form of the portal answers 5xx, and a refused POST writes nothing.

The URL resolver is walked for every view that accepts POST (the API, the admin and allauth's
own pages aside); each must be in ENDPOINTS, which names the role that may post there and the page
that shows its form(s). For each endpoint the page is fetched as that role, the forms posting to the
endpoint are read from the HTML (their field names, hidden values, options and buttons). Each
field is first spoilt in turn with id-like bad values (text, a 20-digit number, -1, "²" …), then
hypothesis posts generated data built from the forms: the real values mixed with text, 20-digit and
negative numbers, non-numeric ids, empty strings, unicode digits and NUL bytes. Every answer must
be below 500; an answer that refuses (4xx, a form shown again with errors, an error message) must
leave every table of the portal's apps and the audit log as they were (a "Submit" that saves the
draft first, as the page says, may write that draft).

Each example runs in a savepoint that is rolled back, so the examples are independent and, with
`derandomize`, the run is the same every time.
"""

from __future__ import annotations

import datetime as dt
import dis
import html.parser
import inspect
import io
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.messages import constants as message_levels
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.forms import BaseForm
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

PORTAL_APPS = ["members", "finance", "governance", "ceds", "feasibility", "awards", "training", "wego"]
SKIPPED_PREFIXES = ("admin/", "api/", "accounts/")
EXAMPLES_PER_FORM = 15
MAX_EXAMPLES = 60
SWEEP_FIELDS = 12

# --- 1. Which views accept POST ------------------------------------------------------------------


def _walk_with_route(resolver, namespace):
    for pattern in resolver.url_patterns:
        route = str(resolver.pattern) + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner_ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            for sub_route, p, name in _walk_with_route(pattern, inner_ns):
                yield str(resolver.pattern) + sub_route, p, name
        else:
            yield route, pattern, f"{namespace}{pattern.name}"


def _functions_behind(obj, seen):
    """The view function, what its decorators wrap, and the module functions it calls (by name)."""
    if id(obj) in seen or not callable(obj):
        return
    seen.add(id(obj))
    yield obj
    wrapped = getattr(obj, "__wrapped__", None)
    if wrapped is not None:
        yield from _functions_behind(wrapped, seen)
    for cell in getattr(obj, "__closure__", None) or ():
        try:
            value = cell.cell_contents
        except ValueError:
            continue
        if isinstance(value, list | tuple | set | frozenset) and "POST" in value:
            yield "require_http_methods(POST)"
        elif callable(value):
            yield from _functions_behind(value, seen)
    code = getattr(obj, "__code__", None)
    module_globals = getattr(obj, "__globals__", {})
    app = module_globals.get("__name__", "").split(".")[0]
    if code is not None and app in PORTAL_APPS:
        for instruction in dis.get_instructions(code):
            if instruction.opname != "LOAD_GLOBAL":
                continue
            target = module_globals.get(instruction.argval)
            if inspect.isfunction(target) and target.__module__.startswith(f"{app}.views"):
                yield from _functions_behind(target, seen)


def accepts_post(callback) -> bool:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post") and "post" in view_class.http_method_names
    for function in _functions_behind(callback, set()):
        if isinstance(function, str):
            return True
        if getattr(function, "__module__", "").startswith("django."):
            continue
        try:
            source = inspect.getsource(function)
        except (OSError, TypeError):
            continue
        if "request.POST" in source or "request.FILES" in source or '"POST"' in source:
            return True
    return False


def post_views() -> dict[str, str]:
    """{url name: route} of every view of ours that accepts POST."""
    found = {}
    for route, pattern, name in _walk_with_route_root():
        if route.startswith(SKIPPED_PREFIXES) or pattern.name is None:
            continue
        if accepts_post(pattern.callback):
            found[name] = route
    return found


def _walk_with_route_root():
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            yield from _walk_with_route(pattern, namespace)
        elif isinstance(pattern, URLPattern):
            yield str(pattern.pattern), pattern, pattern.name


# --- 2. A small world with every role ------------------------------------------------------------


class World(dict):
    """The objects of the seeded world, by name (w.focal, w.project …)."""

    __setattr__ = dict.__setitem__

    def __getattr__(self, name):
        return self[name]


def _secretariat_with_mfa():
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.models import Group

    from members.services import SECRETARIAT_GROUP, roles_sync
    from tests.factories import UserFactory

    roles_sync()
    staff = UserFactory(is_staff=True, email="fuzz.staff@example.org")
    staff.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    TOTP.activate(staff, generate_totp_secret())
    return staff


def png_file(name="shot.png"):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def build_world() -> World:
    from members import services as member_services
    from members.models import Affiliation, Member, MembershipApplication
    from tests.factories import AffiliationFactory, MemberFactory, UserFactory

    w = World()
    w.staff = _secretariat_with_mfa()
    seoul = MemberFactory(name="Seoul", country="KR")
    hanoi = MemberFactory(name="Hanoi", country="VN")
    w.seoul, w.hanoi = seoul, hanoi
    w.focal = AffiliationFactory(member=seoul, role=Affiliation.Role.FOCAL_POINT).user
    w.official = AffiliationFactory(member=seoul, role=Affiliation.Role.OFFICIAL).user
    w.other_official = AffiliationFactory(member=seoul, role=Affiliation.Role.OFFICIAL)
    w.delegate = AffiliationFactory(member=seoul, role=Affiliation.Role.DELEGATE).user
    w.hanoi_focal = AffiliationFactory(member=hanoi, role=Affiliation.Role.FOCAL_POINT).user
    w.applicant = UserFactory(email="fuzz.applicant@example.org")
    w.visitor = UserFactory(email="fuzz.visitor@example.org")

    # members
    w.invitation, _link = member_services.invitation_send(
        member=seoul, by=w.focal, base_url="http://testserver", email="invited@example.org",
        role=Affiliation.Role.OFFICIAL,
    )
    w.invitation_token = _link.rstrip("/").rsplit("/", 1)[-1]
    w.withdrawal = member_services.withdrawal_request_submit(
        member=hanoi, by=w.hanoi_focal, reason="Budget", effective_on=timezone.localdate() + dt.timedelta(days=90)
    )
    w.draft_application = MembershipApplication.objects.create(
        applicant=w.applicant, name="Fuzz Town", country="TH", kind=Member.Kind.CITY,
        status=MembershipApplication.Status.DRAFT,
    )
    other_applicant = UserFactory()
    w.submitted_application = MembershipApplication.objects.create(
        applicant=other_applicant, name="Submitted Town", country="LA", name_key="submitted town", kind=Member.Kind.CITY,
        status=MembershipApplication.Status.SUBMITTED, submitted_at=timezone.now(),
    )
    _build_governance(w)
    _build_ceds(w)
    _build_feasibility(w)
    _build_awards(w)
    _build_training(w)
    return w


def _build_governance(w):
    from governance import services
    from governance.models import Election
    from tests.factories.governance import election_in_voting, window

    opens, closes = window()
    w.election_nominations = services.election_create(
        title="Executive Committee 2030", kind=Election.Kind.EXECUTIVE_COMMITTEE, by=w.staff, seats=2,
        voting_opens_at=opens, voting_closes_at=closes,
    )
    services.election_open_nominations(election=w.election_nominations, by=w.staff)
    w.election_voting = election_in_voting(candidates=[w.hanoi], by=w.staff, title="Vote now")


def _build_ceds(w):
    from ceds import services
    from ceds.models import CedsProfile, ForumTopic
    from tests.factories.ceds import ensure_framework, reported_investigation

    ensure_framework()
    w.reported_investigation = reported_investigation(w.seoul, year=timezone.localdate().year - 1, level=1, value=1)
    w.action_item = w.reported_investigation.action_items.first()
    # Hanoi shares its CeDS results, so Seoul may write to it from a gap (the router's peer request).
    CedsProfile.objects.update_or_create(member=w.hanoi, defaults={"share_results": True})
    w.investigation = services.investigation_create(member=w.seoul, by=w.official)
    w.stakeholder = services.stakeholder_add(
        investigation=w.investigation, role="it", name="Kim", title="CIO", by=w.official
    )
    w.dimension_code = w.investigation.version.dimensions.order_by("order").first().code
    w.group_code = w.investigation.version.system_groups.order_by("order").first().code
    w.topic = services.forum_topic_create(
        by=w.official, member=w.seoul, title="How do you run the survey?", body="We ask.",
        kind=ForumTopic.Kind.QUESTION,
    )


def _build_feasibility(w):
    from feasibility import services
    from feasibility.models import ImplementationReport, Project
    from tests.factories.feasibility import (
        CallFactory,
        LetterFactory,
        ReviewerFactory,
        SubmittedLetterFactory,
        ThemeSurveyFactory,
    )
    from tests.factories.members import MemberFactory, UserFactory

    w.survey = ThemeSurveyFactory()
    w.draft_survey = ThemeSurveyFactory(status="draft")
    w.open_call = CallFactory()
    w.letter_call = CallFactory()
    w.draft_letter = LetterFactory(call=w.open_call, member=w.seoul)
    w.hanoi_letter = SubmittedLetterFactory(call=w.open_call, member=w.hanoi)
    w.review_call = CallFactory()
    review_letter = SubmittedLetterFactory(call=w.review_call, member=w.hanoi)
    SubmittedLetterFactory(call=w.review_call, member=MemberFactory(name="Manila", country="PH"))
    selected = SubmittedLetterFactory(call=w.review_call, member=w.seoul, submitted_by=w.focal)
    w.review_call.closes_at = timezone.now() - dt.timedelta(days=1)
    w.review_call.save(update_fields=["closes_at"])
    w.reviewer = UserFactory(email="fuzz.reviewer@example.org")
    w.review = services.review_assign(
        reviewer=ReviewerFactory(call=w.review_call, user=w.reviewer, country="DE"), letter=review_letter, by=w.staff
    )
    w.project = services.letter_select(letter=selected, by=w.staff, message="Welcome")
    w.consultant = UserFactory(email="fuzz.consultant@example.org")
    w.project_consultant = services.consultant_add(project=w.project, user=w.consultant, by=w.staff)
    services.project_plan(project=w.project, starts_on=timezone.localdate(), by=w.staff)
    w.project.refresh_from_db()
    w.milestone = w.project.milestones.order_by("due_on").first()
    w.deliverable = w.project.deliverables.order_by("position").first()
    services.economics_save(project=w.project, by=w.staff, discount_rate=Decimal(8), start_year=2026,
                            years=[{"cost": 10, "benefit": 0}, {"cost": 0, "benefit": 12}])
    # A second project in follow-up, with a pending implementation report.
    call_b = CallFactory()
    letter_b = SubmittedLetterFactory(call=call_b, member=w.seoul, submitted_by=w.focal)
    call_b.closes_at = timezone.now() - dt.timedelta(days=1)
    call_b.save(update_fields=["closes_at"])
    w.follow_up_project = services.letter_select(letter=letter_b, by=w.staff)
    Project.objects.filter(pk=w.follow_up_project.pk).update(status=Project.Status.FOLLOW_UP)
    w.report = ImplementationReport.objects.create(
        project=w.follow_up_project, year_number=1, due_on=timezone.localdate() + dt.timedelta(days=30)
    )


def _build_awards(w):
    from awards.models import Edition, EntryDocument, EntryImage
    from tests.factories.awards import assign, make_edition, make_entry, make_finalists, make_judge

    S = Edition.Status
    w.edition = make_edition(status=S.APPLICATION)
    w.category_code = w.edition.categories.order_by("order").first().code
    w.entry = make_entry(edition=w.edition, member=w.seoul, applicant=w.official, status="draft")
    w.entry_image = EntryImage.objects.create(entry=w.entry, image=png_file(), caption="A screen")
    w.entry_document = EntryDocument.objects.create(
        entry=w.entry, title="Brochure", file=SimpleUploadedFile("b.pdf", b"%PDF-1.4\n%%EOF\n")
    )
    w.submitted_entry = make_entry(edition=w.edition, country="VN", status="submitted")
    w.judging = make_edition(status=S.JUDGING)
    w.judging_entry = make_entry(edition=w.judging, country="VN")
    w.judge_user = w.reviewer
    judge = make_judge(edition=w.judging, user=w.judge_user, country="DE")
    w.assignment = assign(judge, w.judging_entry)
    w.voting = make_edition(status=S.VOTING)
    w.finalists = make_finalists(edition=w.voting, count=2)
    w.voting_entry = w.finalists[0].entry


def _build_training(w):
    from members.models import Affiliation
    from tests.factories import AffiliationFactory
    from tests.factories.training import ProgramFactory, SessionFactory, days_from_today
    from training import services
    from training.models import Application, Program, Session, SupportRequest, TrainingRequest

    program = ProgramFactory(name="Seoul Program", prerequisites="", accepts_city_requests=True,
                             offers_remote_support=True)
    w.program = program
    w.session = SessionFactory(program=program, title="Seoul Program 2031", capacity=5)
    w.application = services.application_submit(
        session=w.session, applicant=w.official, member=w.seoul,
        data={"motivation": "To learn.", "prerequisites_confirmed": True},
    )
    services.application_nominate(application=w.application, by=w.focal)
    other = AffiliationFactory(member=w.seoul, role=Affiliation.Role.OFFICIAL).user
    w.nomination = services.application_submit(
        session=w.session, applicant=other, member=w.seoul,
        data={"motivation": "To learn too.", "prerequisites_confirmed": True},
    )
    past = SessionFactory(program=program, title="Past session", starts_on=days_from_today(-10),
                          ends_on=days_from_today(-7), application_deadline=timezone.now() - dt.timedelta(days=20),
                          status=Session.Status.PUBLISHED)
    w.past_session = past
    w.past_application = Application.objects.create(
        session=past, applicant=w.delegate, member=w.seoul, motivation="x", prerequisites_confirmed=True,
        status=Application.Status.ACCEPTED,
    )
    for day in past.days():
        services.attendance_record(session=past, day=day, present_ids=[w.past_application.pk], by=w.staff)
    services.certificates_issue(session=past, by=w.staff)
    w.training_request = TrainingRequest.objects.create(
        program=program, member=w.seoul, requested_by=w.focal, preferred_start=days_from_today(60),
        preferred_end=days_from_today(62), participants_expected=10,
    )
    w.support_request = services.support_request_open(
        requester=w.delegate, session=past, subject="Login", question="How do I log in?"
    )
    assert SupportRequest.objects.filter(pk=w.support_request.pk).exists()
    assert Program.objects.filter(pk=program.pk).exists()


# --- 3. The table: who posts where, from which page ----------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    name: str  # the URL name, with its namespace
    role: str  # the World attribute of the user who may post ("anonymous" for none)
    page: object  # World -> the URL of the page that shows the form(s)
    url: object = None  # World -> the URL posted to, when the page does not show the form
    fields: tuple = ()  # field names to post when no form is shown
    # "Submit" saves the draft first, so that what was typed is kept when the submission is refused
    # (the page says so): a refused submit may write the draft and its audit entry, nothing else.
    draft_first: tuple = ()
    notes: str = field(default="", compare=False)


def _r(name, *args, **kwargs):
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args], kwargs=kwargs or None)


E = Endpoint
ENDPOINTS = [
    # members
    E("members:invite", "focal", lambda w: f"{reverse('members:my')}?member={w.seoul.pk}"),
    E("members:withdraw", "focal", lambda w: f"{reverse('members:my')}?member={w.seoul.pk}"),
    E("members:set-role", "focal", lambda w: f"{reverse('members:my')}?member={w.seoul.pk}"),
    E("members:remove-official", "focal", lambda w: f"{reverse('members:my')}?member={w.seoul.pk}"),
    E("members:revoke-invitation", "focal", lambda w: f"{reverse('members:my')}?member={w.seoul.pk}"),
    E("members:cancel-withdrawal", "hanoi_focal", lambda w: f"{reverse('members:my')}?member={w.hanoi.pk}"),
    E("members:invitation", "visitor", lambda w: reverse("members:invitation", args=[w.invitation_token])),
    E("members:apply-new", "visitor", _r("members:apply-new"), draft_first=("members.MembershipApplication",)),
    E("members:apply-edit", "applicant", _r("members:apply-edit", lambda w: w.draft_application.pk),
      draft_first=("members.MembershipApplication",)),
    E("members:apply-cancel", "applicant", _r("members:apply-edit", lambda w: w.draft_application.pk)),
    E("members_staff:application", "staff", _r("members_staff:application", lambda w: w.submitted_application.pk)),
    E("members_staff:withdrawal", "staff", _r("members_staff:console")),
    E("members_staff:member", "staff", _r("members_staff:member", lambda w: w.seoul.pk)),
    # governance
    E("governance:candidacy", "focal", _r("governance:candidacy", lambda w: w.election_nominations.pk, lambda w: w.seoul.pk)),
    E("governance:ballot", "delegate", _r("governance:ballot", lambda w: w.election_voting.pk, lambda w: w.seoul.pk)),
    E("governance_staff:election_new", "staff", _r("governance_staff:election_new")),
    E("governance_staff:motion_new", "staff", _r("governance_staff:motion_new")),
    E("governance_staff:election_action", "staff", _r("governance_staff:election", lambda w: w.election_voting.pk)),
    # ceds
    E("ceds:dashboard", "official", _r("ceds:dashboard"), url=_r("ceds:dashboard"), fields=("member",),
      notes="a page whose member choice is read from POST too"),
    E("ceds:profile", "official", lambda w: f"{reverse('ceds:dashboard')}?member={w.seoul.pk}"),
    E("ceds:action_update", "official", lambda w: f"{reverse('ceds:dashboard')}?member={w.seoul.pk}"),
    E("ceds:action_note", "official", _r("ceds:action_help", lambda w: w.action_item.pk)),
    E("ceds:peer_contact", "official", _r("ceds:peer_contact", lambda w: w.action_item.pk, lambda w: w.hanoi.slug)),
    E("ceds:investigation_new", "official", lambda w: f"{reverse('ceds:dashboard')}?member={w.seoul.pk}"),
    E("ceds:maturity_section", "official",
      _r("ceds:maturity_section", lambda w: w.investigation.pk, lambda w: w.dimension_code)),
    E("ceds:systems_section", "official",
      _r("ceds:systems_section", lambda w: w.investigation.pk, lambda w: w.group_code)),
    E("ceds:stakeholder_add", "official", _r("ceds:investigation", lambda w: w.investigation.pk)),
    E("ceds:stakeholder_remove", "official", _r("ceds:investigation", lambda w: w.investigation.pk)),
    E("ceds:workbook_upload", "official", _r("ceds:investigation", lambda w: w.investigation.pk)),
    # The button shows only once the investigation may be submitted (the workflow's table); the fuzzed
    # world's draft is incomplete, so the page says what is missing and the endpoint is posted to directly.
    E("ceds:investigation_submit", "official", _r("ceds:investigation", lambda w: w.investigation.pk),
      url=_r("ceds:investigation_submit", lambda w: w.investigation.pk)),
    E("ceds:investigation_delete", "official", _r("ceds:investigation", lambda w: w.investigation.pk)),
    E("ceds:forum_new", "official", _r("ceds:forum_new")),
    E("ceds:forum_topic", "official", _r("ceds:forum_topic", lambda w: w.topic.pk)),
    # feasibility
    E("feasibility:letter-start", "official",
      _r("feasibility:letter-start", lambda w: w.letter_call.pk, lambda w: w.seoul.pk),
      draft_first=("feasibility.LetterOfIntent",)),
    E("feasibility:letter", "official", _r("feasibility:letter", lambda w: w.draft_letter.pk),
      draft_first=("feasibility.LetterOfIntent",)),
    E("feasibility:letter-reopen", "hanoi_focal", _r("feasibility:letter", lambda w: w.hanoi_letter.pk)),
    E("feasibility:survey-rank", "focal", _r("feasibility:survey-rank", lambda w: w.survey.pk, lambda w: w.seoul.pk)),
    E("feasibility:implementation-report", "focal", _r("feasibility:implementation-report", lambda w: w.report.pk)),
    E("feasibility:project-consent", "focal", _r("feasibility:project", lambda w: w.project.pk),
      url=_r("feasibility:project-consent", lambda w: w.project.pk)),
    E("feasibility:review", "reviewer", _r("feasibility:review", lambda w: w.review.pk)),
    E("feasibility:review-conflict", "reviewer", _r("feasibility:review", lambda w: w.review.pk)),
    E("feasibility:project-transition", "consultant", _r("feasibility:project", lambda w: w.project.pk)),
    E("feasibility:milestone-done", "consultant", _r("feasibility:project", lambda w: w.project.pk)),
    E("feasibility:deliverable", "consultant",
      _r("feasibility:deliverable", lambda w: w.project.pk, lambda w: w.deliverable.pk)),
    E("feasibility:economics", "consultant", _r("feasibility:economics", lambda w: w.project.pk)),
    E("feasibility_staff:survey-new", "staff", _r("feasibility_staff:survey-new")),
    E("feasibility_staff:survey", "staff", _r("feasibility_staff:survey", lambda w: w.survey.pk)),
    E("feasibility_staff:call-new", "staff", _r("feasibility_staff:call-new")),
    E("feasibility_staff:call", "staff", _r("feasibility_staff:call", lambda w: w.review_call.pk)),
    E("feasibility_staff:letter-decide", "staff", _r("feasibility_staff:call", lambda w: w.review_call.pk)),
    E("feasibility_staff:project", "staff", _r("feasibility_staff:project", lambda w: w.project.pk)),
    # awards
    E("awards:entry-new", "official", _r("awards:entry-new", lambda w: w.edition.year),
      draft_first=("awards.Entry",)),
    E("awards:entry-edit", "official", _r("awards:entry-edit", lambda w: w.entry.pk), draft_first=("awards.Entry",)),
    E("awards:entry-withdraw", "official", _r("awards:entry-edit", lambda w: w.entry.pk)),
    E("awards:entry-image-add", "official", _r("awards:entry-edit", lambda w: w.entry.pk)),
    E("awards:entry-image-remove", "official", _r("awards:entry-edit", lambda w: w.entry.pk)),
    E("awards:entry-document-add", "official", _r("awards:entry-edit", lambda w: w.entry.pk)),
    E("awards:entry-document-remove", "official", _r("awards:entry-edit", lambda w: w.entry.pk)),
    E("awards:vote-cast", "visitor", _r("awards:vote")),
    E("awards:judge-score", "judge_user", _r("awards:judge-score", lambda w: w.assignment.pk),
      draft_first=("awards.Score",)),
    E("awards:judge-conflict", "judge_user", _r("awards:judge-conflict", lambda w: w.assignment.pk)),
    E("awards_staff:edition-new", "staff", _r("awards_staff:edition-new")),
    E("awards_staff:edition-edit", "staff", _r("awards_staff:edition-edit", lambda w: w.edition.year)),
    E("awards_staff:transition", "staff", _r("awards_staff:edition", lambda w: w.edition.year)),
    E("awards_staff:ranking-method", "staff", _r("awards_staff:edition", lambda w: w.edition.year)),
    E("awards_staff:entry-screen", "staff", _r("awards_staff:entry-screen", lambda w: w.submitted_entry.pk)),
    E("awards_staff:judges", "staff", _r("awards_staff:judges", lambda w: w.judging.year)),
    E("awards_staff:assignments", "staff",
      _r("awards_staff:assignments", lambda w: w.judging.year, lambda w: w.judging_entry.category.code)),
    E("awards_staff:spread", "staff",
      _r("awards_staff:assignments", lambda w: w.judging.year, lambda w: w.judging_entry.category.code)),
    E("awards_staff:assignment-remove", "staff",
      _r("awards_staff:assignments", lambda w: w.judging.year, lambda w: w.judging_entry.category.code)),
    E("awards_staff:ranking", "staff",
      _r("awards_staff:ranking", lambda w: w.judging.year, lambda w: w.judging_entry.category.code),
      url=_r("awards_staff:ranking", lambda w: w.judging.year, lambda w: w.judging_entry.category.code),
      fields=("decide_tie", "chosen", "reason", "publish"), notes="its forms show only on a tie or a full ranking"),
    E("awards_staff:votes", "staff", _r("awards_staff:votes", lambda w: w.voting.year),
      url=_r("awards_staff:votes", lambda w: w.voting.year), fields=("review", "note", "decide"),
      notes="its forms show once voting is counted"),
    E("awards_staff:votes-void", "staff", _r("awards_staff:votes", lambda w: w.voting.year),
      url=_r("awards_staff:votes-void", lambda w: w.voting.year),
      fields=("entry", "start", "end", "reason", "domain", "days"), notes="its forms show on an anomaly only"),
    # training
    E("training:apply", "focal", _r("training:apply", lambda w: w.session.pk)),
    E("training:apply-now", "official", _r("training:session", lambda w: w.session.pk),
      url=_r("training:apply-now", lambda w: w.session.pk), fields=("member", "gap")),
    E("training:application-cancel", "official", _r("training:my-applications")),
    E("training:offer-answer", "official", _r("training:my-applications"),
      url=_r("training:offer-answer", lambda w: w.application.pk), fields=("accept", "decline")),
    E("training:feedback", "delegate", _r("training:feedback", lambda w: w.past_application.pk)),
    E("training:nomination-decide", "focal", _r("training:nominations")),
    E("training:nominations-rank", "focal", _r("training:nominations")),
    E("training:nominations", "focal", _r("training:nominations"), url=_r("training:nominations"), fields=("member",),
      notes="a page whose member choice is read from POST too"),
    E("training:requests", "focal", _r("training:requests")),
    E("training:request-withdraw", "focal", _r("training:requests")),
    E("training:support-new", "delegate", _r("training:support-new")),
    E("training:support-detail", "delegate", _r("training:support-detail", lambda w: w.support_request.pk)),
    E("training_staff:session-action", "staff", _r("training_staff:session", lambda w: w.session.pk)),
    E("training_staff:application-decide", "staff", _r("training_staff:session", lambda w: w.session.pk)),
    E("training_staff:attendance", "staff", _r("training_staff:attendance", lambda w: w.past_session.pk)),
    E("training_staff:certificates", "staff", _r("training_staff:certificates", lambda w: w.past_session.pk)),
    E("training_staff:request", "staff", _r("training_staff:request", lambda w: w.training_request.pk)),
    E("training_staff:support-detail", "staff", _r("training_staff:support-detail", lambda w: w.support_request.pk)),
    # the language switch of every page
    E("set_language", "anonymous", _r("home")),
]


# Django's own view of the language switch is on every page of ours: fuzzed, though not found by the walk.
NOT_OURS = {"set_language"}


def test_every_post_view_is_in_the_table():
    """A new view that accepts POST must be added to ENDPOINTS (and so be fuzzed)."""
    found = post_views()
    listed = {endpoint.name for endpoint in ENDPOINTS}
    assert len(found) > 60, "the enumeration of POST views found too few: is the resolver walk broken?"
    assert sorted(set(found) - listed) == [], "views that accept POST but are not fuzzed: add them to ENDPOINTS"
    assert sorted(listed - set(found) - NOT_OURS) == [], "ENDPOINTS names views that no longer accept POST"


# --- 4. Reading the forms of a page --------------------------------------------------------------


@dataclass
class HtmlForm:
    action: str
    method: str
    enctype: str
    fields: dict = field(default_factory=dict)  # name -> list of known values ("" for free text)
    files: list = field(default_factory=list)
    buttons: list = field(default_factory=list)  # (name, value)


class _FormParser(html.parser.HTMLParser):
    def __init__(self, page_url):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[HtmlForm] = []
        self.current: HtmlForm | None = None
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.current = HtmlForm(
                action=a.get("action") or self.page_url, method=(a.get("method") or "get").lower(),
                enctype=a.get("enctype", ""),
            )
            self.forms.append(self.current)
            return
        form = self.current
        if form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind == "file":
                form.files.append(name)
            elif kind in ("submit", "image"):
                form.buttons.append((name, a.get("value", "")))
            else:
                default = "on" if kind in ("checkbox", "radio") else ""
                form.fields.setdefault(name, []).append(a.get("value", default))
        elif tag == "button" and name:
            form.buttons.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self.select = name
            form.fields.setdefault(name, [])
        elif tag == "option" and self.select:
            form.fields[self.select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            form.fields.setdefault(name, []).append("")

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def forms_posting_to(content: str, page_url: str, url_name: str) -> list[HtmlForm]:
    parser = _FormParser(page_url)
    parser.feed(content)
    found = []
    for form in parser.forms:
        if form.method != "post":
            continue
        path = urlsplit(form.action).path or urlsplit(page_url).path
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.view_name == url_name:
            form.action = path + (f"?{urlsplit(form.action).query}" if urlsplit(form.action).query else "")
            found.append(form)
    return found


# --- 5. Generated values --------------------------------------------------------------------------

NASTY_IDS = ["zzz", "12345678901234567890", "-1", "²", "", "0", "1e400", "١٢"]
NASTY = [
    "", " ", "zzz", "-1", "0", "1", "12345678901234567890", "-12345678901234567890", "99999999999", "1e400",
    "NaN", "Infinity", "3.5", "²", "١٢", "\x00", "a\x00b", "2026-02-30", "99999-12-31", "9999-12-31T23:59",
    "0000-00-00", "<script>alert(1)</script>", "𝕬𝖇𝖈 한국어 العربية", "x" * 6000, "%", "'; DROP TABLE x; --",
]
nasty_text = st.one_of(
    st.sampled_from(NASTY_IDS),
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers(min_value=-(10**22), max_value=10**22).map(str),
)
PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


def _file(kind: str, name: str):
    if kind == "pdf":
        return SimpleUploadedFile(f"{name}.pdf", PDF, content_type="application/pdf")
    if kind == "png":
        return png_file()
    if kind == "empty":
        return SimpleUploadedFile(f"{name}.pdf", b"", content_type="application/pdf")
    return SimpleUploadedFile(f"{name}.xlsx", b"\x00garbage\xff" * 20, content_type="application/octet-stream")


def known_value(known: list[str]):
    """A value the page itself offers for the field (its value, an option), or "" when it offers none."""
    return st.sampled_from(known) if known else st.just("")


def any_value(known: list[str]):
    real = [v for v in known if v != ""]
    return st.one_of(st.sampled_from(real), nasty_text) if real else nasty_text


@st.composite
def submissions(draw, forms: list[HtmlForm], extra_fields: tuple):
    """One form of the page, filled as the page offers it, then some of its fields spoilt.

    Spoiling one field at a time reaches the code behind a form's own hidden `action` (the
    Secretariat's project page has six forms in one view); spoiling several or all of them reaches
    the rest.
    """
    if not forms:
        return None, {name: draw(nasty_text) for name in extra_fields if draw(st.booleans())}
    form = draw(st.sampled_from(forms))
    names = [name for name in form.fields if name != "csrfmiddlewaretoken"]
    mode = draw(st.sampled_from(["one", "some", "all"])) if names else "all"
    if mode == "one":
        spoilt = {draw(st.sampled_from(names))}
    elif mode == "some":
        spoilt = {name for name in names if draw(st.integers(0, 2)) == 0}
    else:
        spoilt = set(names)
    data: dict = {}
    for name in names:
        known = form.fields[name]
        if name not in spoilt:
            data[name] = draw(known_value(known))
        elif draw(st.integers(0, 7)) == 0:
            continue  # the field is left out
        elif len(known) > 1 and draw(st.integers(0, 4)) == 0:
            data[name] = draw(st.lists(any_value(known), min_size=2, max_size=4))  # a list where one is wanted
        else:
            data[name] = draw(any_value(known))
    if form.buttons:
        name, value = draw(st.sampled_from(form.buttons))
        data[name] = value if draw(st.integers(0, 4)) else draw(nasty_text)
    for name in form.files:
        kind = draw(st.sampled_from(["none", "pdf", "png", "empty", "garbage"]))
        if kind != "none":
            data[name] = _file(kind, name)
    return form.action, data


# --- 6. The fuzzing itself ------------------------------------------------------------------------


def _count_query() -> tuple[list[str], str]:
    models = [model for app in PORTAL_APPS for model in apps.get_app_config(app).get_models()]
    quote = connection.ops.quote_name
    parts = ", ".join(f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)})" for model in models)
    return [model._meta.label for model in models], f"SELECT {parts}"


def row_counts() -> dict[str, int]:
    """The number of rows of every table of the portal's apps (one query)."""
    labels, sql = _count_query()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(labels, cursor.fetchone(), strict=True))


def refused(response) -> bool:
    if response.status_code >= 400:
        return True
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            if isinstance(value, BaseForm) and value.is_bound and value.errors:
                return True
    stored = getattr(response.wsgi_request, "_messages", None)
    if stored is not None:
        for message in getattr(stored, "_queued_messages", []):  # the messages of this request only
            if message.level >= message_levels.ERROR:
                return True
    return False


@pytest.fixture(scope="module")
def media_dirs(tmp_path_factory):
    root = tmp_path_factory.mktemp("form-fuzz")
    return {"MEDIA_ROOT": root / "media", "PRIVATE_MEDIA_ROOT": root / "private-media"}


@pytest.fixture
def world_media(settings, media_dirs):
    """The world's uploads stay where they were stored when it was built."""
    for name, path in media_dirs.items():
        setattr(settings, name, path)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_dirs):
    """The world is built once for the module, in a transaction rolled back at the end."""
    with django_db_blocker.unblock(), override_settings(**media_dirs):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def client_for(world, role: str) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world[role])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
def test_form_takes_generated_input_without_5xx(endpoint, world, world_media, django_capture_on_commit_callbacks):
    client = client_for(world, endpoint.role)
    page_url = endpoint.page(world)
    page = client.get(page_url)
    assert page.status_code < 500, f"GET {page_url} answered {page.status_code}"
    forms = forms_posting_to(page.content.decode(), page_url, endpoint.name) if page.status_code == 200 else []
    if endpoint.url is None:
        assert forms, f"{page_url} shows no form posting to {endpoint.name} for {endpoint.role}"
    fixed_url = endpoint.url(world) if endpoint.url else None

    def check(url, data):
        with transaction.atomic():
            before = row_counts()
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(url, data)
            after = row_counts()
            transaction.set_rollback(True)
        assert response.status_code < 500, f"POST {url} {data!r} answered {response.status_code}"
        if refused(response):
            changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
            if endpoint.draft_first and "submit" in data:
                for label in (*endpoint.draft_first, "wego.AuditEntry"):
                    changed.pop(label, None)
            assert not changed, f"POST {url} {data!r} was refused ({response.status_code}) but wrote {changed}"

    # A sweep first: each field of each form (as the page fills it) spoilt with each id-like bad value.
    for form in forms:
        base = {name: next((v for v in known if v), "") for name, known in form.fields.items()}
        if form.buttons:
            base.setdefault(*form.buttons[0])
        # A long questionnaire repeats the same fields: its first SWEEP_FIELDS stand for the rest.
        for name in [n for n in form.fields if n != "csrfmiddlewaretoken"][:SWEEP_FIELDS]:
            for value in NASTY_IDS:
                check(fixed_url or form.action, {**base, name: value})
    for name in endpoint.fields if not forms else ():
        for value in NASTY_IDS:
            check(fixed_url, {name: value})

    # Then generated submissions.
    @settings(
        max_examples=min(MAX_EXAMPLES, EXAMPLES_PER_FORM * max(1, len(forms))), derandomize=True, deadline=None,
        database=None, suppress_health_check=list(HealthCheck), phases=[Phase.generate, Phase.shrink],
    )
    @given(submission=submissions(forms, endpoint.fields))
    def run(submission):
        action, data = submission
        check(fixed_url or action, data)

    run()


# --- 7. The two crashes of the issue, pinned -----------------------------------------------------


@pytest.mark.django_db
def test_removing_a_consultant_that_is_not_an_id_is_refused(world, world_media):
    """`consultant=zzz` on the Secretariat's project page was a ValueError (500)."""
    client = client_for(world, "staff")
    url = reverse("feasibility_staff:project", args=[world.project.pk])
    before = row_counts()
    for value in ("zzz", "12345678901234567890", "-1", "²", ""):
        response = client.post(url, {"action": "remove_consultant", "consultant": value})
        assert response.status_code == 200, value
        assert "Choose one of the project" in response.content.decode()
    assert row_counts() == before
    response = client.post(url, {"action": "remove_consultant", "consultant": world.project_consultant.pk})
    assert response.status_code == 302
    assert not world.project.consultants.filter(pk=world.project_consultant.pk).exists()


@pytest.mark.django_db
def test_a_twenty_digit_theme_id_on_a_new_survey_is_refused(world, world_media):
    """A 20-digit theme id on /staff/feasibility/surveys/new/ was an OverflowError (500)."""
    from feasibility.models import Theme

    client = client_for(world, "staff")
    themes = list(Theme.objects.values_list("pk", flat=True)[:1])
    before = row_counts()
    response = client.post(
        reverse("feasibility_staff:survey-new"),
        {"title": "Priorities", "year": "2027", "themes": [*themes, "12345678901234567890"]},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["themes"]
    assert row_counts() == before


@pytest.mark.parametrize(
    ("value", "expected"),
    [("7", 7), ("0007", 7), (str(2**63 - 1), 2**63 - 1), (str(2**63), None), ("12345678901234567890", None),
     ("0", None), ("-1", None), ("²", None), ("١٢", None), (" 7", None), ("zzz", None), ("", None), (None, None)],
)
def test_parse_id_takes_ascii_ids_only(value, expected):
    from wego.forms import parse_id

    assert parse_id(value) == expected


@pytest.mark.django_db
def test_id_multiple_choice_refuses_numbers_past_a_primary_key():
    from feasibility.models import Theme
    from wego.forms import IdModelMultipleChoiceField

    theme = Theme.objects.create(name="Open data")
    field = IdModelMultipleChoiceField(queryset=Theme.objects.all())
    assert list(field.clean([str(theme.pk)])) == [theme]
    for value in ("12345678901234567890", "-12345678901234567890", "zzz", "²"):
        with pytest.raises(ValidationError):
            field.clean([str(theme.pk), value])
