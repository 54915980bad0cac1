"""Link the framework 2026.1 and the 24 modules (loaded by 0002, before topics existed) to the topic
vocabulary, as ceds/data/framework_v1.json and modules.json name them."""

from django.db import migrations


def forwards(apps, schema_editor):
    from ceds.loading import FRAMEWORK_V1, MODULES_FILE, link_topics, read_json

    def get_model(name):
        return apps.get_model("ceds", name)

    link_topics(read_json(FRAMEWORK_V1), read_json(MODULES_FILE), get_model=get_model,
                topic_model=apps.get_model("wego", "Topic"))


class Migration(migrations.Migration):
    dependencies = [
        ("ceds", "0006_topics_action_notes_peer_requests"),
        ("wego", "0003_seed_topics"),
    ]

    # Backwards: the links go with the fields when 0006 is reversed.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
