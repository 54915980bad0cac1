"""Load the portal's framework 2026.1 (ceds/data/framework_v1.json) and the 24 modules (modules.json).

The loader functions live in ceds.loading and take the historical models, so that this migration
keeps working when the models change later. The reverse removes what was loaded (a version that
investigations point at is kept).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from ceds.loading import FRAMEWORK_V1, MODULES_FILE, load_framework, load_modules, read_json

    def get_model(name):
        return apps.get_model("ceds", name)

    load_framework(read_json(FRAMEWORK_V1), get_model=get_model, publish=True)
    load_modules(read_json(MODULES_FILE), get_model=get_model)


def backwards(apps, schema_editor):
    from ceds.loading import FRAMEWORK_V1, MODULES_FILE, read_json, unload_framework, unload_modules

    def get_model(name):
        return apps.get_model("ceds", name)

    unload_modules(read_json(MODULES_FILE), get_model=get_model)
    unload_framework(read_json(FRAMEWORK_V1)["version"], get_model=get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("ceds", "0001_framework_investigations_reports_library"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
