"""The content types of the moved models follow them: app_label "members" becomes "finance" (issue 13).

A content type row keeps its id, so everything pointing to it keeps pointing to it: the audit log's
targets (wego.AuditEntry.target_type), the admin's history (LogEntry) and the permissions, which
become "finance.view_invoice" and so on, still granted to the same groups and users.

On a new database there is nothing to rename (content types are created after the migrations). If
both rows exist (a database migrated back and forth, where post_migrate created the new app's rows
meanwhile), whatever points to the newer, empty-handed row is moved to the old one, which is kept.
The reverse renames them back.
"""

from django.db import migrations

MODELS = [
    "countryeconomy", "feeschedule", "countrytier", "populationband", "feeamount", "feerun",
    "invoicesequence", "invoice", "payment", "donation", "otherrevenue",
]


def _merge(apps, *, keep, drop) -> None:
    """Point everything that refers to content type `drop` at `keep`, then delete `drop`."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(content_type=drop):
        twin = Permission.objects.filter(content_type=keep, codename=permission.codename).first()
        if twin is None:
            permission.content_type = keep
            permission.save(update_fields=["content_type"])
            continue
        twin.group_set.add(*permission.group_set.all())
        twin.user_set.add(*permission.user_set.all())
        permission.delete()
    for model in apps.get_models():
        if model is Permission:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is ContentType:
                model._base_manager.filter(**{field.name: drop}).update(**{field.name: keep})
    drop.delete()


def _move(apps, *, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for name in MODELS:
        old = ContentType.objects.filter(app_label=source, model=name).first()
        if old is None:
            continue
        existing = ContentType.objects.filter(app_label=target, model=name).first()
        if existing is not None:
            _merge(apps, keep=old, drop=existing)
        old.app_label = target
        old.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _move(apps, source="members", target="finance")


def backwards(apps, schema_editor):
    _move(apps, source="finance", target="members")


class Migration(migrations.Migration):

    dependencies = [
        ("finance", "0001_finance_models_from_members"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("wego", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
