# Signed application letters move to the private storage (wego.storage): no URL serves them.

from django.db import migrations, models

import wego.storage
import wego.validators


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0004_member_address_logo_limit"),
    ]

    operations = [
        migrations.AlterField(
            model_name="membershipapplication",
            name="letter",
            field=models.FileField(
                blank=True,
                storage=wego.storage.private_storage,
                upload_to="members/applications/",
                validators=[wego.validators.validate_pdf],
                verbose_name="signed application letter (PDF)",
            ),
        ),
    ]
