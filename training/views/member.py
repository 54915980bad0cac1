"""Pages of signed-in officials: apply, my applications, offers, feedback, certificates; the focal
point's nominations and training requests; remote technical support for alumni."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import Member
from members.permissions import is_focal_point
from wego.files import file_response
from wego.router import draft_read
from wego.web import errors_to_form, errors_to_messages, form_errors_to_messages

from .. import selectors, services
from ..forms import (
    ApplicationForm,
    FeedbackForm,
    OneClickApplyForm,
    ReasonForm,
    SupportReplyForm,
    SupportRequestForm,
    TrainingRequestForm,
)
from ..models import Application, Program, Session, SupportAttachment, TrainingRequest
from ..pdf import certificate_pdf, pdf_response
from ..permissions import can_view_support_request, is_applicant
from ..services import eligibility_error
from ..workflows import APPLICATION, SUPPORT, TRAINING_REQUEST


def _own_application(request, pk: int) -> Application:
    application = get_object_or_404(Application.objects.select_related("session", "session__program"), pk=pk)
    if not is_applicant(request.user, application):
        raise Http404
    return application


# --- Applying --------------------------------------------------------------------------------------------


@login_required
def apply(request, pk: int):
    session = selectors.session_get_public(pk=pk)
    existing = Application.objects.filter(session=session, applicant=request.user).first()
    if existing:
        messages.info(request, _("You have already applied to this session."))
        return redirect(existing.get_absolute_url())
    members = Member.objects.filter(affiliations__user=request.user).order_by("name")
    problems = [eligibility_error(session=session, user=request.user, member=m) for m in members] or [
        eligibility_error(session=session, user=request.user, member=None)
    ]
    if not session.accepts_applications() or all(problems):
        refusal = problems[0] if session.accepts_applications() else _("Applications to %(session)s are closed.") % {"session": session.title}
        return render(request, "training/apply.html", {"session": session, "program": session.program, "refusal": refusal}, status=403)
    form = ApplicationForm(request.POST or None, session=session, members=members)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        member = data.pop("member", None)
        try:
            application = services.application_submit(session=session, applicant=request.user, member=member, data=data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            _sent(request, application)
            return redirect(application.get_absolute_url())
    return render(request, "training/apply.html", {"session": session, "program": session.program, "form": form})


def _sent(request, application: Application) -> None:
    if application.status == Application.Status.SUBMITTED and application.member is not None:
        messages.success(request, _("Your application is sent. The focal point of %(member)s will now decide whether to nominate you.") % {"member": application.member.name})
    else:
        messages.success(request, _("Your application is sent to the organiser."))


@login_required
@require_POST
def apply_now(request, pk: int):
    """The one-click application offered for a city's CeDS gap (training.help): the official applies
    for the member named, with the gap as the motivation, through the same service as the form. A
    second click, or any refusal, is a message; a program whose prerequisites must be confirmed sends
    the official to the form."""
    session = selectors.session_get_public(pk=pk)
    existing = Application.objects.filter(session=session, applicant=request.user).first()
    if existing:
        messages.info(request, _("You have already applied to this session (%(status)s): no second application is made.")
                      % {"status": existing.get_status_display().lower()})
        return redirect(existing.get_absolute_url())
    if session.program.prerequisites:
        messages.info(request, _("Confirm that you meet the prerequisites of %(program)s in the application form.")
                      % {"program": session.program.name})
        return redirect("training:apply", pk=session.pk)
    form = OneClickApplyForm(request.POST, members=Member.objects.filter(affiliations__user=request.user).distinct())
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(session.get_absolute_url())
    member = form.cleaned_data["member"]
    draft = draft_read(form.cleaned_data["gap"], member_id=member.pk)
    if draft:
        motivation = _("From our city's CeDS results (%(label)s): %(text)s") % {"label": draft["label"], "text": draft["text"]}
    else:
        motivation = _("From the help the portal offered for our city's CeDS results.")
    try:
        application = services.application_submit(session=session, applicant=request.user, member=member,
                                                  data={"motivation": motivation})
    except ValidationError as exc:
        errors_to_messages(request, exc)
        return redirect(session.get_absolute_url())
    _sent(request, application)
    return redirect(application.get_absolute_url())


@login_required
def my_applications(request):
    applications = list(selectors.application_list_for_user(user=request.user))
    return render(request, "training/my_applications.html",
                  {"applications": applications, "today": timezone.localdate(), "flow": APPLICATION})


@login_required
@require_POST
def application_cancel(request, pk: int):
    application = _own_application(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("training:my-applications")
    try:
        services.application_cancel(application=application, by=request.user, reason=form.cleaned_data["reason"][:500])
        messages.success(request, _("Your application to %(session)s is cancelled.") % {"session": application.session.title})
    except (ValidationError, PermissionDenied) as exc:
        errors_to_messages(request, exc)
    return redirect("training:my-applications")


@login_required
@require_POST
def offer_answer(request, pk: int):
    application = _own_application(request, pk)
    try:
        if "accept" in request.POST:
            services.offer_accept(application=application, by=request.user)
            messages.success(request, _("Your seat in %(session)s is confirmed.") % {"session": application.session.title})
        else:
            services.offer_decline(application=application, by=request.user)
            messages.success(request, _("You declined the seat; it goes to the next person on the waiting list."))
    except (ValidationError, PermissionDenied) as exc:
        errors_to_messages(request, exc)
    return redirect("training:my-applications")


@login_required
def feedback(request, pk: int):
    application = _own_application(request, pk)
    if hasattr(application, "feedback"):
        messages.info(request, _("You have already given your feedback on this session. Thank you!"))
        return redirect("training:my-applications")
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(application=application, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect("training:my-applications")
    return render(request, "training/feedback_form.html", {"application": application, "session": application.session, "form": form})


@login_required
def certificate_download(request, pk: int):
    certificate = selectors.certificate_get_for_user(user=request.user, pk=pk)
    verify_url = request.build_absolute_uri(certificate.get_verify_url())
    content = certificate_pdf(certificate, verify_url=verify_url)
    return pdf_response(content, filename=f"wego-certificate-{certificate.code}.pdf")


# --- Nominations (focal point) ---------------------------------------------------------------------------


def _focal_member(request) -> tuple[Member, list[Member]]:
    members = selectors.focal_point_members(user=request.user)
    if not members:
        raise PermissionDenied(_("Only focal points nominate applicants."))
    wanted = request.GET.get("member") or request.POST.get("member")
    member = next((m for m in members if str(m.pk) == str(wanted)), members[0]) if wanted else members[0]
    if wanted and str(member.pk) != str(wanted):
        raise Http404
    return member, members


@login_required
def nominations(request):
    """The focal point's applicants per upcoming session: nominate, turn down, rank."""
    member, members = _focal_member(request)
    groups = selectors.nominations_for_member(member=member)
    return render(
        request,
        "training/nominations.html",
        {"member": member, "members": members, "groups": groups, "reason_form": ReasonForm(), "flow": APPLICATION},
    )


@login_required
@require_POST
def nomination_decide(request, pk: int):
    application = get_object_or_404(Application.objects.select_related("member", "session"), pk=pk)
    if application.member is None or not is_focal_point(request.user, application.member):
        raise Http404
    try:
        if "nominate" in request.POST:
            services.application_nominate(application=application, by=request.user)
            messages.success(request, _("%(name)s is nominated.") % {"name": application.applicant.get_full_name()})
        elif "not_nominate" in request.POST:
            form = ReasonForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.application_not_nominate(application=application, by=request.user, reason=reason)
            messages.success(request, _("%(name)s is not nominated.") % {"name": application.applicant.get_full_name()})
    except (ValidationError, PermissionDenied) as exc:
        errors_to_messages(request, exc)
    return redirect(f"{reverse('training:nominations')}?member={application.member_id}#session-{application.session_id}")


@login_required
@require_POST
def nominations_rank(request, session_pk: int):
    """Save the ranks the focal point typed (1 = first choice); ties keep the current order."""
    member, _members = _focal_member(request)
    session = get_object_or_404(Session, pk=session_pk)
    nominated = list(
        Application.objects.filter(session=session, member=member, status=Application.Status.NOMINATED).order_by("nomination_rank", "pk")
    )

    def typed(app):
        try:
            return int(request.POST.get(f"rank-{app.pk}", ""))
        except ValueError:
            return 10_000

    order = [app.pk for app in sorted(nominated, key=lambda a: (typed(a), a.nomination_rank or 0))]
    try:
        services.nominations_rank(session=session, member=member, order=order, by=request.user)
        messages.success(request, _("The ranking is saved."))
    except (ValidationError, PermissionDenied) as exc:
        errors_to_messages(request, exc)
    return redirect(f"{reverse('training:nominations')}?member={member.pk}#session-{session.pk}")


# --- Training requests (focal point) ---------------------------------------------------------------------


@login_required
def training_requests(request):
    """A focal point requests an eGovFrame training at the city's place and dates, and follows it."""
    member, members = _focal_member(request)
    programs = list(Program.objects.filter(accepts_city_requests=True, is_published=True).order_by("name"))
    if not programs:
        raise Http404
    program = next((p for p in programs if p.slug == request.GET.get("program")), programs[0])
    # Offered for a CeDS gap (training.help): the gap's draft fills in what the city wants to build.
    draft = draft_read(request.GET.get("gap", ""), member_id=member.pk)
    form = TrainingRequestForm(request.POST or None, initial={"notes": draft["text"]} if draft else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_request_submit(program=program, member=member, by=request.user, data=form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Your request is sent. The Secretariat will agree the dates with you and NIA."))
            return redirect(f"{reverse('training:requests')}?member={member.pk}")
    return render(
        request,
        "training/requests.html",
        {
            "member": member, "members": members, "program": program, "programs": programs, "form": form,
            "requests": list(selectors.training_request_list_for_member(member=member)),
            "flow": TRAINING_REQUEST,
        },
    )


@login_required
@require_POST
def training_request_withdraw(request, pk: int):
    training_request = get_object_or_404(TrainingRequest.objects.select_related("member"), pk=pk)
    if not is_focal_point(request.user, training_request.member):
        raise Http404
    try:
        services.training_request_withdraw(request=training_request, by=request.user)
        messages.success(request, _("The request is withdrawn."))
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect(f"{reverse('training:requests')}?member={training_request.member_id}")


# --- Remote technical support ----------------------------------------------------------------------------


@login_required
def support_list(request):
    sessions = services.support_sessions_for(user=request.user)
    return render(
        request,
        "training/support_list.html",
        {"requests": list(selectors.support_request_list_for_user(user=request.user)), "can_open": bool(sessions)},
    )


@login_required
def support_new(request):
    sessions = services.support_sessions_for(user=request.user)
    if not sessions:
        messages.info(request, _("Remote technical support is for participants of an eGovFrame training that has taken place."))
        return redirect("training:support-list")
    form = SupportRequestForm(request.POST or None, request.FILES or None, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            support_request = services.support_request_open(
                requester=request.user, session=data["session"], subject=data["subject"], question=data["question"],
                files=data["attachments"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Your question is sent to the eGovFrame team."))
            return redirect(support_request.get_absolute_url())
    return render(request, "training/support_new.html", {"form": form})


def support_thread(request, pk: int, *, template: str, staff: bool):
    support_request = selectors.support_request_get(user=request.user, pk=pk)
    form = SupportReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        try:
            if "close" in request.POST:
                services.support_close(request=support_request, by=request.user)
                messages.success(request, _("The request is closed."))
                return redirect(request.path)
            if form.is_valid():
                services.support_reply(request=support_request, by=request.user, body=form.cleaned_data["body"],
                                       files=form.cleaned_data["attachments"])
                messages.success(request, _("Your message is sent."))
                return redirect(request.path)
        except (ValidationError, PermissionDenied) as exc:
            errors_to_messages(request, exc)
    return render(request, template, {"support_request": support_request, "form": form, "staff": staff, "flow": SUPPORT})


@login_required
def support_detail(request, pk: int):
    return support_thread(request, pk, template="training/support_detail.html", staff=False)


@login_required
def support_attachment(request, pk: int):
    attachment = get_object_or_404(SupportAttachment.objects.select_related("message__request"), pk=pk)
    if not can_view_support_request(request.user, attachment.message.request):
        raise Http404
    return file_response(attachment.file, filename=attachment.name)
