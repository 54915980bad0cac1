"""The audit actions of finance. Their values keep the `members.` prefix they were recorded under before
finance became its own app, so that the log's history reads on.

Each value is recorded in wego.AuditEntry.action; the label is what the audit log shows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    DONATION_EDITED = "members.donation.edited", _("Donation edited")
    DONATION_RECORDED = "members.donation.recorded", _("Donation recorded")
    ECONOMY_EDITED = "members.economy.edited", _("Economy figures corrected")
    ECONOMY_IMPORTED = "members.economy.imported", _("Economy figures imported")
    FEE_RUN_DONE = "members.fee_run.done", _("Fee run done")
    FEE_RUN_FAILED = "members.fee_run.failed", _("Fee run failed")
    FEE_RUN_QUEUED = "members.fee_run.queued", _("Fee run queued")
    FEE_RUN_REQUEUED = "members.fee_run.requeued", _("Fee run queued again")
    FEE_RUN_RESUMED = "members.fee_run.resumed", _("Fee run resumed")
    FEE_RUN_TAKEN_OVER = "members.fee_run.taken_over", _("Fee run taken over")
    FEE_SCHEDULE_ADOPTED = "members.fee_schedule.adopted", _("Fee schedule adopted")
    FEE_SCHEDULE_COPIED = "members.fee_schedule.copied", _("Fee schedule copied")
    FEE_SCHEDULE_CREATED = "members.fee_schedule.created", _("Fee schedule created")
    FEE_SCHEDULE_SAVED = "members.fee_schedule.saved", _("Fee schedule saved")
    INVOICE_ISSUED = "members.invoice.issued", _("Invoice issued")
    INVOICE_REISSUED = "members.invoice.reissued", _("Invoice reissued")
    INVOICE_REMINDERS_SENT = "members.invoice.reminders_sent", _("Invoice reminders sent")
    PAYMENT_RECORDED = "members.payment.recorded", _("Payment recorded")
    REVENUE_EDITED = "members.revenue.edited", _("Other revenue edited")
    REVENUE_RECORDED = "members.revenue.recorded", _("Other revenue recorded")
