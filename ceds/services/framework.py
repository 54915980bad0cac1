"""The CeDS framework: loading a version and the best-practice modules from ceds/data/, publishing, copying."""

from __future__ import annotations

from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wego.audit import audit_record

from ..loading import load_framework, load_modules, read_json
from ..models import (
    FrameworkVersion,
    Indicator,
    SystemItem,
)

__all__ = [
    "framework_load",
    "modules_load",
    "framework_publish",
    "framework_copy",
]


def _get_model(name: str):
    return django_apps.get_model("ceds", name)


# --- framework -----------------------------------------------------------------------------------


@transaction.atomic
def framework_load(*, path, by=None, publish: bool = True) -> FrameworkVersion:
    """Load (or update in place) the framework version described by a JSON file. Idempotent."""
    data = read_json(path)
    version = load_framework(data, get_model=_get_model, publish=publish)
    audit_record(actor=by, action="ceds.framework.loaded", target=version, data={"path": str(path)})
    return version


@transaction.atomic
def modules_load(*, path, by=None) -> int:
    """Load (or update) the best-practice modules of a JSON file. Idempotent."""
    count = load_modules(read_json(path), get_model=_get_model)
    audit_record(actor=by, action="ceds.modules.loaded", data={"path": str(path), "count": count})
    return count


@transaction.atomic
def framework_publish(*, version: FrameworkVersion, by) -> FrameworkVersion:
    """Publish a draft version: new investigations use it from now on; past ones keep theirs."""
    version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise ValidationError(_("This framework version is already published."))
    if not version.indicators.exists() or not version.system_items.exists():
        raise ValidationError(_("A version needs indicators and systems before it can be published."))
    version.status = FrameworkVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    audit_record(actor=by, action="ceds.framework.published", target=version)
    return version


@transaction.atomic
def framework_copy(*, version: FrameworkVersion, new_version: str, by) -> FrameworkVersion:
    """A new draft version copied from an existing one, to edit in the admin before publishing."""
    if FrameworkVersion.objects.filter(version=new_version).exists():
        raise ValidationError(_("Version %(v)s already exists.") % {"v": new_version})
    copy = FrameworkVersion.objects.create(
        version=new_version,
        title=version.title.replace(version.version, new_version),
        notice=version.notice,
        maturity_levels=version.maturity_levels,
        system_levels=version.system_levels,
    )
    dimensions = {}
    for d in version.dimensions.all():
        dimensions[d.pk] = d.__class__.objects.create(
            version=copy, code=d.code, name=d.name, side=d.side, description=d.description, order=d.order
        )
    for i in version.indicators.all():
        Indicator.objects.create(
            version=copy, dimension=dimensions[i.dimension_id], code=i.code, question=i.question,
            help_text=i.help_text, weight=i.weight, evidence=i.evidence, levels=i.levels, order=i.order,
        )
    groups = {}
    for g in version.system_groups.all():
        groups[g.pk] = g.__class__.objects.create(
            version=copy, code=g.code, name=g.name, description=g.description, order=g.order
        )
    items = {}
    originals = list(version.system_items.prefetch_related("requires"))
    for s in originals:
        items[s.code] = SystemItem.objects.create(
            version=copy, group=groups[s.group_id], code=s.code, name=s.name, question=s.question,
            help_text=s.help_text, weight=s.weight, stage=s.stage, order=s.order,
        )
    for s in originals:
        items[s.code].requires.set([items[r.code] for r in s.requires.all()])
    audit_record(actor=by, action="ceds.framework.copied", target=copy, data={"from": version.version})
    return copy
