"""The topic vocabulary (wego.Topic): its writes (keyword-only, atomic, audited) and reads.

Every app that offers help or has gaps carries topics from this one list; the Secretariat edits it in
the admin. Topics are matched by code, so a renamed topic keeps its links."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .actions import AuditAction
from .audit import audit_record
from .models import Topic

FIELDS = ("code", "name", "description", "order", "is_active")


@transaction.atomic
def topic_save(
    *, by, topic: Topic | None = None, code: str = "", name: str, description: str = "", order: int = 0,
    is_active: bool = True,
) -> Topic:
    """Create a topic, or change one (`topic=`). The code is a slug, unique; it defaults to the name's."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the topic a name.")})
    code = slugify(code or name)[:50]
    if not code:
        raise ValidationError({"code": _("Give the topic a code of letters, digits and hyphens, e.g. open-data.")})
    same_code = Topic.objects.filter(code=code)
    if topic is not None and topic.pk is not None:
        same_code = same_code.exclude(pk=topic.pk)
    clash = same_code.first()
    if clash is not None:
        raise ValidationError({"code": _("The code %(code)s is already used by the topic “%(name)s”; choose another.")
                               % {"code": code, "name": clash.name}})
    values = {"code": code, "name": name, "description": description or "", "order": order, "is_active": is_active}
    if topic is None or topic.pk is None:
        topic = Topic.objects.create(**values)
        audit_record(actor=by, action=AuditAction.TOPIC_CREATED, target=topic, data=values)
        return topic
    before = Topic.objects.get(pk=topic.pk)
    changed = {k: v for k, v in values.items() if getattr(before, k) != v}
    for key, value in values.items():
        setattr(topic, key, value)
    topic.save()
    if changed:
        audit_record(actor=by, action=AuditAction.TOPIC_UPDATED, target=topic, data=changed)
    return topic


def topics_active() -> QuerySet[Topic]:
    return Topic.objects.filter(is_active=True)


def topics_for_codes(codes: Iterable[str]) -> QuerySet[Topic]:
    """The active topics among `codes` (unknown or retired codes are left out)."""
    return topics_active().filter(code__in=list(codes))


def topic_codes_check(codes: Iterable[str]) -> list[str]:
    """The codes, refused with a plain message naming those that are not in the vocabulary."""
    codes = [c for c in dict.fromkeys(codes) if c]
    known = set(Topic.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValidationError(_("Unknown topic: %(codes)s. The topics are listed in the admin (Portal platform → Topics).")
                              % {"codes": ", ".join(unknown)})
    return codes
