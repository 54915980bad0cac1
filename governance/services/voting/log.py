"""The election log (hash-chained, appended by every step) and the helpers every step of a vote uses: the row lock, the phase mail.

What each step may do in which state is the declared table, governance.workflows.ELECTION."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Affiliation
from wego.audit import audit_record
from wego.mail import absolute_url, queue_templated_email

from ... import integrity
from ...audit import AuditAction
from ...models import (
    Election,
    ElectionLogEntry,
)

__all__ = [
    "S",
    "log_append",
]

S = Election.Status


# --- helpers ---------------------------------------------------------------------------------------


def _lock(election: Election) -> Election:
    return Election.objects.select_for_update().get(pk=election.pk)


def _actor_label(by) -> str:
    if by is None:
        return "system"
    return (getattr(by, "email", "") or str(by))[:200]


def log_append(*, election: Election, action: str, by=None, data: dict | None = None) -> ElectionLogEntry:
    """Append an entry to the election's hash chain. The caller holds the election's row lock, which
    serialises appends (and the unique (election, seq) constraint refuses a fork).

    The new entry continues the head recorded on the election row, not merely the last entry found: if
    entries were deleted from the end, appending is refused, so that the gap is never papered over."""
    last = ElectionLogEntry.objects.filter(election=election).order_by("-seq").only("seq", "entry_hash").first()
    length, head = Election.objects.filter(pk=election.pk).values_list("log_length", "log_head_hash").get()
    if (last.seq if last else 0, last.entry_hash if last else "") != (length, head):
        raise ValidationError(
            _("The log of “%(title)s” does not end where the election records it should (entry #%(n)s): nothing more "
              "can be recorded. Run election_verify %(id)s and call the Secretariat's technical team.")
            % {"title": election.title, "n": length, "id": election.pk}
        )
    seq = length + 1
    prev = head or integrity.GENESIS
    created_at = timezone.now()
    data = integrity.json_safe(data or {})
    actor = _actor_label(by)
    entry_hash = integrity.log_entry_hash(
        election_id=election.pk, seq=seq, created_at=created_at, action=action, actor=actor, data=data, prev_hash=prev
    )
    entry = ElectionLogEntry.objects.create(
        election=election, seq=seq, created_at=created_at, action=action, actor_label=actor, data=data,
        prev_hash=prev, entry_hash=entry_hash,
    )
    # The row keeps the end of the chain: deleting the last entries then shows (election_verify).
    Election.objects.filter(pk=election.pk).update(log_length=seq, log_head_hash=entry_hash)
    election.log_length, election.log_head_hash = seq, entry_hash
    return entry


# The election log's actions and the portal audit action each one records.
ELECTION_AUDIT_ACTIONS: dict[str, AuditAction] = {
    "created": AuditAction.ELECTION_CREATED,
    "updated": AuditAction.ELECTION_UPDATED,
    "window_set": AuditAction.ELECTION_WINDOW_SET,
    "quorum_base_set": AuditAction.ELECTION_QUORUM_BASE_SET,
    "nominations_opened": AuditAction.ELECTION_NOMINATIONS_OPENED,
    "candidacy_filed": AuditAction.ELECTION_CANDIDACY_FILED,
    "candidacy_withdrawn": AuditAction.ELECTION_CANDIDACY_WITHDRAWN,
    "roll_frozen": AuditAction.ELECTION_ROLL_FROZEN,
    "voting_opened": AuditAction.ELECTION_VOTING_OPENED,
    "voting_closed": AuditAction.ELECTION_VOTING_CLOSED,
    "quorum_failed": AuditAction.ELECTION_QUORUM_FAILED,
    "tie_detected": AuditAction.ELECTION_TIE_DETECTED,
    "lots_drawn": AuditAction.ELECTION_LOTS_DRAWN,
    "tallied": AuditAction.ELECTION_TALLIED,
    "runoff_created": AuditAction.ELECTION_RUNOFF_CREATED,
    "recounted": AuditAction.ELECTION_RECOUNTED,
    "certified": AuditAction.ELECTION_CERTIFIED,
    "outcome_applied": AuditAction.ELECTION_OUTCOME_APPLIED,
    "published": AuditAction.ELECTION_PUBLISHED,
    "cancelled": AuditAction.ELECTION_CANCELLED,
}


def _record(election: Election, *, by, action: str, data: dict | None = None) -> None:
    """Log in the election chain and in the portal's audit log (an action missing from
    ELECTION_AUDIT_ACTIONS is refused before anything is written)."""
    if action not in ELECTION_AUDIT_ACTIONS:
        raise ValueError(f"undeclared election log action {action!r}: add it to ELECTION_AUDIT_ACTIONS")
    log_append(election=election, action=action, by=by, data=data)
    audit_record(actor=by, action=ELECTION_AUDIT_ACTIONS[action], target=election, data=data)


def _standing_year(election: Election, now: dt.datetime) -> int:
    return timezone.localtime(election.voting_opens_at or now).year


def _phase_notice(election: Election, *, template: str = "governance/email/phase_changed") -> None:
    """Tell the focal points of the members on the roll that the vote changed phase, with the log's length
    and head hash at that moment. Whoever keeps the mail can later hold the portal to that head: a log
    whose end was cut off no longer contains it (`election_verify ID --head HASH`). Called last in the
    transition, after every entry of that transition is appended."""
    focal = (
        Affiliation.objects.focal_points().filter(member__roll_entries__election=election)
        .select_related("user").order_by("user__email").distinct()
    )
    context = {
        "election": election, "status": election.status, "log_length": election.log_length,
        "log_head_hash": election.log_head_hash, "url": absolute_url(reverse("governance:election", args=[election.pk])),
        "results_url": absolute_url(reverse("governance:results", args=[election.pk])),
    }
    for affiliation in focal:
        queue_templated_email(to=[affiliation.user.email], template=template, context=context,
                              language=affiliation.user.preferred_language)
