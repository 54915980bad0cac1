"""Topics from the portal's vocabulary (wego.Topic) on programs and sessions (issue 14, point 1).

The program's free-text list of what it teaches keeps its data under a new name, `topic_notes`; the
name `topics` now means the vocabulary's topics, which the gap-to-help router matches."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("training", "0002_private_storage_support_attachments"),
        ("wego", "0002_topics"),
    ]

    operations = [
        migrations.RenameField(model_name="program", old_name="topics", new_name="topic_notes"),
        migrations.AlterField(
            model_name="program",
            name="topic_notes",
            field=models.TextField(
                blank=True, help_text="One subject per line, as the program's page lists them.",
                verbose_name="subjects taught",
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="topics",
            field=models.ManyToManyField(
                blank=True, related_name="+", to="wego.topic", verbose_name="topics",
                help_text="From the portal's topic list: the gaps of a city's CeDS results this program helps close.",
            ),
        ),
        migrations.AddField(
            model_name="session",
            name="topics",
            field=models.ManyToManyField(
                blank=True, related_name="+", to="wego.topic", verbose_name="topics",
                help_text="Empty: the program's topics. Set them when this session teaches something narrower or else.",
            ),
        ),
    ]
