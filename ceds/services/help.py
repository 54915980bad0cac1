"""Writes of the gap-to-help path: the city's notes on an action item, and a request to a peer city
that closed the same gap (its focal points are mailed once the request is saved)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from members.models import Affiliation, Member
from wego.audit import audit_record
from wego.mail import absolute_url, queue_templated_email

from ..audit import AuditAction
from ..models import ActionItem, CedsProfile, PeerContactRequest

__all__ = ["action_item_note_save", "peer_contact_send"]

NOTE_MAX = 4000
MESSAGE_MAX = 4000


@transaction.atomic
def action_item_note_save(*, item: ActionItem, note: str, by) -> ActionItem:
    """The city's own notes on an action item (what it knows, what it plans): they pre-fill letters of
    intent and requests drafted from the gap."""
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(_("Keep the notes under %(n)d characters (they are %(m)d).") % {"n": NOTE_MAX, "m": len(note)})
    locked = ActionItem.objects.select_for_update().get(pk=item.pk)
    if locked.note == note:
        return locked
    locked.note = note
    locked.save(update_fields=["note"])
    audit_record(actor=by, action=AuditAction.ACTION_ITEM_NOTE_SAVED, target=locked, data={"length": len(note)})
    item.note = note
    return locked


@transaction.atomic
def peer_contact_send(*, item: ActionItem, peer: Member, message: str, by) -> PeerContactRequest:
    """Ask `peer` how it closed the gap of `item`. The peer must share its CeDS results; one request per
    item and peer city. The peer's focal points get the message and the asking official's address."""
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Write a few words to the city: what you would like to learn from it.")})
    if len(message) > MESSAGE_MAX:
        raise ValidationError({"message": _("Keep the message under %(n)d characters.") % {"n": MESSAGE_MAX}})
    if peer.pk == item.member_id:
        raise ValidationError(_("Choose another city than your own."))
    if not CedsProfile.objects.filter(member=peer, share_results=True).exists():
        raise ValidationError(_("%(city)s does not share its CeDS results, so it cannot be contacted from here. "
                                "Ask the Secretariat to introduce you.") % {"city": peer.name})
    if PeerContactRequest.objects.filter(action_item=item, to_member=peer).exists():
        raise ValidationError(_("You already wrote to %(city)s about this action item; its focal points have your "
                                "message and address.") % {"city": peer.name})
    try:
        with transaction.atomic():
            request = PeerContactRequest.objects.create(
                action_item=item, from_member_id=item.member_id, to_member=peer, message=message, sent_by=by,
            )
    except IntegrityError as exc:  # two clicks at once: the constraint keeps one
        raise ValidationError(_("You already wrote to %(city)s about this action item.") % {"city": peer.name}) from exc
    audit_record(actor=by, action=AuditAction.PEER_CONTACT_SENT, target=request,
                 data={"to": peer.pk, "item": item.code})
    recipients = Affiliation.objects.focal_points().of(peer).emails()
    if recipients:
        queue_templated_email(
            to=recipients, template="ceds/email/peer_contact",
            context={"request": request, "item": item, "from_member": item.member, "peer": peer, "sender": by,
                     "city_url": absolute_url(reverse("members:detail", args=[item.member.slug]))},
        )
    return request
