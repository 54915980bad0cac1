"""The end of a session: attendance, certificates (codes in training.certificates), feedback."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wego.audit import audit_record

from ..certificates import CODE_ALPHABET, certificate_code_new, certificate_code_normalise
from ..models import (
    Application,
    Attendance,
    Certificate,
    Feedback,
    Session,
)
from ..selectors import participants_with_attendance
from .base import S, _lock_session, _notify, _require_organiser

__all__ = [
    "CODE_ALPHABET",
    "certificate_code_new",
    "certificate_code_normalise",
    "attendance_record",
    "certificates_issue",
    "certificate_revoke",
    "feedback_submit",
]

# --- Attendance and certificates -------------------------------------------------------------------------


@transaction.atomic
def attendance_record(*, session: Session, day: dt.date, present_ids: Iterable[int], by) -> int:
    """Record who of the accepted participants attended `day` (everyone else is absent that day)."""
    session = _lock_session(session)
    _require_organiser(by, session)
    if day not in session.days():
        raise ValidationError(_("%(day)s is not a day of this session.") % {"day": day.isoformat()})
    if day > timezone.localdate():
        raise ValidationError(_("Attendance cannot be recorded for a day still to come."))
    participants = list(session.applications.filter(status=S.ACCEPTED).values_list("pk", flat=True))
    present = set(present_ids)
    unknown = present - set(participants)
    if unknown:
        raise ValidationError(_("Only accepted participants can be marked present."))
    now = timezone.now()
    rows = [Attendance(application_id=pk, day=day, present=pk in present, recorded_by=by, recorded_at=now) for pk in participants]
    Attendance.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["application", "day"], update_fields=["present", "recorded_by", "recorded_at"]
    )
    audit_record(actor=by, action="training.attendance.recorded", target=session,
                 data={"day": day, "present": len(present), "participants": len(participants)})
    return len(present)



@transaction.atomic
def certificates_issue(*, session: Session, by) -> list[Certificate]:
    """Issue a certificate to every accepted participant whose attendance reaches the session's threshold.
    Safe to run again: participants who have one keep it; nobody gets two."""
    session = _lock_session(session)
    _require_organiser(by, session)
    if not session.has_started() or session.ends_on > timezone.localdate():
        raise ValidationError(_("Certificates are issued from the last day of the session."))
    issued = []
    for app in participants_with_attendance(session=session):
        if not app.eligible or app.has_certificate:  # type: ignore[attr-defined]  # annotated in SQL by the selector
            continue
        certificate = Certificate.objects.create(
            application=app,
            code=_unique_code(),
            participant_name=app.applicant.get_full_name(),
            organisation=app.organisation_name,
            program_name=session.program.name,
            session_title=session.title,
            starts_on=session.starts_on,
            ends_on=session.ends_on,
            days_attended=app.days_present,  # type: ignore[attr-defined]
            days_total=session.day_count,
            issued_by=by,
        )
        issued.append(certificate)
        audit_record(actor=by, action="training.certificate.issued", target=certificate, data={"application": app.pk})
        _notify(app.applicant, "certificate", {"certificate": certificate, "session": session})
    return issued


def _unique_code() -> str:
    while True:
        code = certificate_code_new()
        if not Certificate.objects.filter(code=code).exists():
            return code


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Revoke a certificate (issued in error): the public check then says it is not valid."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at:
        raise ValidationError(_("This certificate is already revoked."))
    if not reason.strip():
        raise ValidationError(_("Say why the certificate is revoked."))
    certificate.revoked_at = timezone.now()
    certificate.revoke_reason = reason
    certificate.save(update_fields=["revoked_at", "revoke_reason"])
    audit_record(actor=by, action="training.certificate.revoked", target=certificate, data={"reason": reason})
    return certificate


# --- Feedback --------------------------------------------------------------------------------------------


@transaction.atomic
def feedback_submit(*, application: Application, by, overall: int, content: int, speakers: int, organisation: int,
                    comment: str = "") -> Feedback:
    """A participant answers the short survey, once, from the session's last day."""
    if by is None or by.pk != application.applicant_id:
        raise PermissionDenied(_("Only the participant may give this feedback."))
    if application.status != S.ACCEPTED:
        raise ValidationError(_("Only participants of the session can give feedback."))
    if application.session.ends_on > timezone.localdate():
        raise ValidationError(_("The survey opens on the last day of the session."))
    feedback = Feedback(application=application, overall=overall, content=content, speakers=speakers,
                        organisation=organisation, comment=comment)
    feedback.full_clean(exclude=["application"])
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:
        raise ValidationError(_("You have already given your feedback on this session."))
    audit_record(actor=by, action="training.feedback.submitted", target=application, data={"overall": overall})
    return feedback
