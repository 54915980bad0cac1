"""Every write of the membership app: keyword-only arguments, atomic, audited."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wego.audit import audit_record

from .audit import AuditAction
from .models import Partner, PartnerAPIKey
from .workflows import APPLICATION


@transaction.atomic
def partner_key_create(
    *, partner: Partner, name: str = "", scopes: list[str] | None = None, expiry: datetime | None = None, by=None
) -> tuple[PartnerAPIKey, str]:
    """Issue an API key to a partner. Returns the key object and the raw key, which is shown only once."""
    key_obj: PartnerAPIKey
    key_obj, raw_key = PartnerAPIKey.objects.create_key(  # type: ignore[assignment]
        name=name or f"{partner.name} key",
        partner=partner,
        scopes=list(scopes or []),
        expiry_date=expiry,
    )
    audit_record(
        actor=by,
        action="members.partner_key.created",
        target=partner,
        data={"prefix": key_obj.prefix, "scopes": key_obj.scopes, "expiry": expiry},
    )
    return key_obj, raw_key


@transaction.atomic
def partner_key_revoke(*, key: PartnerAPIKey, by=None) -> PartnerAPIKey:
    """Revoke a key: requests with it are refused from now on. Revoking is final."""
    if key.revoked:
        raise ValidationError(_("This key is already revoked."))
    key.revoked = True
    key.save(update_fields=["revoked"])
    audit_record(actor=by, action="members.partner_key.revoked", target=key.partner, data={"prefix": key.prefix})
    return key


PORTAL_APPS = ["members", "finance", "governance", "ceds", "feasibility", "awards", "training", "wego"]
SECRETARIAT_GROUP = "secretariat"
REGIONAL_OFFICE_GROUP = "regional_office"


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Give the Secretariat group every permission on the portal's models and regional-office staff
    the view/change permissions on members. Run after migrations (seed_demo and deployment do)."""
    from django.contrib.auth.models import Group, Permission

    secretariat, _created = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    portal_perms = Permission.objects.filter(content_type__app_label__in=PORTAL_APPS)
    beat_perms = Permission.objects.filter(content_type__app_label="django_celery_beat")
    secretariat.permissions.set(list(portal_perms) + list(beat_perms))
    regional, _created = Group.objects.get_or_create(name=REGIONAL_OFFICE_GROUP)
    regional.permissions.set(
        Permission.objects.filter(
            content_type__app_label="members",
            codename__in=[
                "view_member", "change_member", "view_affiliation", "view_regionaloffice",
                "view_membershipapplication", "view_withdrawalrequest", "view_invitation", "view_membershipdecision",
            ],
        )
    )
    # The eGovFrame team answers alumni's support requests (training app); its rights come from the group.
    Group.objects.get_or_create(name="training_support")
    return {SECRETARIAT_GROUP: secretariat.permissions.count(), REGIONAL_OFFICE_GROUP: regional.permissions.count()}


# Paths under /members/ that a member's profile slug must not shadow.
RESERVED_SLUGS = {"my", "fees", "finance", "apply", "invitations", "new", "staff", "api"}


def member_slug_unique(name: str, country: str) -> str:
    """A slug for a new member that no other member has (name, then name-country, then name-N)."""
    from django.utils.text import slugify

    from .models import Member

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
    from .models import Member
    from .regions import region_for_country

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


@transaction.atomic
def affiliation_add(*, member, user, role: str, title: str = "", by=None):
    """Let `user` act for `member` with `role`. A user holds one affiliation per member."""
    from .models import Affiliation

    if Affiliation.objects.filter(member=member, user=user).exists():
        raise ValidationError(_("%(user)s already acts for %(member)s.") % {"user": user, "member": member})
    affiliation = Affiliation.objects.create(member=member, user=user, role=role, title=title)
    audit_record(
        actor=by, action="members.affiliation.added", target=member, data={"user": user.email, "role": role}
    )
    return affiliation


# --- Membership applications ------------------------------------------------------------------

APPLICATION_FIELDS = (
    "name", "name_local", "kind", "country", "population", "population_year", "population_source", "website",
    "official_languages", "motivation", "contact_name", "contact_title", "contact_email", "contact_phone",
    "second_contact_name", "second_contact_email",
)


def verification_days() -> int:
    """The verification period: days after submission during which the Secretariat may still reject
    a city's application (``MEMBERSHIP_VERIFICATION_DAYS``, default 30)."""
    from django.conf import settings

    return max(0, int(getattr(settings, "MEMBERSHIP_VERIFICATION_DAYS", 30)))


def _refuse_duplicate_application(*, name: str, country: str, exclude_pk=None) -> None:
    from .models import Member, MembershipApplication, normalise_name

    key = normalise_name(name)
    open_apps = MembershipApplication.objects.filter(
        name_key=key, country=country, status__in=MembershipApplication.OPEN_STATUSES
    )
    if exclude_pk:
        open_apps = open_apps.exclude(pk=exclude_pk)
    if open_apps.filter(status=MembershipApplication.Status.VERIFYING).exists():
        raise ValidationError(
            _("An application for %(name)s in this country is already open: %(name)s is an Associate member while "
              "the Secretariat verifies it. Ask its focal point to invite you.")
            % {"name": name}
        )
    if open_apps.exists():
        raise ValidationError(
            _("An application for %(name)s in this country is already open. The Secretariat will answer it first.")
            % {"name": name}
        )
    if Member.objects.filter(name__iexact=name.strip(), country=country).exclude(status=Member.Status.WITHDRAWN).exists():
        raise ValidationError(_("%(name)s is already a WeGO member or applicant.") % {"name": name})


@transaction.atomic
def application_save_draft(*, applicant, data: dict, letter=None, application=None):
    """Create or update a draft application; nothing is sent to the Secretariat yet."""
    from django.db import IntegrityError

    from .models import MembershipApplication, normalise_name

    if application is not None and application.status != MembershipApplication.Status.DRAFT:
        raise ValidationError(_("A submitted application can no longer be changed."))
    _refuse_duplicate_application(
        name=data["name"], country=str(data["country"]), exclude_pk=application.pk if application else None
    )
    application = application or MembershipApplication(applicant=applicant)
    for field in APPLICATION_FIELDS:
        if field in data:
            setattr(application, field, data[field])
    application.name_key = normalise_name(application.name)
    if letter is not None:
        application.letter = letter
    application.full_clean(exclude=["letter"] if letter is None else None)
    created = application.pk is None
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ValidationError(_("An application for this organisation is already open."))
    audit_record(
        actor=applicant,
        action="members.application.created" if created else "members.application.updated",
        target=application,
    )
    return application


def _member_from_application(application, *, by, status: str, joined_on):
    """The member organisation an application creates, in its managing regional office, with the
    applicant as its focal point."""
    from .models import Affiliation

    member = member_create(
        name=application.name,
        country=str(application.country),
        kind=application.kind,
        by=by,
        name_local=application.name_local,
        population=application.population,
        population_year=application.population_year,
        population_source=application.population_source,
        website=application.website,
        official_languages=application.official_languages,
        category=application.requested_category,
        status=status,
        joined_on=joined_on,
    )
    member_regional_office_assign(member)
    affiliation_add(member=member, user=application.applicant, role=Affiliation.Role.FOCAL_POINT,
                    title=application.contact_title, by=by)
    return member


@transaction.atomic
def application_submit(*, application, by):
    """Send the application to the Secretariat. The signed letter must be attached.

    Cities and local governments (and national institutions) become active Associate members at
    once, with the applicant as focal point: the Secretariat then verifies the application and may
    reject it within the verification period, which withdraws the membership. Full membership
    comes only from an Executive Committee decision. Associations (Friendship) and companies
    (Corporate) wait for the Secretariat to accept them; associations are then confirmed by the
    Executive Committee.
    """
    from datetime import timedelta

    from .models import Member, MembershipApplication

    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    APPLICATION.check(application, "submit")
    now = timezone_now()
    application.submitted_at = now
    if application.associate_on_submission:
        # A member of that name may have been created since the draft was saved.
        if Member.objects.filter(name__iexact=application.name.strip(), country=application.country).exclude(
            status=Member.Status.WITHDRAWN
        ).exists():
            raise ValidationError(_("%(name)s is already a WeGO member or applicant.") % {"name": application.name})
        today = now.date()
        member = _member_from_application(application, by=by, status=Member.Status.ACTIVE, joined_on=today)
        application.member = member
        application.status = MembershipApplication.Status.VERIFYING
        application.verification_due_on = today + timedelta(days=verification_days())
    else:
        application.status = MembershipApplication.Status.SUBMITTED
    application.save(update_fields=["status", "submitted_at", "member", "verification_due_on", "updated_at"])
    audit_record(
        actor=by, action="members.application.submitted", target=application,
        data={"status": application.status, "member": application.member_id,
              "verification_due_on": application.verification_due_on},
    )
    _notify_secretariat_of_application(application)
    _notify_applicant(application, template="members/email/application_submitted")
    return application


@transaction.atomic
def application_cancel(*, application, by):
    """The applicant withdraws a draft or submitted application (not one that already made a member)."""
    from .models import MembershipApplication

    APPLICATION.check(application, "cancel")
    application.status = MembershipApplication.Status.CANCELLED
    application.save(update_fields=["status", "updated_at"])
    audit_record(actor=by, action="members.application.cancelled", target=application)
    return application


@transaction.atomic
def application_accept(*, application, by):
    """Accept a submitted application: the organisation becomes a member and the applicant its focal point.

    Companies become active Corporate members; associations wait, as applicants for Friendship, for
    the Executive Committee's confirmation. A city's application submitted before cities became
    Associates on submission (still "submitted") is accepted as an active Associate member. A city's
    application under verification is not accepted: it is verified (`application_verify`).
    """
    from .models import Member, MembershipApplication

    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    APPLICATION.check(application, "accept")
    awaiting_committee = application.kind == Member.Kind.ASSOCIATION
    member = _member_from_application(
        application, by=by,
        status=Member.Status.APPLICANT if awaiting_committee else Member.Status.ACTIVE,
        joined_on=None if awaiting_committee else timezone_now().date(),
    )
    application.status = MembershipApplication.Status.ACCEPTED
    application.decided_at = timezone_now()
    application.decided_by = by
    application.member = member
    application.save(update_fields=["status", "decided_at", "decided_by", "member", "updated_at"])
    audit_record(actor=by, action="members.application.accepted", target=application, data={"member": member.pk})
    _notify_applicant(application)
    return application


@transaction.atomic
def application_verify(*, application, by, note: str = ""):
    """The Secretariat records that it has checked a city's application: the Associate membership
    stands (it no longer ends by a verification rejection). Possible after the period too."""
    from .models import MembershipApplication

    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    APPLICATION.check(application, "verify")
    application.status = MembershipApplication.Status.VERIFIED
    application.verified_at = timezone_now()
    application.verified_by = by
    application.verification_note = (note or "").strip()
    application.save(update_fields=["status", "verified_at", "verified_by", "verification_note", "updated_at"])
    audit_record(actor=by, action="members.application.verified", target=application,
                 data={"member": application.member_id, "note": application.verification_note,
                       "within_period": application.verification_due_on is not None
                       and timezone_now().date() <= application.verification_due_on})
    _notify_applicant(application)
    return application


@transaction.atomic
def application_reject(*, application, by, reason: str):
    """Reject an application with a reason the applicant sees.

    A submitted application (Friendship, Corporate) is simply rejected. A city's application under
    verification can be rejected until the verification period ends: its Associate membership is
    withdrawn (the reason recorded on the member) and the focal points are told why. After the
    period the membership stands, and the Secretariat uses suspension, or the member's withdrawal.
    """
    from .models import MembershipApplication

    if not reason or not reason.strip():
        raise ValidationError(_("Give the reason for the rejection: the applicant will read it."))
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    APPLICATION.check(application, "reject", today=timezone_now().date())
    if application.status == MembershipApplication.Status.VERIFYING:
        return _verification_reject(application=application, by=by, reason=reason.strip())
    application.status = MembershipApplication.Status.REJECTED
    application.rejection_reason = reason.strip()
    application.decided_at = timezone_now()
    application.decided_by = by
    application.save(update_fields=["status", "rejection_reason", "decided_at", "decided_by", "updated_at"])
    audit_record(actor=by, action="members.application.rejected", target=application, data={"reason": reason})
    _notify_applicant(application)
    return application


def _verification_reject(*, application, by, reason: str):
    """Within the period: reject the application and withdraw the Associate membership it made."""
    from .models import Member, MembershipApplication, WithdrawalRequest

    now = timezone_now()
    today = now.date()
    if application.member_id is None:
        raise ValidationError(_("This application has no member to withdraw."))
    member = _lock(application.member)
    if member.status not in (Member.Status.ACTIVE, Member.Status.SUSPENDED) or member.category != Member.Category.ASSOCIATE:
        _refuse(member, _("lose its Associate membership by a verification rejection"))
    old_status = member.status
    member.status = Member.Status.WITHDRAWN
    member.withdrawn_on = today
    member.status_reason = _("Membership application rejected by the Secretariat during verification: %(reason)s") % {
        "reason": reason
    }
    member.save(update_fields=["status", "withdrawn_on", "status_reason", "updated_at"])
    WithdrawalRequest.objects.filter(member=member, status=WithdrawalRequest.Status.PENDING).update(
        status=WithdrawalRequest.Status.CANCELLED, decided_at=now, decided_by=by
    )
    application.status = MembershipApplication.Status.REJECTED
    application.rejection_reason = reason
    application.decided_at = now
    application.decided_by = by
    application.save(update_fields=["status", "rejection_reason", "decided_at", "decided_by", "updated_at"])
    audit_record(actor=by, action="members.application.rejected", target=application,
                 data={"reason": reason, "in_verification": True, "member": member.pk,
                       "verification_due_on": application.verification_due_on})
    audit_record(actor=by, action="members.member.withdrawn", target=member,
                 data={"from": old_status, "reason": reason, "source": "verification_rejection",
                       "application": application.pk})
    recipients = {application.applicant.email, application.contact_email}
    recipients.update(_focal_point_emails(member))
    from wego.mail import queue_templated_email

    queue_templated_email(
        to=sorted(e for e in recipients if e), template="members/email/verification_rejected",
        context={"application": application, "member": member},
        language=application.applicant.preferred_language,
    )
    return application


def member_regional_office_assign(member) -> None:
    """Give a member without one the regional office that covers its region (if any)."""
    from .models import RegionalOffice

    if member.regional_office_id or not member.region:
        return
    for office in RegionalOffice.objects.all():
        if member.region in (office.regions or []):
            member.regional_office = office
            member.save(update_fields=["regional_office", "updated_at"])
            return


# --- Member transitions -------------------------------------------------------------------------


def _lock(member):
    from .models import Member

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
    from .models import Member, MembershipApplication, MembershipDecision

    if not reference or not reference.strip():
        raise ValidationError(_("Give the reference of the Executive Committee decision."))
    if decided_on is None:
        raise ValidationError(_("Give the date of the Executive Committee decision."))
    if decided_on > timezone_today():
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
    from .models import Member

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
    from .models import Member

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
    from .regions import Region, region_for_country

    derived = region_for_country(str(member.country))
    if region and region not in Region.values:
        raise ValidationError(_("Unknown region."))
    old = member.region
    member.region = region or derived
    member.region_overridden = bool(region) and region != derived
    member.save(update_fields=["region", "region_overridden", "updated_at"])
    audit_record(actor=by, action="members.member.region_set", target=member, data={"from": old, "to": member.region})
    return member


# --- Withdrawal -----------------------------------------------------------------------------------


@transaction.atomic
def withdrawal_request_submit(*, member, by, reason: str, effective_on):
    """A focal point asks to withdraw the member from WeGO."""
    from django.db import IntegrityError

    from .models import Member, WithdrawalRequest
    from .permissions import is_focal_point

    if not is_focal_point(by, member):
        raise ValidationError(_("Only a focal point can ask for the withdrawal of the member."))
    if member.status not in (Member.Status.ACTIVE, Member.Status.SUSPENDED):
        _refuse(member, _("withdraw"))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the withdrawal."))
    if effective_on < timezone_now().date():
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
    from .models import Member, WithdrawalRequest

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
    request.decided_at = timezone_now()
    request.decided_by = by
    request.save(update_fields=["status", "decided_at", "decided_by"])
    audit_record(actor=by, action="members.member.withdrawn", target=member, data={"effective_on": request.effective_on})
    _notify_focal_points(member, "members/email/withdrawal_confirmed", {"request": request})
    return request


@transaction.atomic
def withdrawal_cancel(*, request, by):
    """The focal point (or the Secretariat) cancels a pending request."""
    from .models import WithdrawalRequest

    if request.status != WithdrawalRequest.Status.PENDING:
        raise ValidationError(_("Only a pending request can be cancelled."))
    request.status = WithdrawalRequest.Status.CANCELLED
    request.decided_at = timezone_now()
    request.decided_by = by
    request.save(update_fields=["status", "decided_at", "decided_by"])
    audit_record(actor=by, action="members.withdrawal.cancelled", target=request.member)
    return request


# --- Officials, roles and invitations --------------------------------------------------------------


def _token_hash(token: str) -> str:
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_send(*, member, email: str, role: str, by, title: str = "", base_url: str = ""):
    """A focal point invites a colleague. Returns (invitation, link); the link works once, for 14 days."""
    import secrets
    from datetime import timedelta

    from .models import Affiliation, Invitation, Member
    from .permissions import can_manage_officials

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
    now = timezone_now()
    invitation = Invitation.objects.create(
        member=member, email=email, role=role, title=title, token_hash=_token_hash(token), invited_by=by,
        created_at=now, expires_at=now + timedelta(days=Invitation.VALID_DAYS),
    )
    audit_record(actor=by, action="members.invitation.sent", target=member, data={"email": email, "role": role})
    from django.urls import reverse

    link = f"{base_url}{reverse('members:invitation', args=[token])}"
    from wego.mail import queue_templated_email

    queue_templated_email(
        to=[email], template="members/email/invitation",
        context={"invitation": invitation, "link": link, "inviter": by, "member": member},
    )
    return invitation, link


def invitation_get(*, token: str):
    """The invitation behind a link, or None."""
    from .models import Invitation

    return Invitation.objects.select_related("member", "invited_by").filter(token_hash=_token_hash(token)).first()


@transaction.atomic
def invitation_accept(*, token: str, user):
    """The invited colleague, signed in with the invited address, joins the member with the role."""
    from .models import Invitation

    invitation = invitation_get(token=token)
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid."))
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has already been used."))
    if invitation.revoked_at:
        raise ValidationError(_("This invitation has been withdrawn by your focal point."))
    if invitation.expires_at <= timezone_now():
        raise ValidationError(_("This invitation has expired. Ask your focal point for a new one."))
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    affiliation = affiliation_add(member=invitation.member, user=user, role=invitation.role, title=invitation.title,
                                  by=user)
    invitation.accepted_at = timezone_now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(actor=user, action="members.invitation.accepted", target=invitation.member, data={"email": user.email})
    return affiliation


@transaction.atomic
def invitation_revoke(*, invitation, by):
    from .permissions import can_manage_officials

    if not can_manage_officials(by, invitation.member):
        raise ValidationError(_("Only a focal point can withdraw an invitation."))
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("This invitation can no longer be withdrawn."))
    invitation.revoked_at = timezone_now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(actor=by, action="members.invitation.revoked", target=invitation.member, data={"email": invitation.email})
    return invitation


def _focal_point_count(member, *, excluding=None) -> int:
    from .models import Affiliation

    qs = Affiliation.objects.select_for_update().filter(member=member, role=Affiliation.Role.FOCAL_POINT)
    if excluding is not None:
        qs = qs.exclude(pk=excluding.pk)
    return len(list(qs))


@transaction.atomic
def affiliation_set_role(*, affiliation, role: str, by):
    """Change an official's role. A member always keeps at least one focal point."""
    from .models import Affiliation
    from .permissions import can_manage_officials

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
    from .models import Affiliation
    from .permissions import can_manage_member, can_manage_officials

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
    from .models import Affiliation
    from .permissions import can_manage_officials

    if not can_manage_officials(by, affiliation.member):
        raise ValidationError(_("Only a focal point can remove officials."))
    if affiliation.role == Affiliation.Role.FOCAL_POINT and _focal_point_count(affiliation.member, excluding=affiliation) == 0:
        raise ValidationError(_("%(member)s must keep at least one focal point.") % {"member": affiliation.member.name})
    member, email = affiliation.member, affiliation.user.email
    affiliation.delete()
    audit_record(actor=by, action="members.affiliation.removed", target=member, data={"user": email})


# --- Notifications ---------------------------------------------------------------------------------


def timezone_now():
    from django.utils import timezone

    return timezone.now()


def timezone_today():
    """Today in the portal's time zone (Seoul), the day the callers pass as `decided_on`."""
    from django.utils import timezone

    return timezone.localdate()


def _secretariat_emails() -> list[str]:
    from .models import User

    return list(
        User.objects.filter(is_active=True, is_staff=True, groups__name=SECRETARIAT_GROUP).values_list("email", flat=True)
    )


def _notify_secretariat(*, subject: str, body: str) -> None:
    from wego.mail import queue_email

    queue_email(to=_secretariat_emails(), subject=f"[WeGO Portal] {subject}", body=body)


def _notify_secretariat_of_application(application) -> None:
    if application.status == application.Status.VERIFYING:
        body = _(
            "%(name)s (%(country)s) has applied for WeGO membership and is now an Associate member. Verify the "
            "application in the staff console: until %(date)s you may still reject it, which withdraws the membership."
        ) % {"name": application.name, "country": application.country.name,
             "date": application.verification_due_on.isoformat()}
    else:
        body = _("%(name)s (%(country)s) has applied for WeGO membership. Review it in the staff console.") % {
            "name": application.name, "country": application.country.name
        }
    _notify_secretariat(subject=_("New membership application: %(name)s") % {"name": application.name}, body=body)


def _notify_applicant(application, template: str = "members/email/application_decided") -> None:
    from wego.mail import queue_templated_email

    queue_templated_email(
        to=sorted({application.applicant.email, application.contact_email} - {""}),
        template=template,
        context={"application": application, "verification_days": verification_days()},
        language=application.applicant.preferred_language,
    )


def _focal_point_emails(member) -> list[str]:
    from .models import Affiliation

    return list(member.affiliations.filter(role=Affiliation.Role.FOCAL_POINT).values_list("user__email", flat=True))


def _notify_focal_points(member, template: str, context: dict) -> None:
    from wego.mail import queue_templated_email

    from .models import Affiliation

    for affiliation in member.affiliations.filter(role=Affiliation.Role.FOCAL_POINT).select_related("user"):
        queue_templated_email(
            to=[affiliation.user.email], template=template, context={"member": member, **context},
            language=affiliation.user.preferred_language,
        )
