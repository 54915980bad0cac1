"""The audit actions of the platform itself (the apps declare theirs in `<app>/audit.py`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    TOPIC_CREATED = "wego.topic.created", _("Topic created")
    TOPIC_UPDATED = "wego.topic.updated", _("Topic changed")
