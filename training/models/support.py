"""Remote technical support for eGovFrame alumni: a request, its thread of messages, attachments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wego.storage import private_storage

from ..validators import validate_support_attachment
from .programs import Session


class SupportRequest(models.Model):
    """An alumnus's question to the eGovFrame team after a training.

    open (waiting for the team) → answered (the team replied) → open again on a follow-up; either side
    may close it. `first_response_at` is the team's first answer, for the response-time figures.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="training_support_requests"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    session = models.ForeignKey(
        Session, verbose_name=_("training attended"), on_delete=models.PROTECT, related_name="support_requests"
    )
    subject = models.CharField(_("subject"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_at = models.DateTimeField(_("opened"), default=timezone.now, db_index=True)
    first_response_at = models.DateTimeField(_("first answer"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["-last_activity_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_response_at__isnull=True) | models.Q(first_response_at__gte=models.F("created_at")),
                name="training_support_answer_after_question",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("training:support-detail", args=[self.pk])


class SupportMessage(models.Model):
    """One message of a support thread: the question, a team answer or a follow-up."""

    request = models.ForeignKey(SupportRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    from_team = models.BooleanField(_("from the eGovFrame team"), default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("support message")
        verbose_name_plural = _("support messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request} — {self.author} {self.created_at:%Y-%m-%d %H:%M}"


class SupportAttachment(models.Model):
    """A file sent with a support message (screenshot, log, PDF, zipped source), checked by content."""

    message = models.ForeignKey(SupportMessage, verbose_name=_("message"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("file"), upload_to="training/support/%Y/%m/", validators=[validate_support_attachment],
        storage=private_storage,
    )
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
