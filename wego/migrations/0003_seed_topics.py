"""The portal's topic vocabulary (wego/data/topics.json): 17 topics the CeDS framework, the programs,
calls, award categories and modules are linked to. Topics already there are left as they are; the
reverse removes only topics nothing links to any more."""

import json
from pathlib import Path

from django.db import migrations

TOPICS_FILE = Path(__file__).resolve().parent.parent / "data" / "topics.json"


def forwards(apps, schema_editor):
    Topic = apps.get_model("wego", "Topic")
    have = set(Topic.objects.values_list("code", flat=True))
    rows = json.loads(TOPICS_FILE.read_text(encoding="utf-8"))["topics"]
    Topic.objects.bulk_create([
        Topic(code=row["code"], name=row["name"], description=row.get("description", ""), order=order * 10)
        for order, row in enumerate(rows, start=1)
        if row["code"] not in have
    ])


def backwards(apps, schema_editor):
    Topic = apps.get_model("wego", "Topic")
    rows = json.loads(TOPICS_FILE.read_text(encoding="utf-8"))["topics"]
    Topic.objects.filter(code__in=[row["code"] for row in rows]).delete()


class Migration(migrations.Migration):
    dependencies = [("wego", "0002_topics")]

    operations = [migrations.RunPython(forwards, backwards)]
