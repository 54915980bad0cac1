"""A member's officials (affiliations and their roles) and the invitations its focal points send."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from wego.audit import audit_record
from wego.mail import queue_templated_email

from ..models import Affiliation, Invitation, Member
from ..permissions import can_manage_member, can_manage_officials
from . import clock

__all__ = [
    "affiliation_add",
    "affiliation_remove",
    "affiliation_set_role",
    "affiliation_set_title",
    "invitation_accept",
    "invitation_get",
    "invitation_revoke",
    "invitation_send",
]


@transaction.atomic
def affiliation_add(*, member, user, role: str, title: str = "", by=None):
    """Let `user` act for `member` with `role`. A user holds one affiliation per member."""
    if Affiliation.objects.filter(member=member, user=user).exists():
        raise ValidationError(_("%(user)s already acts for %(member)s.") % {"user": user, "member": member})
    affiliation = Affiliation.objects.create(member=member, user=user, role=role, title=title)
    audit_record(
        actor=by, action="members.affiliation.added", target=member, data={"user": user.email, "role": role}
    )
    return affiliation


def _focal_point_count(member, *, excluding=None) -> int:
    qs = Affiliation.objects.select_for_update().focal_points().of(member)
    if excluding is not None:
        qs = qs.exclude(pk=excluding.pk)
    return len(list(qs))


@transaction.atomic
def affiliation_set_role(*, affiliation, role: str, by):
    """Change an official's role. A member always keeps at least one focal point."""
    if not can_manage_officials(by, affiliation.member):
        raise ValidationError(_("Only a focal point can change roles."))
    if role not in Affiliation.Role.values:
        raise ValidationError(_("Unknown role."))
    if (
        affiliation.role == Affiliation.Role.FOCAL_POINT
        and role != Affiliation.Role.FOCAL_POINT
        and _focal_point_count(affiliation.member, excluding=affiliation) == 0
    ):
        raise ValidationError(_("%(member)s must keep at least one focal point. Name another focal point first.")
                              % {"member": affiliation.member.name})
    old = affiliation.role
    affiliation.role = role
    affiliation.save(update_fields=["role"])
    audit_record(actor=by, action="members.affiliation.role_changed", target=affiliation.member,
                 data={"user": affiliation.user.email, "from": old, "to": role})
    return affiliation


@transaction.atomic
def affiliation_set_title(*, affiliation, title: str, by):
    """Change the title an official holds at the member (by a focal point, or by staff who manage the member)."""
    if not (can_manage_officials(by, affiliation.member) or can_manage_member(by, affiliation.member)):
        raise ValidationError(_("Only a focal point can change the officials' titles."))
    affiliation = Affiliation.objects.select_for_update().select_related("user", "member").get(pk=affiliation.pk)
    title = title.strip()
    old = affiliation.title
    if title == old:
        return affiliation
    affiliation.title = title
    affiliation.full_clean()
    affiliation.save(update_fields=["title"])
    audit_record(actor=by, action="members.affiliation.title_changed", target=affiliation.member,
                 data={"user": affiliation.user.email, "title": title, "from": old})
    return affiliation


@transaction.atomic
def affiliation_remove(*, affiliation, by):
    """Remove an official from the member. The last focal point cannot be removed."""
    if not can_manage_officials(by, affiliation.member):
        raise ValidationError(_("Only a focal point can remove officials."))
    if affiliation.role == Affiliation.Role.FOCAL_POINT and _focal_point_count(affiliation.member, excluding=affiliation) == 0:
        raise ValidationError(_("%(member)s must keep at least one focal point.") % {"member": affiliation.member.name})
    member, email = affiliation.member, affiliation.user.email
    affiliation.delete()
    audit_record(actor=by, action="members.affiliation.removed", target=member, data={"user": email})


# --- Invitations -----------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_send(*, member, email: str, role: str, by, title: str = "", base_url: str = ""):
    """A focal point invites a colleague. Returns (invitation, link); the link works once, for 14 days."""
    if not can_manage_officials(by, member):
        raise ValidationError(_("Only a focal point of %(member)s can invite officials.") % {"member": member.name})
    if member.status == Member.Status.WITHDRAWN:
        raise ValidationError(_("A withdrawn member cannot invite officials."))
    email = email.strip().lower()
    if role not in Affiliation.Role.values:
        raise ValidationError(_("Unknown role."))
    if Affiliation.objects.filter(member=member, user__email__iexact=email).exists():
        raise ValidationError(_("%(email)s already acts for %(member)s.") % {"email": email, "member": member.name})
    token = secrets.token_urlsafe(32)
    now = clock.now()
    invitation = Invitation.objects.create(
        member=member, email=email, role=role, title=title, token_hash=_token_hash(token), invited_by=by,
        created_at=now, expires_at=now + timedelta(days=Invitation.VALID_DAYS),
    )
    audit_record(actor=by, action="members.invitation.sent", target=member, data={"email": email, "role": role})
    link = f"{base_url}{reverse('members:invitation', args=[token])}"
    queue_templated_email(
        to=[email], template="members/email/invitation",
        context={"invitation": invitation, "link": link, "inviter": by, "member": member},
    )
    return invitation, link


def invitation_get(*, token: str):
    """The invitation behind a link, or None."""
    return Invitation.objects.select_related("member", "invited_by").filter(token_hash=_token_hash(token)).first()


@transaction.atomic
def invitation_accept(*, token: str, user):
    """The invited colleague, signed in with the invited address, joins the member with the role."""
    invitation = invitation_get(token=token)
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid."))
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has already been used."))
    if invitation.revoked_at:
        raise ValidationError(_("This invitation has been withdrawn by your focal point."))
    if invitation.expires_at <= clock.now():
        raise ValidationError(_("This invitation has expired. Ask your focal point for a new one."))
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    affiliation = affiliation_add(member=invitation.member, user=user, role=invitation.role, title=invitation.title,
                                  by=user)
    invitation.accepted_at = clock.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(actor=user, action="members.invitation.accepted", target=invitation.member, data={"email": user.email})
    return affiliation


@transaction.atomic
def invitation_revoke(*, invitation, by):
    if not can_manage_officials(by, invitation.member):
        raise ValidationError(_("Only a focal point can withdraw an invitation."))
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("This invitation can no longer be withdrawn."))
    invitation.revoked_at = clock.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(actor=by, action="members.invitation.revoked", target=invitation.member, data={"email": invitation.email})
    return invitation
