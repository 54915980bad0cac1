"""The one helper every service calls to record a state change in the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from .models import AuditEntry


def _json_safe(data: dict[str, Any] | None) -> dict[str, Any]:
    import json

    if not data:
        return {}
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def audit_record(
    *,
    actor: Any = None,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record that `actor` did `action` to `target`.

    `actor` is a user, or None for the system (a Celery task, a command); a partner or any other
    principal is kept by its label. `data` holds the details (old and new values, reasons).
    """
    actor_user = actor if getattr(actor, "is_authenticated", False) and getattr(actor, "pk", None) else None
    if actor_user is not None:
        label = getattr(actor_user, "email", "") or str(actor_user)
    elif actor is None or not getattr(actor, "is_authenticated", True):
        label = "system" if actor is None else str(actor)
    else:
        label = str(actor)
    entry = AuditEntry(actor=actor_user, actor_label=label[:200], action=action, data=_json_safe(data))
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        entry.target_id = str(target.pk)
        entry.target_repr = str(target)[:255]
    entry.save()
    return entry
