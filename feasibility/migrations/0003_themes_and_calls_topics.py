# Topics (wego.Topic) on F/S themes and calls (issue 14, point 1).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('feasibility', '0002_private_storage_letters_reports_documents'),
        ('wego', '0002_topics'),
    ]

    operations = [
        migrations.AddField(
            model_name='call',
            name='topics',
            field=models.ManyToManyField(blank=True, help_text="What the call helps with; a call without topics of its own takes its theme's.", related_name='+', to='wego.topic', verbose_name='topics'),
        ),
        migrations.AddField(
            model_name='theme',
            name='topics',
            field=models.ManyToManyField(blank=True, related_name='+', to='wego.topic', verbose_name='topics'),
        ),
    ]
