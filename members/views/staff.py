"""The membership staff console of the Secretariat and regional-office staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wego.files import file_response
from wego.web import errors_to_messages, predicate_required

from .. import services
from ..forms import CommitteeApprovalForm, RejectForm, SuspendForm, VerifyForm
from ..models import MembershipApplication, WithdrawalRequest
from ..permissions import is_member_staff, is_secretariat
from ..selectors import application_list_for_staff, member_list_for_staff, withdrawal_list_for_staff
from ..workflows import APPLICATION

staff_required = predicate_required(is_member_staff)


@staff_required
def console(request):
    """What waits for a decision: submitted applications and pending withdrawals."""
    applications = application_list_for_staff(user=request.user, status=MembershipApplication.Status.SUBMITTED)
    verifying = application_list_for_staff(
        user=request.user, status=MembershipApplication.Status.VERIFYING
    ).order_by("verification_due_on", "pk")
    withdrawals = withdrawal_list_for_staff(user=request.user, status=WithdrawalRequest.Status.PENDING)
    return render(
        request,
        "members/staff/console.html",
        {"applications": list(applications[:100]), "verifying": list(verifying[:100]),
         "withdrawals": list(withdrawals[:100]), "today": timezone.localdate(),
         "verification_days": services.verification_days()},
    )


@staff_required
def application_detail(request, pk: int):
    application = get_object_or_404(application_list_for_staff(user=request.user), pk=pk)
    reject_form = RejectForm(request.POST if "reject" in request.POST else None)
    verify_form = VerifyForm(request.POST if "verify" in request.POST else None)
    if request.method == "POST":
        try:
            if "accept" in request.POST:
                services.application_accept(application=application, by=request.user)
                messages.success(request, _("%(name)s is now a member.") % {"name": application.name})
                return redirect("members_staff:console")
            if "verify" in request.POST and verify_form.is_valid():
                services.application_verify(application=application, by=request.user,
                                            note=verify_form.cleaned_data["note"])
                messages.success(request, _("The application of %(name)s is verified.") % {"name": application.name})
                return redirect("members_staff:console")
            if "reject" in request.POST and reject_form.is_valid():
                in_verification = application.status == MembershipApplication.Status.VERIFYING
                services.application_reject(application=application, by=request.user, reason=reject_form.cleaned_data["reason"])
                if in_verification:
                    messages.success(
                        request,
                        _("The application of %(name)s is rejected and its Associate membership withdrawn; its focal "
                          "point is told why.") % {"name": application.name},
                    )
                else:
                    messages.success(request, _("The application of %(name)s is rejected.") % {"name": application.name})
                return redirect("members_staff:console")
        except ValidationError as exc:
            errors_to_messages(request, exc)
        application.refresh_from_db()
    return render(
        request,
        "members/staff/application.html",
        {"application": application, "reject_form": reject_form, "verify_form": verify_form,
         "in_period": application.in_verification_period(),
         "flow": APPLICATION, "options": APPLICATION.options(application, request.user)},
    )


@login_required
def application_letter(request, pk: int):
    """The signed letter of an application the staff member may review (same scope as the page).

    Anyone else gets 404 (the scoped list is empty for them), not a hint that the letter exists.
    """
    application = get_object_or_404(application_list_for_staff(user=request.user), pk=pk)
    return file_response(application.letter, filename=f"application-letter-{application.pk}.pdf",
                         content_type="application/pdf")


@staff_required
@require_POST
def withdrawal_decide(request, pk: int):
    withdrawal = get_object_or_404(withdrawal_list_for_staff(user=request.user), pk=pk)
    try:
        if "confirm" in request.POST:
            services.withdrawal_confirm(request=withdrawal, by=request.user)
            messages.success(request, _("%(member)s has withdrawn.") % {"member": withdrawal.member.name})
        else:
            services.withdrawal_cancel(request=withdrawal, by=request.user)
            messages.success(request, _("The withdrawal request is cancelled."))
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect("members_staff:console")


@staff_required
def member_list(request):
    members = member_list_for_staff(user=request.user)
    status = request.GET.get("status")
    if status:
        members = members.filter(status=status)
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    return render(request, "members/staff/members.html", {"page": page, "status": status})


@staff_required
def member_manage(request, pk: int):
    """Status actions on one member: Executive Committee approval, suspension, reinstatement."""
    member = get_object_or_404(member_list_for_staff(user=request.user), pk=pk)
    approval_form = CommitteeApprovalForm(request.POST if "approve" in request.POST else None)
    suspend_form = SuspendForm(request.POST if "suspend" in request.POST else None)
    if request.method == "POST":
        try:
            if "approve" in request.POST:
                if not is_secretariat(request.user):
                    raise PermissionDenied
                if approval_form.is_valid():
                    services.member_record_committee_approval(member=member, by=request.user, **approval_form.cleaned_data)
                    messages.success(request, _("Executive Committee approval recorded for %(member)s.") % {"member": member.name})
                    return redirect("members_staff:member", pk=member.pk)
            elif "suspend" in request.POST and suspend_form.is_valid():
                services.member_suspend(member=member, by=request.user, reason=suspend_form.cleaned_data["reason"])
                messages.success(request, _("%(member)s is suspended.") % {"member": member.name})
                return redirect("members_staff:member", pk=member.pk)
            elif "reinstate" in request.POST:
                services.member_reinstate(member=member, by=request.user)
                messages.success(request, _("%(member)s is active again.") % {"member": member.name})
                return redirect("members_staff:member", pk=member.pk)
        except ValidationError as exc:
            errors_to_messages(request, exc)
    member.refresh_from_db()
    return render(
        request,
        "members/staff/member.html",
        {
            "member": member,
            "approval_form": approval_form,
            "suspend_form": suspend_form,
            "decisions": member.decisions.select_related("recorded_by"),
            "can_approve": is_secretariat(request.user),
        },
    )
