"""The audit actions of training: programmes, sessions, applications, requests, support.

Each value is recorded in wego.AuditEntry.action; the label is what the audit log shows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    APPLICATION_ACCEPTED = "training.application.accepted", _("Training application accepted")
    APPLICATION_CHANGED = "training.application.changed", _("Training application details changed")
    APPLICATION_CANCELLED = "training.application.cancelled", _("Training application cancelled")
    APPLICATION_DECLINED = "training.application.declined", _("Training application declined")
    APPLICATION_NOMINATED = "training.application.nominated", _("Training application nominated")
    APPLICATION_NOT_NOMINATED = "training.application.not_nominated", _("Training application not nominated")
    APPLICATION_OFFERED = "training.application.offered", _("Training seat offered")
    APPLICATION_SUBMITTED = "training.application.submitted", _("Training application submitted")
    APPLICATION_WAITLISTED = "training.application.waitlisted", _("Training application waitlisted")
    ATTENDANCE_RECORDED = "training.attendance.recorded", _("Training attendance recorded")
    CERTIFICATE_ISSUED = "training.certificate.issued", _("Training certificate issued")
    CERTIFICATE_REVOKED = "training.certificate.revoked", _("Training certificate revoked")
    FEEDBACK_SUBMITTED = "training.feedback.submitted", _("Training feedback submitted")
    NOMINATIONS_RANKED = "training.nominations.ranked", _("Training nominations ranked")
    OFFER_ACCEPTED = "training.offer.accepted", _("Training seat offer accepted")
    OFFER_DECLINED = "training.offer.declined", _("Training seat offer declined")
    OFFER_LAPSED = "training.offer.lapsed", _("Training seat offer lapsed")
    PROGRAM_CHANGED = "training.program.changed", _("Training programme changed")
    PROGRAM_CREATED = "training.program.created", _("Training programme created")
    REQUEST_CHANGED = "training.request.changed", _("Training request changed")
    REQUEST_DECLINED = "training.request.declined", _("Training request declined")
    REQUEST_SCHEDULED = "training.request.scheduled", _("Training request scheduled")
    REQUEST_SUBMITTED = "training.request.submitted", _("Training request submitted")
    REQUEST_WITHDRAWN = "training.request.withdrawn", _("Training request withdrawn")
    SESSION_ALLOCATED = "training.session.allocated", _("Training seats allocated")
    SESSION_AGENDA_CHANGED = "training.session.agenda_changed", _("Training session agenda changed")
    SESSION_CANCELLED = "training.session.cancelled", _("Training session cancelled")
    SESSION_CHANGED = "training.session.changed", _("Training session changed")
    SESSION_CREATED = "training.session.created", _("Training session created")
    SESSION_PUBLISHED = "training.session.published", _("Training session published")
    SUPPORT_CLOSED = "training.support.closed", _("Remote support closed")
    SUPPORT_OPENED = "training.support.opened", _("Remote support opened")
    SUPPORT_REPLIED = "training.support.replied", _("Remote support replied")
