"""The organisers' console (/staff/training/): participants and seats, attendance, certificates,
feedback results, CSV exports for visas and logistics, city requests, remote support, alumni."""

from __future__ import annotations

import csv
import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.permissions import is_secretariat
from wego.forms import parse_id
from wego.web import errors_to_messages, predicate_required

from .. import selectors, services
from ..charts import feedback_average_chart, feedback_distribution_chart
from ..forms import CertificateRevokeForm, ReasonForm, RequiredReasonForm, ScheduleForm
from ..models import Application, SupportRequest, TrainingRequest
from ..permissions import is_support_team, is_training_staff
from ..workflows import APPLICATION, SESSION, TRAINING_REQUEST
from .member import support_thread

staff_required = predicate_required(is_training_staff)
secretariat_required = predicate_required(is_secretariat)
support_team_required = predicate_required(is_support_team)


@staff_required
def console(request):
    """The sessions the user organises, with seats and applications per status."""
    sessions = list(selectors.session_list_for_organiser(user=request.user)[:200])
    today = timezone.localdate()
    return render(
        request,
        "training/staff/console.html",
        {
            "upcoming": [s for s in sessions if s.ends_on >= today],
            "past": [s for s in sessions if s.ends_on < today],
            "open_requests": selectors.training_request_list_for_staff(status=TrainingRequest.Status.SUBMITTED).count()
            if is_secretariat(request.user) else None,
            "is_support_team": is_support_team(request.user),
        },
    )


@staff_required
def session_detail(request, pk: int):
    """Participants and applications of a session, with the organiser's decisions."""
    session = selectors.session_get_for_organiser(user=request.user, pk=pk)
    applications = list(selectors.session_applications(session=session))
    return render(
        request,
        "training/staff/session.html",
        {
            "session": session,
            "applications": applications,
            "nominated": sum(1 for a in applications if a.status == Application.Status.NOMINATED),
            "reason_form": ReasonForm(),
            "cancel_form": RequiredReasonForm(),
            "flow": APPLICATION,
            "session_flow": SESSION,
            "session_options": SESSION.options(session, request.user),
        },
    )


@staff_required
@require_POST
def session_action(request, pk: int):
    """Publish, allocate seats to the nominated, or cancel a session."""
    session = selectors.session_get_for_organiser(user=request.user, pk=pk)
    try:
        if "publish" in request.POST:
            services.session_publish(session=session, by=request.user)
            messages.success(request, _("The session is published."))
        elif "allocate" in request.POST:
            result = services.session_allocate(session=session, by=request.user)
            messages.success(request, _("%(accepted)s accepted, %(waitlisted)s put on the waiting list.") % result)
        elif "cancel" in request.POST:
            form = RequiredReasonForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Say why the session is cancelled."))
            services.session_cancel(session=session, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The session is cancelled and the applicants are told."))
    except (ValidationError, PermissionDenied) as exc:
        errors_to_messages(request, exc)
    return redirect("training_staff:session", pk=session.pk)


@staff_required
@require_POST
def application_decide(request, pk: int, app_pk: int):
    session = selectors.session_get_for_organiser(user=request.user, pk=pk)
    application = get_object_or_404(Application.objects.select_related("applicant"), pk=app_pk, session=session)
    name = application.applicant.get_full_name()
    try:
        if "accept" in request.POST:
            services.application_accept(application=application, by=request.user)
            messages.success(request, _("%(name)s is accepted.") % {"name": name})
        elif "waitlist" in request.POST:
            application = services.application_waitlist(application=application, by=request.user)
            if application.status == Application.Status.OFFERED:
                messages.success(request, _("A seat is free, so it is offered to %(name)s at once (until %(when)s).") % {
                    "name": name, "when": timezone.localtime(application.offer_expires_at).strftime("%Y-%m-%d %H:%M")})
            else:
                messages.success(request, _("%(name)s is number %(position)s on the waiting list.") % {"name": name, "position": application.waitlist_position})
        elif "decline" in request.POST:
            form = ReasonForm(request.POST)
            services.application_decline(application=application, by=request.user,
                                         reason=form.cleaned_data["reason"] if form.is_valid() else "")
            messages.success(request, _("%(name)s is declined.") % {"name": name})
    except (ValidationError, PermissionDenied) as exc:
        errors_to_messages(request, exc)
    return redirect("training_staff:session", pk=session.pk)


@staff_required
def attendance(request, pk: int):
    """Record the attendance of one day (a checkbox per participant) and see the totals so far."""
    session = selectors.session_get_for_organiser(user=request.user, pk=pk)
    days = session.days()
    today = timezone.localdate()
    recordable = [d for d in days if d <= today]
    try:
        day = dt.date.fromisoformat(request.POST.get("day") or request.GET.get("day") or "")
    except ValueError:
        day = recordable[-1] if recordable else days[0]
    if day not in days:
        raise Http404
    if request.method == "POST":
        # Checkbox values are application ids; anything else (text, a 20-digit number) marks no one.
        present = [pk for pk in map(parse_id, request.POST.getlist("present")) if pk is not None]
        try:
            count = services.attendance_record(session=session, day=day, present_ids=present, by=request.user)
            messages.success(request, _("Attendance of %(day)s saved: %(count)s present.") % {"day": day.isoformat(), "count": count})
            return redirect(f"{request.path}?day={day.isoformat()}")
        except (ValidationError, PermissionDenied) as exc:
            errors_to_messages(request, exc)
    participants = list(selectors.participants_with_attendance(session=session))
    for p in participants:
        marks = {a.day: a.present for a in p.attendance.all()}
        p.marks = [marks.get(d) for d in days]
        p.present_today = marks.get(day, False)
    return render(
        request,
        "training/staff/attendance.html",
        {"session": session, "days": days, "day": day, "participants": participants,
         "can_record": day <= today, "recordable": recordable},
    )


@staff_required
def certificates(request, pk: int):
    session = selectors.session_get_for_organiser(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            if "issue" in request.POST:
                issued = services.certificates_issue(session=session, by=request.user)
                messages.success(request, _("%(n)s certificates issued.") % {"n": len(issued)})
            elif "revoke" in request.POST:
                form = CertificateRevokeForm(
                    request.POST, certificates=selectors.certificate_list_for_session(session=session)
                )
                if "certificate" in form.errors:
                    raise ValidationError(_("Choose one of the certificates of this session."))
                if not form.is_valid():
                    raise ValidationError(_("Say why the certificate is revoked."))
                services.certificate_revoke(
                    certificate=form.cleaned_data["certificate"], by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("The certificate is revoked."))
        except (ValidationError, PermissionDenied) as exc:
            errors_to_messages(request, exc)
        return redirect("training_staff:certificates", pk=session.pk)
    return render(
        request,
        "training/staff/certificates.html",
        {
            "session": session,
            "participants": list(selectors.participants_with_attendance(session=session)),
            "certificates": list(selectors.certificate_list_for_session(session=session)),
            "revoke_form": RequiredReasonForm(),
        },
    )


@staff_required
def feedback_results(request, pk: int):
    session = selectors.session_get_for_organiser(user=request.user, pk=pk)
    results = selectors.feedback_results(session=session)
    return render(
        request,
        "training/staff/feedback.html",
        {
            "session": session,
            "results": results,
            "average_chart": feedback_average_chart(results, session_title=session.title) if results["count"] else "",
            "distribution_chart": feedback_distribution_chart(results, session_title=session.title) if results["count"] else "",
            "comments": list(selectors.feedback_comments(session=session)),
        },
    )


def _csv_response(filename: str) -> tuple[HttpResponse, csv.writer]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
    return response, csv.writer(response)


def _cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@staff_required
def export_visas(request, pk: int):
    """Seat holders who need a visa invitation letter: the names and nationalities the embassy needs."""
    session = selectors.session_get_for_organiser(user=request.user, pk=pk)
    response, writer = _csv_response(f"session-{session.pk}-visas.csv")
    writer.writerow([_("Name as in the passport"), _("Nationality"), _("Organisation"), _("Job title"), _("Email"),
                     _("Arrival"), _("Departure"), _("Status")])
    for app in selectors.session_applications(session=session).filter(status__in=Application.SEAT_STATUSES, visa_needed=True):
        writer.writerow([_cell(v) for v in (
            app.passport_name or app.applicant.get_full_name(), app.nationality.name if app.nationality else "",
            app.organisation_name, app.job_title, app.applicant.email, app.arrival_on, app.departure_on, app.get_status_display(),
        )])
    return response


@staff_required
def export_logistics(request, pk: int):
    """Seat holders with their arrival, departure, dietary and accessibility needs (hotel, meals, transport)."""
    session = selectors.session_get_for_organiser(user=request.user, pk=pk)
    response, writer = _csv_response(f"session-{session.pk}-logistics.csv")
    writer.writerow([_("Name"), _("Organisation"), _("Country"), _("Email"), _("Arrival"), _("Departure"),
                     _("Dietary needs"), _("Accessibility needs"), _("Visa letter"), _("Status")])
    for app in selectors.session_applications(session=session).filter(status__in=Application.SEAT_STATUSES):
        writer.writerow([_cell(v) for v in (
            app.applicant.get_full_name(), app.organisation_name, app.member.country.name if app.member_id else "",
            app.applicant.email, app.arrival_on, app.departure_on, app.dietary_needs, app.accessibility_needs,
            _("yes") if app.visa_needed else _("no"), app.get_status_display(),
        )])
    return response


# --- City requests ---------------------------------------------------------------------------------------


@secretariat_required
def requests_list(request):
    return render(request, "training/staff/requests.html", {"requests": list(selectors.training_request_list_for_staff()[:200])})


@secretariat_required
def request_detail(request, pk: int):
    """Agree the place and dates of a city's request and turn it into a session, or decline it."""
    training_request = get_object_or_404(selectors.training_request_list_for_staff(), pk=pk)
    initial = {
        "starts_on": training_request.preferred_start, "ends_on": training_request.preferred_end,
        "capacity": training_request.participants_expected, "venue": training_request.venue,
        "language": training_request.language,
    }
    schedule_form = ScheduleForm(request.POST if "schedule" in request.POST else None, initial=initial)
    decline_form = RequiredReasonForm(request.POST if "decline" in request.POST else None)
    if request.method == "POST":
        try:
            if "schedule" in request.POST and schedule_form.is_valid():
                data = {k: v for k, v in schedule_form.cleaned_data.items() if v not in (None, "")}
                session = services.training_request_schedule(request=training_request, by=request.user, **data)
                messages.success(request, _("The session %(title)s is created and open for applications.") % {"title": session.title})
                return redirect("training_staff:session", pk=session.pk)
            if "decline" in request.POST and decline_form.is_valid():
                services.training_request_decline(request=training_request, by=request.user, note=decline_form.cleaned_data["reason"])
                messages.success(request, _("The request is declined."))
                return redirect("training_staff:requests")
        except (ValidationError, PermissionDenied) as exc:
            errors_to_messages(request, exc)
    return render(
        request,
        "training/staff/request.html",
        {"training_request": training_request, "schedule_form": schedule_form, "decline_form": decline_form,
         "flow": TRAINING_REQUEST, "options": TRAINING_REQUEST.options(training_request, request.user)},
    )


# --- Remote support --------------------------------------------------------------------------------------


@support_team_required
def support_queue(request):
    status = request.GET.get("status") or ""
    return render(
        request,
        "training/staff/support.html",
        {
            "requests": list(selectors.support_request_list_for_team(status=status or None)[:200]),
            "status": status,
            "status_choices": SupportRequest.Status.choices,
            "times": selectors.support_response_times(),
        },
    )


@support_team_required
def support_detail(request, pk: int):
    return support_thread(request, pk, template="training/staff/support_detail.html", staff=True)


# --- Alumni ----------------------------------------------------------------------------------------------


@staff_required
def alumni(request):
    """Participants of past sessions by city (names, sessions, certificates)."""
    rows = list(selectors.alumni_list()[:1000])
    return render(request, "training/staff/alumni.html", {"rows": rows, "counts": list(selectors.alumni_per_member())})
