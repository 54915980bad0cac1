"""The audit actions of membership: organisations, people and their roles, applications, invitations, partners.

Each value is recorded in wego.AuditEntry.action; the label is what the audit log shows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    AFFILIATION_ADDED = "members.affiliation.added", _("Official added")
    AFFILIATION_REMOVED = "members.affiliation.removed", _("Official removed")
    AFFILIATION_ROLE_CHANGED = "members.affiliation.role_changed", _("Official's role changed")
    AFFILIATION_TITLE_CHANGED = "members.affiliation.title_changed", _("Official's title changed")
    APPLICATION_ACCEPTED = "members.application.accepted", _("Membership application accepted")
    APPLICATION_CANCELLED = "members.application.cancelled", _("Membership application cancelled")
    APPLICATION_CREATED = "members.application.created", _("Membership application created")
    APPLICATION_REJECTED = "members.application.rejected", _("Membership application rejected")
    APPLICATION_SUBMITTED = "members.application.submitted", _("Membership application submitted")
    APPLICATION_UPDATED = "members.application.updated", _("Membership application updated")
    APPLICATION_VERIFIED = "members.application.verified", _("Membership application verified")
    INVITATION_ACCEPTED = "members.invitation.accepted", _("Invitation accepted")
    INVITATION_REVOKED = "members.invitation.revoked", _("Invitation revoked")
    INVITATION_SENT = "members.invitation.sent", _("Invitation sent")
    MEMBER_CREATED = "members.member.created", _("Member created")
    MEMBER_FRIENDSHIP = "members.member.friendship", _("Friendship membership confirmed")
    MEMBER_FULL_MEMBERSHIP = "members.member.full_membership", _("Full membership approved")
    MEMBER_REGION_SET = "members.member.region_set", _("Member region set")
    MEMBER_REINSTATED = "members.member.reinstated", _("Member reinstated")
    MEMBER_SUSPENDED = "members.member.suspended", _("Member suspended")
    MEMBER_UPDATED = "members.member.updated", _("Member updated")
    MEMBER_WITHDRAWN = "members.member.withdrawn", _("Member withdrawn")
    PARTNER_KEY_CREATED = "members.partner_key.created", _("Partner API key created")
    PARTNER_KEY_REVOKED = "members.partner_key.revoked", _("Partner API key revoked")
    WITHDRAWAL_CANCELLED = "members.withdrawal.cancelled", _("Withdrawal cancelled")
    WITHDRAWAL_REQUESTED = "members.withdrawal.requested", _("Withdrawal requested")
