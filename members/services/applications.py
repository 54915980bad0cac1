"""Membership applications, from draft to the Secretariat's decision (the table is members.workflows).

Cities and institutions become Associate members on submission, under verification; associations and
companies wait for the Secretariat to accept them.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wego.audit import audit_record
from wego.mail import queue_templated_email

from ..models import Affiliation, Member, MembershipApplication, WithdrawalRequest, normalise_name
from ..workflows import APPLICATION
from . import clock
from .members import _lock, _refuse, member_create, member_regional_office_assign
from .notifications import _focal_point_emails, _notify_secretariat
from .officials import affiliation_add

__all__ = [
    "APPLICATION_FIELDS",
    "application_accept",
    "application_cancel",
    "application_reject",
    "application_save_draft",
    "application_submit",
    "application_verify",
    "verification_days",
]


APPLICATION_FIELDS = (
    "name", "name_local", "kind", "country", "population", "population_year", "population_source", "website",
    "official_languages", "motivation", "contact_name", "contact_title", "contact_email", "contact_phone",
    "second_contact_name", "second_contact_email",
)


def verification_days() -> int:
    """The verification period: days after submission during which the Secretariat may still reject
    a city's application (``MEMBERSHIP_VERIFICATION_DAYS``, default 30)."""
    return max(0, int(getattr(settings, "MEMBERSHIP_VERIFICATION_DAYS", 30)))


def _refuse_duplicate_application(*, name: str, country: str, exclude_pk=None) -> None:
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
    if Member.objects.current().filter(name__iexact=name.strip(), country=country).exists():
        raise ValidationError(_("%(name)s is already a WeGO member or applicant.") % {"name": name})


@transaction.atomic
def application_save_draft(*, applicant, data: dict, letter=None, application=None):
    """Create or update a draft application; nothing is sent to the Secretariat yet."""
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
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    APPLICATION.check(application, "submit")
    now = clock.now()
    application.submitted_at = now
    if application.associate_on_submission:
        # A member of that name may have been created since the draft was saved.
        if Member.objects.current().filter(name__iexact=application.name.strip(), country=application.country).exists():
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
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    APPLICATION.check(application, "accept")
    awaiting_committee = application.kind == Member.Kind.ASSOCIATION
    member = _member_from_application(
        application, by=by,
        status=Member.Status.APPLICANT if awaiting_committee else Member.Status.ACTIVE,
        joined_on=None if awaiting_committee else clock.now().date(),
    )
    application.status = MembershipApplication.Status.ACCEPTED
    application.decided_at = clock.now()
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
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    APPLICATION.check(application, "verify")
    application.status = MembershipApplication.Status.VERIFIED
    application.verified_at = clock.now()
    application.verified_by = by
    application.verification_note = (note or "").strip()
    application.save(update_fields=["status", "verified_at", "verified_by", "verification_note", "updated_at"])
    audit_record(actor=by, action="members.application.verified", target=application,
                 data={"member": application.member_id, "note": application.verification_note,
                       "within_period": application.verification_due_on is not None
                       and clock.now().date() <= application.verification_due_on})
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
    if not reason or not reason.strip():
        raise ValidationError(_("Give the reason for the rejection: the applicant will read it."))
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    APPLICATION.check(application, "reject", today=clock.now().date())
    if application.status == MembershipApplication.Status.VERIFYING:
        return _verification_reject(application=application, by=by, reason=reason.strip())
    application.status = MembershipApplication.Status.REJECTED
    application.rejection_reason = reason.strip()
    application.decided_at = clock.now()
    application.decided_by = by
    application.save(update_fields=["status", "rejection_reason", "decided_at", "decided_by", "updated_at"])
    audit_record(actor=by, action="members.application.rejected", target=application, data={"reason": reason})
    _notify_applicant(application)
    return application


def _verification_reject(*, application, by, reason: str):
    """Within the period: reject the application and withdraw the Associate membership it made."""
    now = clock.now()
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
    queue_templated_email(
        to=sorted(e for e in recipients if e), template="members/email/verification_rejected",
        context={"application": application, "member": member},
        language=application.applicant.preferred_language,
    )
    return application


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
    queue_templated_email(
        to=sorted({application.applicant.email, application.contact_email} - {""}),
        template=template,
        context={"application": application, "verification_days": verification_days()},
        language=application.applicant.preferred_language,
    )
