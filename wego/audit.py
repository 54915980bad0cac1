"""The audit log's vocabulary and the one helper every service calls to record a state change.

Each app declares the actions it records as choices in `<app>/audit.py`
(`class AuditAction(models.TextChoices)`, labels translatable) and registers them in its
AppConfig.ready() with `register_actions(app_label, AuditAction)`. `audit_record` takes a member
of such a class or its string value, and refuses anything that no app declared: the log speaks a
vocabulary, not free text. `wego` imports no app: the apps hand their vocabulary in.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from .models import AuditEntry

# value -> (app label, human label)
_actions: dict[str, tuple[str, Any]] = {}


def _pairs(choices: Any) -> Iterable[tuple[str, Any]]:
    if isinstance(choices, type) and issubclass(choices, enum.Enum):
        return [(str(member.value), getattr(member, "label", member.name)) for member in choices]
    return [(str(value), label) for value, label in choices]


def register_actions(app_label: str, choices: Any) -> None:
    """Declare the audit actions `app_label` records: a TextChoices class or (value, label) pairs.

    Registering the same vocabulary again is harmless; one value declared by two apps is an error."""
    for value, label in _pairs(choices):
        owner = _actions.get(value)
        if owner is not None and owner[0] != app_label:
            raise ImproperlyConfigured(
                f"audit action {value!r} is declared by both {owner[0]!r} and {app_label!r}"
            )
        _actions[value] = (app_label, label)


def declared_actions() -> dict[str, Any]:
    """Every declared action: value -> label (lazy translatable strings as declared)."""
    return {value: label for value, (_app, label) in _actions.items()}


def action_app(value: str) -> str | None:
    """The app that declared `value`, or None."""
    owner = _actions.get(value)
    return owner[0] if owner else None


def action_label(value: str) -> Any:
    """The label of a declared action; an entry recorded before the vocabulary keeps its raw value."""
    owner = _actions.get(value)
    return owner[1] if owner else value


def action_value(action: Any) -> str:
    """The string value of `action` (a declared member or its value); ValueError if undeclared."""
    value = str(action.value) if isinstance(action, enum.Enum) else action
    if not isinstance(value, str) or value not in _actions:
        raise ValueError(
            f"undeclared audit action {value!r}: declare it in its app's audit.AuditAction and register it "
            "in the app's ready() with wego.audit.register_actions"
        )
    return value


def _json_safe(data: dict[str, Any] | None) -> dict[str, Any]:
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

    `action` is a declared audit action (an app's AuditAction member or its value); anything else
    raises ValueError before anything is written. `actor` is a user, or None for the system (a
    Celery task, a command); a partner or any other principal is kept by its label. `data` holds the
    details (old and new values, reasons).
    """
    value = action_value(action)
    actor_user = actor if getattr(actor, "is_authenticated", False) and getattr(actor, "pk", None) else None
    if actor_user is not None:
        label = getattr(actor_user, "email", "") or str(actor_user)
    elif actor is None or not getattr(actor, "is_authenticated", True):
        label = "system" if actor is None else str(actor)
    else:
        label = str(actor)
    entry = AuditEntry(actor=actor_user, actor_label=label[:200], action=value, data=_json_safe(data))
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        entry.target_id = str(target.pk)
        entry.target_repr = str(target)[:255]
    entry.save()
    return entry
