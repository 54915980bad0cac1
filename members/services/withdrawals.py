"""A member's withdrawal from WeGO: its focal point asks, the Secretariat confirms or cancels."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wego.audit import audit_record

from ..models import Member, WithdrawalRequest
from ..permissions import is_focal_point
from . import clock
from .members import _lock, _refuse
from .notifications import _notify_focal_points, _notify_secretariat

__all__ = ["withdrawal_cancel", "withdrawal_confirm", "withdrawal_request_submit"]


@transaction.atomic
def withdrawal_request_submit(*, member, by, reason: str, effective_on):
    """A focal point asks to withdraw the member from WeGO."""
    if not is_focal_point(by, member):
        raise ValidationError(_("Only a focal point can ask for the withdrawal of the member."))
    if member.status not in (Member.Status.ACTIVE, Member.Status.SUSPENDED):
        _refuse(member, _("withdraw"))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the withdrawal."))
    if effective_on < clock.now().date():
        raise ValidationError(_("The effective date cannot be in the past."))
    try:
        with transaction.atomic():
            request = WithdrawalRequest.objects.create(
                member=member, requested_by=by, reason=reason.strip(), effective_on=effective_on
            )
    except IntegrityError:
        raise ValidationError(_("A withdrawal request for this member is already pending."))
    audit_record(actor=by, action="members.withdrawal.requested", target=member,
                 data={"effective_on": effective_on, "reason": reason})
    _notify_secretariat(subject=_("Withdrawal request from %(member)s") % {"member": member.name},
                        body=_("%(member)s asks to withdraw from WeGO from %(date)s. Reason: %(reason)s")
                        % {"member": member.name, "date": effective_on, "reason": reason})
    return request


@transaction.atomic
def withdrawal_confirm(*, request, by):
    """The Secretariat confirms: the member is withdrawn and leaves the directory; its history stays."""
    request = WithdrawalRequest.objects.select_for_update().select_related("member").get(pk=request.pk)
    if request.status != WithdrawalRequest.Status.PENDING:
        raise ValidationError(_("This withdrawal request has already been decided."))
    member = _lock(request.member)
    if member.status not in (Member.Status.ACTIVE, Member.Status.SUSPENDED):
        _refuse(member, _("withdraw"))
    member.status = Member.Status.WITHDRAWN
    member.withdrawn_on = request.effective_on
    member.status_reason = request.reason
    member.save(update_fields=["status", "withdrawn_on", "status_reason", "updated_at"])
    request.status = WithdrawalRequest.Status.CONFIRMED
    request.decided_at = clock.now()
    request.decided_by = by
    request.save(update_fields=["status", "decided_at", "decided_by"])
    audit_record(actor=by, action="members.member.withdrawn", target=member, data={"effective_on": request.effective_on})
    _notify_focal_points(member, "members/email/withdrawal_confirmed", {"request": request})
    return request


@transaction.atomic
def withdrawal_cancel(*, request, by):
    """The focal point (or the Secretariat) cancels a pending request."""
    if request.status != WithdrawalRequest.Status.PENDING:
        raise ValidationError(_("Only a pending request can be cancelled."))
    request.status = WithdrawalRequest.Status.CANCELLED
    request.decided_at = clock.now()
    request.decided_by = by
    request.save(update_fields=["status", "decided_at", "decided_by"])
    audit_record(actor=by, action="members.withdrawal.cancelled", target=request.member)
    return request
