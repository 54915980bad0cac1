"""Remote technical support for the alumni of a session: requests, replies with attachments, closing."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wego.audit import audit_record

from ..models import (
    Session,
    SupportAttachment,
    SupportMessage,
    SupportRequest,
)
from ..permissions import can_view_support_request, is_support_answerer
from ..validators import SUPPORT_MAX_FILES, validate_support_attachment
from ..workflows import SUPPORT
from .base import S, _notify

__all__ = [
    "support_sessions_for",
    "support_request_open",
    "support_reply",
    "support_close",
]

# --- Remote technical support ----------------------------------------------------------------------------


def support_sessions_for(*, user) -> list[Session]:
    """The ended sessions with remote support that `user` took part in (what makes them alumni)."""
    return list(
        Session.objects.filter(
            program__offers_remote_support=True,
            ends_on__lte=timezone.localdate(),
            applications__applicant=user,
            applications__status=S.ACCEPTED,
        ).select_related("program").distinct().order_by("-starts_on")
    )


def _attach(message: SupportMessage, files) -> None:
    files = [f for f in (files or []) if f]
    if len(files) > SUPPORT_MAX_FILES:
        raise ValidationError(_("Send at most %(n)s files with one message.") % {"n": SUPPORT_MAX_FILES})
    for upload in files:
        validate_support_attachment(upload)
        SupportAttachment.objects.create(message=message, file=upload, name=str(upload.name)[:200], size=upload.size)


@transaction.atomic
def support_request_open(*, requester, session: Session, subject: str, question: str, files=None) -> SupportRequest:
    """An alumnus of a training with remote support asks the eGovFrame team a question."""
    if session.pk not in {s.pk for s in support_sessions_for(user=requester)}:
        raise ValidationError(_("Remote support is for participants of an eGovFrame training that has taken place."))
    application = session.applications.filter(applicant=requester, status=S.ACCEPTED).first()
    now = timezone.now()
    request = SupportRequest.objects.create(
        requester=requester, member=application.member if application else None, session=session,
        subject=subject.strip(), created_at=now, last_activity_at=now,
    )
    message = SupportMessage.objects.create(request=request, author=requester, body=question, created_at=now)
    _attach(message, files)
    audit_record(actor=requester, action="training.support.opened", target=request)
    return request


@transaction.atomic
def support_reply(*, request: SupportRequest, by, body: str, files=None) -> SupportMessage:
    """Add a message to a thread. A team answer marks the request answered (and times the first answer);
    the alumnus's follow-up opens it again. A closed request takes no more messages."""
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    from_team = bool(is_support_answerer(by, request))
    if not from_team and by.pk != request.requester_id:
        raise PermissionDenied(_("Only the requester and the eGovFrame team may write here."))
    SUPPORT.check(request, "answer" if from_team else "follow_up")
    if not body.strip():
        raise ValidationError(_("Write a message."))
    now = timezone.now()
    message = SupportMessage.objects.create(request=request, author=by, body=body, from_team=from_team, created_at=now)
    _attach(message, files)
    request.last_activity_at = now
    if from_team:
        request.status = SupportRequest.Status.ANSWERED
        if request.first_response_at is None:
            request.first_response_at = now
        _notify(request.requester, "support_answer", {"request": request})
    else:
        request.status = SupportRequest.Status.OPEN
    request.save(update_fields=["status", "first_response_at", "last_activity_at"])
    audit_record(actor=by, action="training.support.replied", target=request, data={"from_team": from_team})
    return message


@transaction.atomic
def support_close(*, request: SupportRequest, by) -> SupportRequest:
    """Close a request (the alumnus or the team)."""
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if not can_view_support_request(by, request):
        raise PermissionDenied(_("Only the requester and the eGovFrame team may close this request."))
    SUPPORT.check(request, "close")
    request.status = SupportRequest.Status.CLOSED
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "closed_at"])
    audit_record(actor=by, action="training.support.closed", target=request)
    return request
