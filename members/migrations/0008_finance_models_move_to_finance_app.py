"""The finance models move to the finance app (issue 13): removed from the members app's state only.

No table changes: finance 0001 takes the same models into its state with `db_table = "members_…"`.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0007_application_verification_period'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(
                    name='CountryEconomy',
                ),
                migrations.RemoveField(
                    model_name='countrytier',
                    name='schedule',
                ),
                migrations.RemoveField(
                    model_name='feeamount',
                    name='tier',
                ),
                migrations.RemoveField(
                    model_name='donation',
                    name='donor_member',
                ),
                migrations.RemoveField(
                    model_name='donation',
                    name='donor_partner',
                ),
                migrations.RemoveField(
                    model_name='feeamount',
                    name='band',
                ),
                migrations.RemoveField(
                    model_name='feeamount',
                    name='schedule',
                ),
                migrations.RemoveField(
                    model_name='feerun',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='invoice',
                    name='fee_run',
                ),
                migrations.RemoveField(
                    model_name='populationband',
                    name='schedule',
                ),
                migrations.RemoveField(
                    model_name='invoice',
                    name='credits',
                ),
                migrations.RemoveField(
                    model_name='invoice',
                    name='member',
                ),
                migrations.RemoveField(
                    model_name='payment',
                    name='invoice',
                ),
                migrations.DeleteModel(
                    name='InvoiceSequence',
                ),
                migrations.DeleteModel(
                    name='OtherRevenue',
                ),
                migrations.RemoveField(
                    model_name='payment',
                    name='recorded_by',
                ),
                migrations.DeleteModel(
                    name='CountryTier',
                ),
                migrations.DeleteModel(
                    name='Donation',
                ),
                migrations.DeleteModel(
                    name='FeeAmount',
                ),
                migrations.DeleteModel(
                    name='FeeRun',
                ),
                migrations.DeleteModel(
                    name='FeeSchedule',
                ),
                migrations.DeleteModel(
                    name='PopulationBand',
                ),
                migrations.DeleteModel(
                    name='Invoice',
                ),
                migrations.DeleteModel(
                    name='Payment',
                ),
            ],
        ),
    ]
