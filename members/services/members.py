"""Member organisations: creation, region and regional office, and their status (Executive Committee
approval, suspension, reinstatement). Withdrawal is in withdrawals.py."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wego.audit import audit_record

from ..audit import AuditAction
from ..models import Member, MembershipApplication, MembershipDecision, RegionalOffice
from ..regions import Region, region_for_country
from . import clock
from .notifications import _notify_focal_points

__all__ = [
    "RESERVED_SLUGS",
    "member_create",
    "member_record_committee_approval",
    "member_regional_office_assign",
    "member_reinstate",
    "member_save",
    "member_set_region",
    "member_slug_unique",
    "member_suspend",
]


# Paths under /members/ that a member's profile slug must not shadow.
RESERVED_SLUGS = {"my", "fees", "finance", "apply", "invitations", "new", "staff", "api"}


def member_slug_unique(name: str, country: str) -> str:
    """A slug for a new member that no other member has (name, then name-country, then name-N)."""
    base = slugify(name, allow_unicode=False) or "member"
    slug = base
    if slug in RESERVED_SLUGS or Member.objects.filter(slug=slug).exists():
        slug = f"{base}-{str(country).lower()}"
    n = 2
    while Member.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def member_create(*, name: str, country: str, kind: str, by=None, region: str | None = None, **fields):
    """Create a member organisation. Its WeGO region comes from the country unless given explicitly."""
    derived = region_for_country(country)
    member = Member(
        name=name.strip(),
        country=country,
        kind=kind,
        region=region or derived,
        region_overridden=bool(region and region != derived),
        slug=fields.pop("slug", None) or member_slug_unique(name, country),
        **fields,
    )
    member.full_clean()
    member.save()
    audit_record(actor=by, action="members.member.created", target=member, data={"status": member.status})
    return member


def member_regional_office_assign(member) -> None:
    """Give a member without one the regional office that covers its region (if any)."""
    if member.regional_office_id or not member.region:
        return
    for office in RegionalOffice.objects.all():
        if member.region in (office.regions or []):
            member.regional_office = office
            member.save(update_fields=["regional_office", "updated_at"])
            return


# --- Member transitions -------------------------------------------------------------------------


def _lock(member):
    return Member.objects.select_for_update().get(pk=member.pk)


def _refuse(member, wanted: str):
    raise ValidationError(
        _("%(member)s cannot %(wanted)s: it is %(status)s (%(category)s).")
        % {
            "member": member.name,
            "wanted": wanted,
            "status": member.get_status_display().lower(),
            "category": member.get_category_display() or _("no category"),
        }
    )


@transaction.atomic
def member_record_committee_approval(*, member, reference: str, decided_on, by, source=None):
    """Record an Executive Committee approval: an active Associate becomes Full; an association
    awaiting confirmation becomes an active Friendship member.

    `source` names what carried the decision (an Executive Committee motion once governance runs it).
    """
    if not reference or not reference.strip():
        raise ValidationError(_("Give the reference of the Executive Committee decision."))
    if decided_on is None:
        raise ValidationError(_("Give the date of the Executive Committee decision."))
    if decided_on > clock.today():
        raise ValidationError(_("The decision date cannot be in the future."))
    member = _lock(member)
    if member.applications.filter(status=MembershipApplication.Status.VERIFYING).exists():
        raise ValidationError(
            _("The Secretariat has not verified the application of %(member)s yet: record the verification "
              "first, then the Executive Committee's approval.") % {"member": member.name}
        )
    if member.status == Member.Status.ACTIVE and member.category == Member.Category.ASSOCIATE and member.kind in (
        Member.Kind.CITY,
        Member.Kind.INSTITUTION,
    ):
        kind = MembershipDecision.Kind.FULL_MEMBERSHIP
        action = AuditAction.MEMBER_FULL_MEMBERSHIP
        old = member.category
        member.category = Member.Category.FULL
    elif member.status == Member.Status.APPLICANT and member.kind == Member.Kind.ASSOCIATION:
        kind = MembershipDecision.Kind.FRIENDSHIP
        action = AuditAction.MEMBER_FRIENDSHIP
        old = member.category
        member.category = Member.Category.FRIENDSHIP
        member.status = Member.Status.ACTIVE
        member.joined_on = member.joined_on or decided_on
    else:
        _refuse(member, _("receive an Executive Committee approval (only active Associate cities and "
                          "associations awaiting confirmation can)"))
    member.save(update_fields=["category", "status", "joined_on", "updated_at"])
    decision = MembershipDecision.objects.create(
        member=member, kind=kind, reference=reference.strip(), decided_on=decided_on, recorded_by=by
    )
    audit_record(
        actor=by,
        action=action,
        target=member,
        data={"from": old, "to": member.category, "reference": decision.reference, "decided_on": decided_on,
              "source": str(source) if source else "secretariat"},
    )
    _notify_focal_points(member, "members/email/committee_approval", {"decision": decision})
    return member


@transaction.atomic
def member_suspend(*, member, by, reason: str):
    """Suspend an active member (e.g. fees long unpaid); it keeps its data but loses its rights."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for the suspension."))
    member = _lock(member)
    if member.status != Member.Status.ACTIVE:
        _refuse(member, _("be suspended"))
    member.status = Member.Status.SUSPENDED
    member.status_reason = reason.strip()
    member.save(update_fields=["status", "status_reason", "updated_at"])
    audit_record(actor=by, action="members.member.suspended", target=member, data={"reason": reason})
    return member


@transaction.atomic
def member_reinstate(*, member, by):
    """Lift a suspension."""
    member = _lock(member)
    if member.status != Member.Status.SUSPENDED:
        _refuse(member, _("be reinstated"))
    member.status = Member.Status.ACTIVE
    member.status_reason = ""
    member.save(update_fields=["status", "status_reason", "updated_at"])
    audit_record(actor=by, action="members.member.reinstated", target=member)
    return member


@transaction.atomic
def member_save(*, member, by, changed: list[str], source: str = "admin"):
    """Save the staff's edits of a member's own fields (already validated by their form), audited.

    The region, the status and the officials change through their own services (member_set_region,
    member_suspend, affiliation_*), which the admin calls for those."""
    member.save()
    if changed:
        audit_record(actor=by, action="members.member.updated", target=member,
                     data={"source": source, "fields": list(changed)})
    return member


@transaction.atomic
def member_set_region(*, member, region: str, by):
    """Override the region derived from the country (or go back to it with region='')."""
    derived = region_for_country(str(member.country))
    if region and region not in Region.values:
        raise ValidationError(_("Unknown region."))
    old = member.region
    member.region = region or derived
    member.region_overridden = bool(region) and region != derived
    member.save(update_fields=["region", "region_overridden", "updated_at"])
    audit_record(actor=by, action="members.member.region_set", target=member, data={"from": old, "to": member.region})
    return member
