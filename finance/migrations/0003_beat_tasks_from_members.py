"""The finance tasks moved from members/tasks.py to finance/tasks.py and are registered under their new
names (finance.tasks.…): the beat schedules stored by django-celery-beat follow (issue 13).

Only the `task` of the PeriodicTask rows changes; their schedules, arguments and enabled state stay
as the Secretariat left them. The reverse gives the old names back.
"""

from django.db import migrations
from django.utils import timezone

TASKS = ["fee_run_task", "fee_runs_resume_stale_task", "invoice_notify_task", "invoice_reminders_task"]


def _rename(apps, *, source: str, target: str) -> None:
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    changed = 0
    for name in TASKS:
        changed += PeriodicTask.objects.filter(task=f"{source}.tasks.{name}").update(task=f"{target}.tasks.{name}")
    if changed:  # a running beat re-reads its schedule when this row changes
        PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def forwards(apps, schema_editor):
    _rename(apps, source="members", target="finance")


def backwards(apps, schema_editor):
    _rename(apps, source="finance", target="members")


class Migration(migrations.Migration):

    dependencies = [
        ("finance", "0002_content_types_from_members"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
