"""Public pages: the catalogue, programs, sessions with seats left, the calendar and its iCalendar
feeds, the certificate check and the alumni per city."""

from __future__ import annotations

from itertools import groupby

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from members.selectors import affiliation_list_for_user

from .. import selectors
from ..forms import CertificateVerifyForm
from ..ical import ics_response, sessions_calendar
from ..models import Application, Program
from ..services import eligibility_error


@require_GET
def catalogue(request):
    """Every program with its next sessions open for applications."""
    programs = list(selectors.program_list_public())
    upcoming = list(selectors.session_list_upcoming())
    by_program: dict[int, list] = {}
    for session in upcoming:
        by_program.setdefault(session.program_id, []).append(session)
    for program in programs:
        program.upcoming = by_program.get(program.pk, [])[:3]
    return render(request, "training/catalogue.html", {"programs": programs, "kinds": Program.Kind})


@require_GET
def program_detail(request, slug: str):
    program = selectors.program_get_public(slug=slug)
    return render(
        request,
        "training/program.html",
        {
            "program": program,
            "upcoming": list(selectors.session_list_upcoming(program=program)),
            "past": list(selectors.session_list_past(program=program)[:20]),
        },
    )


@require_GET
def session_detail(request, pk: int):
    """A session with its agenda, seats left, and what the visitor may do: apply, or see their application."""
    session = selectors.session_get_public(pk=pk)
    application = None
    problem = None
    affiliations = []
    if request.user.is_authenticated:
        application = Application.objects.filter(session=session, applicant=request.user).first()
        affiliations = list(affiliation_list_for_user(user=request.user))
        if application is None and session.accepts_applications():
            problems = [eligibility_error(session=session, user=request.user, member=a.member) for a in affiliations]
            if not affiliations:
                problems = [eligibility_error(session=session, user=request.user, member=None)]
            problem = None if any(p is None for p in problems) else problems[0]
    agenda = [(day, list(items)) for day, items in groupby(session.agenda.all(), key=lambda item: item.day)]
    return render(
        request,
        "training/session.html",
        {
            "session": session,
            "program": session.program,
            "agenda": agenda,
            "application": application,
            "eligibility_problem": problem,
            "accepts_applications": session.accepts_applications(),
            "has_ended": session.has_ended(),
        },
    )


@require_GET
def calendar(request):
    """Upcoming sessions by month, with the feeds to subscribe to."""
    sessions = list(selectors.session_list_upcoming())
    months = [(month, list(items)) for month, items in groupby(sessions, key=lambda s: s.starts_on.replace(day=1))]
    programs = list(Program.objects.filter(is_published=True).order_by("name").only("name", "slug"))
    return render(request, "training/calendar.html", {"months": months, "programs": programs})


def _base_url(request) -> str:
    return request.build_absolute_uri("/")[:-1]


@require_GET
def calendar_ics(request):
    content = sessions_calendar(
        selectors.calendar_sessions(), name=_("WeGO training sessions"), base_url=_base_url(request)
    )
    return ics_response(content, filename="wego-training.ics")


@require_GET
def program_ics(request, slug: str):
    program = selectors.program_get_public(slug=slug)
    content = sessions_calendar(
        selectors.calendar_sessions(program=program), name=_("WeGO training: %(program)s") % {"program": program.name},
        base_url=_base_url(request),
    )
    return ics_response(content, filename=f"wego-training-{program.slug}.ics")


@require_GET
def certificate_verify(request):
    """Anyone may check a certificate's code: valid, revoked, or unknown."""
    form = CertificateVerifyForm(request.GET or None)
    certificate = None
    checked = False
    if form.is_valid():
        checked = True
        certificate = selectors.certificate_verify(code=form.cleaned_data["code"])
    response = render(
        request, "training/certificate_verify.html", {"form": form, "certificate": certificate, "checked": checked}
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def alumni(request):
    """How many officials of each member city took part in WeGO trainings (counts only: no names)."""
    rows = list(selectors.alumni_per_member()[:200])
    return render(request, "training/alumni.html", {"rows": rows, "today": timezone.localdate()})
