"""The CeDS framework: loading a version and the best-practice modules from ceds/data/, publishing, copying."""

from __future__ import annotations

from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wego.audit import audit_record
from wego.models import Topic

from ..loading import link_topics, load_framework, load_modules, read_json
from ..models import (
    Dimension,
    FrameworkVersion,
    Indicator,
    SystemGroup,
    SystemItem,
)
from ..workflows import FRAMEWORK

__all__ = [
    "framework_load",
    "modules_load",
    "framework_publish",
    "framework_copy",
    "framework_version_save",
    "framework_version_delete",
    "framework_row_save",
    "framework_row_delete",
]

FrameworkRow = Dimension | Indicator | SystemGroup | SystemItem


def _get_model(name: str):
    return django_apps.get_model("ceds", name)


# --- framework -----------------------------------------------------------------------------------


@transaction.atomic
def framework_load(*, path, by=None, publish: bool = True) -> FrameworkVersion:
    """Load (or update in place) the framework version described by a JSON file. Idempotent."""
    data = read_json(path)
    version = load_framework(data, get_model=_get_model, publish=publish)
    link_topics(data, None, get_model=_get_model, topic_model=Topic)
    audit_record(actor=by, action="ceds.framework.loaded", target=version, data={"path": str(path)})
    return version


@transaction.atomic
def modules_load(*, path, by=None) -> int:
    """Load (or update) the best-practice modules of a JSON file. Idempotent."""
    data = read_json(path)
    count = load_modules(data, get_model=_get_model)
    link_topics(None, data, get_model=_get_model, topic_model=Topic)
    audit_record(actor=by, action="ceds.modules.loaded", data={"path": str(path), "count": count})
    return count


@transaction.atomic
def framework_publish(*, version: FrameworkVersion, by) -> FrameworkVersion:
    """Publish a draft version: new investigations use it from now on; past ones keep theirs."""
    version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    FRAMEWORK.check(version, "publish")
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
    # Topics are part of the version: the copy starts with the same links, edited with the draft.
    dimensions = {}
    for d in version.dimensions.prefetch_related("topics"):
        dimensions[d.pk] = d.__class__.objects.create(
            version=copy, code=d.code, name=d.name, side=d.side, description=d.description, order=d.order
        )
        dimensions[d.pk].topics.set(d.topics.all())
    for i in version.indicators.prefetch_related("topics"):
        new = Indicator.objects.create(
            version=copy, dimension=dimensions[i.dimension_id], code=i.code, question=i.question,
            help_text=i.help_text, weight=i.weight, evidence=i.evidence, levels=i.levels, order=i.order,
        )
        new.topics.set(i.topics.all())
    groups = {}
    for g in version.system_groups.prefetch_related("topics"):
        groups[g.pk] = g.__class__.objects.create(
            version=copy, code=g.code, name=g.name, description=g.description, order=g.order
        )
        groups[g.pk].topics.set(g.topics.all())
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


# --- editing a draft (the Secretariat, in the admin) ----------------------------------------------


def _frozen(version: FrameworkVersion) -> ValidationError:
    return ValidationError(
        _("%(version)s is published: its dimensions, questions and systems can no longer change, so that the "
          "results computed with it stay explainable. Copy it as a new draft version and edit the copy.")
        % {"version": version}
    )


def _lock_draft_version(version_id: int) -> FrameworkVersion:
    version = FrameworkVersion.objects.select_for_update().get(pk=version_id)
    if version.is_published:
        raise _frozen(version)
    return version


@transaction.atomic
def framework_version_save(*, version: FrameworkVersion, changed: list[str], by) -> FrameworkVersion:
    """Create a draft version, or change the title, notice or levels of a draft (the admin's form,
    already validated). A published version is refused; a save without a change writes nothing."""
    creating = version.pk is None
    if not creating:
        if not changed:
            return version
        _lock_draft_version(version.pk)
    else:
        version.status = FrameworkVersion.Status.DRAFT
        version.published_at = None
    version.save()
    audit_record(actor=by, action="ceds.framework.edited", target=version,
                 data={"created": creating, "fields": sorted(changed)})
    return version


@transaction.atomic
def framework_version_delete(*, version: FrameworkVersion, by) -> None:
    """Delete a draft version that no investigation uses (with its dimensions, questions and systems)."""
    locked = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if locked.is_published:
        raise ValidationError(
            _("%(version)s is published: it is kept, so that the results computed with it stay explainable.")
            % {"version": locked}
        )
    if locked.investigations.exists():
        raise ValidationError(
            _("Investigations use %(version)s: it is kept, so that their results stay explainable.") % {"version": locked}
        )
    audit_record(actor=by, action="ceds.framework.deleted", target=locked, data={"version": locked.version})
    locked.delete()


def _check_row(row: FrameworkRow, requires) -> None:
    if isinstance(row, Indicator) and row.dimension.version_id != row.version_id:
        raise ValidationError(_("The dimension belongs to another framework version."))
    if isinstance(row, SystemItem):
        if row.group.version_id != row.version_id:
            raise ValidationError(_("The group belongs to another framework version."))
        if any(item.version_id != row.version_id for item in requires or []):
            raise ValidationError(_("A system can only build on systems of the same framework version."))


@transaction.atomic
def framework_row_save(*, row: FrameworkRow, changed: list[str], by, requires=None) -> FrameworkRow:
    """Create or change a dimension, indicator, system group or system of a draft version (the admin's
    form, already validated); `requires` (for a system) are the systems it builds on. Rows of a
    published version are refused; a save without a change writes nothing."""
    creating = row.pk is None
    changed = list(changed)
    if requires is not None and not creating and isinstance(row, SystemItem):
        if {item.pk for item in requires} == set(row.requires.values_list("pk", flat=True)):
            changed = [name for name in changed if name != "requires"]
        elif "requires" not in changed:
            changed.append("requires")
    if not creating and not changed:
        return row
    model = type(row)
    versions = {row.version_id}
    if not creating:
        versions |= set(model.objects.filter(pk=row.pk).values_list("version_id", flat=True))
    locked = {pk: _lock_draft_version(pk) for pk in sorted(versions)}
    _check_row(row, requires)
    row.save()
    if requires is not None and isinstance(row, SystemItem):
        row.requires.set(requires)
    audit_record(actor=by, action="ceds.framework.edited", target=locked[row.version_id],
                 data={"row": model._meta.model_name, "code": row.code, "created": creating,
                       "fields": sorted(changed)})
    return row


@transaction.atomic
def framework_row_delete(*, row: FrameworkRow, by) -> None:
    """Delete a dimension, indicator, system group or system of a draft version (a dimension or a
    group takes its questions or systems with it)."""
    version = _lock_draft_version(row.version_id)
    if version.investigations.exists():
        raise ValidationError(
            _("Investigations use %(version)s: it is kept, so that their results stay explainable.") % {"version": version}
        )
    audit_record(actor=by, action="ceds.framework.edited", target=version,
                 data={"row": type(row)._meta.model_name, "code": row.code, "deleted": True})
    row.delete()
