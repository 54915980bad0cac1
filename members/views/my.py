"""The member home of officials: their organisation, officials and roles, invitations, withdrawal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wego.registry import open_tasks_for
from wego.web import acting_member, errors_to_messages, form_errors_to_messages

from .. import services
from ..forms import InvitationForm, RoleForm, WithdrawalForm
from ..models import Affiliation, Invitation, WithdrawalRequest
from ..permissions import can_manage_officials, is_focal_point
from ..selectors import (
    affiliation_list_for_user,
    invitation_list_pending,
    member_officials,
    withdrawal_pending,
)


def _my_url(member_id: int) -> str:
    return f"{reverse('members:my')}?member={member_id}"


def _own_affiliation(user, member_id: int) -> Affiliation:
    """The user's own affiliation with that member; 404 for any other member."""
    return acting_member(affiliation_list_for_user(user=user).filter(member_id=member_id), member_id, required=True)


@login_required
def my_member(request):
    """The member home: organisation, officials and roles, status, and open tasks of every app."""
    affiliations = list(affiliation_list_for_user(user=request.user))
    selected = acting_member(affiliations, request.GET.get("member"), strict=False)
    context = {"affiliations": affiliations, "affiliation": selected, "member": None}
    if selected is not None:
        member = selected.member
        manages = can_manage_officials(request.user, member)
        context.update(
            member=member,
            officials=list(member_officials(member=member)),
            manages=manages,
            is_focal_point=is_focal_point(request.user, member),
            invitations=list(invitation_list_pending(member=member)) if manages else [],
            withdrawal=withdrawal_pending(member=member),
            invite_form=InvitationForm(),
            withdrawal_form=WithdrawalForm(),
            role_choices=Affiliation.Role.choices,
            open_tasks=open_tasks_for(member=member, user=request.user),
        )
    return render(request, "members/my.html", context)


@login_required
@require_POST
def invite(request, member_id: int):
    affiliation = _own_affiliation(request.user, member_id)
    if not can_manage_officials(request.user, affiliation.member):
        raise PermissionDenied(_("Only a focal point can invite officials."))
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation, _link = services.invitation_send(
                member=affiliation.member,
                by=request.user,
                base_url=request.build_absolute_uri("/")[:-1],
                **form.cleaned_data,
            )
        except ValidationError as exc:
            errors_to_messages(request, exc)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s. The link works once, for 14 days.") % {"email": invitation.email}
            )
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    return redirect(_my_url(member_id))


@login_required
@require_POST
def revoke_invitation(request, pk: int):
    invitation = get_object_or_404(Invitation.objects.select_related("member"), pk=pk)
    _own_affiliation(request.user, invitation.member_id)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
        messages.success(request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email})
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect(_my_url(invitation.member_id))


@login_required
@require_POST
def set_role(request, pk: int):
    target = get_object_or_404(Affiliation.objects.select_related("member", "user"), pk=pk)
    _own_affiliation(request.user, target.member_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles."))
    else:
        try:
            services.affiliation_set_role(affiliation=target, role=form.cleaned_data["role"], by=request.user)
            messages.success(
                request,
                _("%(user)s is now %(role)s.") % {"user": target.user, "role": target.get_role_display().lower()},
            )
        except ValidationError as exc:
            errors_to_messages(request, exc)
    return redirect(_my_url(target.member_id))


@login_required
@require_POST
def remove_official(request, pk: int):
    target = get_object_or_404(Affiliation.objects.select_related("member", "user"), pk=pk)
    _own_affiliation(request.user, target.member_id)
    member_id, name = target.member_id, str(target.user)
    try:
        services.affiliation_remove(affiliation=target, by=request.user)
        messages.success(request, _("%(user)s no longer acts for your organisation.") % {"user": name})
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect(_my_url(member_id))


@login_required
@require_POST
def request_withdrawal(request, member_id: int):
    affiliation = _own_affiliation(request.user, member_id)
    if not is_focal_point(request.user, affiliation.member):
        raise PermissionDenied(_("Only a focal point can ask for the withdrawal of the member."))
    form = WithdrawalForm(request.POST)
    if form.is_valid():
        try:
            services.withdrawal_request_submit(member=affiliation.member, by=request.user, **form.cleaned_data)
            messages.success(request, _("Your withdrawal request has been sent to the Secretariat."))
        except ValidationError as exc:
            errors_to_messages(request, exc)
    else:
        form_errors_to_messages(request, form)
    return redirect(_my_url(member_id))


@login_required
@require_POST
def cancel_withdrawal(request, pk: int):
    withdrawal = get_object_or_404(WithdrawalRequest.objects.select_related("member"), pk=pk)
    affiliation = _own_affiliation(request.user, withdrawal.member_id)
    if not is_focal_point(request.user, affiliation.member):
        raise PermissionDenied
    try:
        services.withdrawal_cancel(request=withdrawal, by=request.user)
        messages.success(request, _("Your withdrawal request is cancelled."))
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect(_my_url(withdrawal.member_id))


def invitation(request, token: str):
    """The link in an invitation email: shows what it is for and lets the invited person accept it."""
    found = services.invitation_get(token=token)
    if found is None:
        raise Http404
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            affiliation = services.invitation_accept(token=token, user=request.user)
        except ValidationError as exc:
            errors_to_messages(request, exc)
        else:
            messages.success(
                request,
                _("Welcome: you now act for %(member)s as %(role)s.")
                % {"member": affiliation.member.name, "role": affiliation.get_role_display().lower()},
            )
            return redirect(_my_url(affiliation.member_id))
    return render(request, "members/invitation.html", {"invitation": found})
