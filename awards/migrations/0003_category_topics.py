# Topics (wego.Topic) on award categories (issue 14, point 1).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0002_private_storage_entry_files'),
        ('wego', '0002_topics'),
    ]

    operations = [
        migrations.AddField(
            model_name='category',
            name='topics',
            field=models.ManyToManyField(blank=True, help_text="What the category's practices help with; the gap-to-help router offers its winners for them.", related_name='+', to='wego.topic', verbose_name='topics'),
        ),
    ]
