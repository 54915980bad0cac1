"""Member profiles and investigations: creation, stakeholders, answers saved one by one, submission (which queues the reports)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from wego.audit import audit_record
from wego.celery import enqueue

from ..models import (
    MAX_PER_YEAR,
    CedsProfile,
    FrameworkVersion,
    Indicator,
    Investigation,
    MaturityAnswer,
    Stakeholder,
    SystemAnswer,
    SystemItem,
)
from ..selectors import framework_current, prime_submission_states
from ..workflows import INVESTIGATION

__all__ = [
    "profile_update",
    "investigation_create",
    "investigation_delete",
    "stakeholder_add",
    "stakeholder_remove",
    "missing_stakeholder_roles",
    "AnswerInput",
    "answers_save",
    "investigation_submit",
    "answer_inputs",
]

# --- member profile ------------------------------------------------------------------------------


@transaction.atomic
def profile_update(*, member: Member, share_results: bool, partner_opt_out: bool, by) -> CedsProfile:
    """A member's sharing and match-making choices."""
    profile, _created = CedsProfile.objects.select_for_update().get_or_create(member=member)
    old = {"share_results": profile.share_results, "partner_opt_out": profile.partner_opt_out}
    profile.share_results = share_results
    profile.partner_opt_out = partner_opt_out
    profile.save()
    audit_record(
        actor=by, action="ceds.profile.updated", target=member,
        data={"old": old, "new": {"share_results": share_results, "partner_opt_out": partner_opt_out}},
    )
    return profile


# --- investigations ------------------------------------------------------------------------------


def _current_version() -> FrameworkVersion:
    version = framework_current()
    if version is None:
        raise ValidationError(_("No framework version is published yet."))
    return version


@transaction.atomic
def investigation_create(
    *, member: Member, by, year: int | None = None, version: FrameworkVersion | None = None, title: str = ""
) -> Investigation:
    """Start an investigation in the member's next free slot of the year (at most four a year).

    The member row is locked so that concurrent starts are serialised; the unique (member, year,
    slot) constraint is the last guard (a lost race is retried on the next free slot).
    """
    year = year or timezone.localdate().year
    version = version or _current_version()
    if not version.is_published:
        raise ValidationError(_("Only a published framework version can be used."))
    locked = Member.objects.select_for_update().get(pk=member.pk)
    if not locked.is_active_member:
        raise ValidationError(_("Only active members can run a CeDS investigation."))
    for _attempt in range(MAX_PER_YEAR + 1):
        used = set(Investigation.objects.filter(member=member, year=year).values_list("slot", flat=True))
        free = [slot for slot in range(1, MAX_PER_YEAR + 1) if slot not in used]
        if not free:
            raise ValidationError(
                _("%(member)s already has %(n)d investigations in %(year)d: the guideline allows four a year.")
                % {"member": member, "n": MAX_PER_YEAR, "year": year}
            )
        try:
            with transaction.atomic():
                investigation = Investigation.objects.create(
                    member=member, version=version, year=year, slot=free[0], title=title, created_by=by
                )
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - only after MAX_PER_YEAR+1 lost races
        raise ValidationError(_("Could not find a free slot; please try again."))
    audit_record(actor=by, action="ceds.investigation.created", target=investigation,
                 data={"year": year, "slot": investigation.slot, "version": version.version})
    return investigation


def _lock_draft(investigation: Investigation) -> Investigation:
    locked = Investigation.objects.select_for_update().get(pk=investigation.pk)
    if locked.status != Investigation.Status.DRAFT:
        raise ValidationError(_("This investigation has been submitted: its answers can no longer change."))
    return locked


@transaction.atomic
def investigation_delete(*, investigation: Investigation, by) -> None:
    """Delete a draft (its slot of the year becomes free again)."""
    locked = _lock_draft(investigation)
    audit_record(actor=by, action="ceds.investigation.deleted", target=locked)
    locked.delete()


@transaction.atomic
def stakeholder_add(*, investigation: Investigation, role: str, name: str, title: str = "", by) -> Stakeholder:
    """Record a participating stakeholder (planning, finance, IT, executive or other)."""
    _lock_draft(investigation)
    if role not in Stakeholder.Role.values:
        raise ValidationError(_("Unknown stakeholder role."))
    if not name.strip():
        raise ValidationError(_("Give the stakeholder's name."))
    stakeholder = Stakeholder.objects.create(investigation=investigation, role=role, name=name.strip(), title=title.strip())
    audit_record(actor=by, action="ceds.stakeholder.added", target=investigation,
                 data={"role": role, "name": stakeholder.name})
    return stakeholder


@transaction.atomic
def stakeholder_remove(*, stakeholder: Stakeholder, by) -> None:
    _lock_draft(stakeholder.investigation)
    audit_record(actor=by, action="ceds.stakeholder.removed", target=stakeholder.investigation,
                 data={"role": stakeholder.role, "name": stakeholder.name})
    stakeholder.delete()


def missing_stakeholder_roles(*, investigation: Investigation) -> list[str]:
    present = set(investigation.stakeholders.values_list("role", flat=True))
    return [str(Stakeholder.Role(role).label) for role in Stakeholder.REQUIRED_ROLES if role not in present]


@dataclass
class AnswerInput:
    """One answer to save: an indicator (level 0–4) or a system item (value 0–3), with a note."""

    value: int
    note: str = ""


@transaction.atomic
def answers_save(
    *,
    investigation: Investigation,
    maturity: dict[int, AnswerInput] | None = None,
    systems: dict[int, AnswerInput] | None = None,
    by,
) -> int:
    """Save the given answers (keyed by indicator / system item id) one row each, as a draft.

    Each row is upserted (INSERT … ON CONFLICT DO UPDATE on (investigation, indicator)), and only the
    answers passed in are touched: two officials answering different questions at the same time do
    not overwrite each other. Returns how many rows were written.
    """
    maturity = maturity or {}
    systems = systems or {}
    if not maturity and not systems:
        return 0
    locked = _lock_draft(investigation)
    now = timezone.now()
    if maturity:
        valid = set(
            Indicator.objects.filter(version_id=locked.version_id, pk__in=maturity).values_list("pk", flat=True)
        )
        for pk, answer in maturity.items():
            if pk not in valid:
                raise ValidationError(_("Indicator %(pk)s is not part of this investigation's framework.") % {"pk": pk})
            if not 0 <= int(answer.value) <= 4:
                raise ValidationError(_("A maturity level is between 0 and 4."))
        MaturityAnswer.objects.bulk_create(
            [
                MaturityAnswer(investigation=locked, indicator_id=pk, level=int(a.value), note=a.note or "",
                               answered_by=by if getattr(by, "pk", None) else None, updated_at=now)
                for pk, a in maturity.items()
            ],
            update_conflicts=True,
            unique_fields=["investigation", "indicator"],
            update_fields=["level", "note", "answered_by", "updated_at"],
        )
    if systems:
        valid = set(SystemItem.objects.filter(version_id=locked.version_id, pk__in=systems).values_list("pk", flat=True))
        for pk, answer in systems.items():
            if pk not in valid:
                raise ValidationError(_("System %(pk)s is not part of this investigation's framework.") % {"pk": pk})
            if not 0 <= int(answer.value) <= 3:
                raise ValidationError(_("A system value is between 0 and 3."))
        SystemAnswer.objects.bulk_create(
            [
                SystemAnswer(investigation=locked, item_id=pk, value=int(a.value), note=a.note or "",
                             answered_by=by if getattr(by, "pk", None) else None, updated_at=now)
                for pk, a in systems.items()
            ],
            update_conflicts=True,
            unique_fields=["investigation", "item"],
            update_fields=["value", "note", "answered_by", "updated_at"],
        )
    audit_record(actor=by, action="ceds.answers.saved", target=locked,
                 data={"maturity": len(maturity), "systems": len(systems)})
    return len(maturity) + len(systems)


@transaction.atomic
def investigation_submit(*, investigation: Investigation, by, queue_reports: bool = True) -> Investigation:
    """Freeze the answers and queue the diagnostic reports. Every question answered and the four
    required stakeholders recorded first; submitting twice is refused. (`queue_reports=False` is for
    callers that compute the reports themselves, such as the demo seed.)"""
    locked = Investigation.objects.select_for_update().get(pk=investigation.pk)
    prime_submission_states([locked])
    INVESTIGATION.check(locked, "submit")
    locked.status = Investigation.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.submitted_by = by if getattr(by, "pk", None) else None
    locked.report_status = Investigation.ReportStatus.PENDING
    locked.report_progress = 0
    locked.report_error = ""
    locked.save(update_fields=["status", "submitted_at", "submitted_by", "report_status", "report_progress", "report_error"])
    audit_record(actor=by, action="ceds.investigation.submitted", target=locked)
    if queue_reports:
        enqueue("ceds.tasks.compute_reports_task", locked.pk)
    return locked


def answer_inputs(rows: Iterable[tuple[int, int, str]]) -> dict[int, AnswerInput]:
    return {pk: AnswerInput(value=value, note=note) for pk, value, note in rows}
