"""The finance models, taken over from the members app (issue 13): created in this app's state only.

The tables were created by members 0003 (and altered by members 0006) and keep their names
(`db_table = "members_…"`); members 0008 removed the models from the members app's state.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import django_countries.fields
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('members', '0008_finance_models_move_to_finance_app'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='FeeSchedule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(unique=True, verbose_name='year')),
                        ('status', models.CharField(choices=[('example', 'Example (not adopted)'), ('adopted', 'Adopted')], default='example', max_length=20, verbose_name='status')),
                        ('notes', models.TextField(blank=True, verbose_name='notes')),
                        ('associate_rule', models.CharField(choices=[('same', 'Same as Full members'), ('percent', 'A percentage of the Full fee'), ('none', 'No fee')], default='percent', max_length=20, verbose_name='rule for Associate members')),
                        ('associate_percent', models.DecimalField(decimal_places=2, default=Decimal('50'), max_digits=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='Associate percentage')),
                        ('friendship_fee', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=14, verbose_name='Friendship member fee (USD)')),
                        ('corporate_fee', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=14, verbose_name='Corporate member fee (USD)')),
                        ('institution_fee', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=14, verbose_name='National institution fee (USD)')),
                        ('pro_rata', models.BooleanField(default=True, verbose_name='pro rata by month for members joining during the year')),
                        ('payment_days', models.PositiveSmallIntegerField(default=90, verbose_name='days to pay')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                    ],
                    options={
                        'verbose_name': 'fee schedule',
                        'verbose_name_plural': 'fee schedules',
                        'db_table': 'members_feeschedule',
                        'ordering': ['-year'],
                    },
                ),
                migrations.CreateModel(
                    name='InvoiceSequence',
                    fields=[
                        ('year', models.PositiveSmallIntegerField(primary_key=True, serialize=False)),
                        ('last_number', models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        'verbose_name': 'invoice sequence',
                        'verbose_name_plural': 'invoice sequences',
                        'db_table': 'members_invoicesequence',
                    },
                ),
                migrations.CreateModel(
                    name='OtherRevenue',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('description', models.CharField(max_length=300, verbose_name='description')),
                        ('source', models.CharField(blank=True, max_length=200, verbose_name='source')),
                        ('amount_usd', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(0)], verbose_name='amount in USD')),
                        ('received_on', models.DateField(verbose_name='received on')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded')),
                    ],
                    options={
                        'verbose_name': 'other revenue',
                        'verbose_name_plural': 'other revenue',
                        'db_table': 'members_otherrevenue',
                        'ordering': ['-received_on'],
                    },
                ),
                migrations.CreateModel(
                    name='CountryEconomy',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('country', django_countries.fields.CountryField(max_length=2, verbose_name='country')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('gdp_ppp_per_capita', models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True, verbose_name='GDP per capita, PPP (current international $)')),
                        ('population_millions', models.DecimalField(blank=True, decimal_places=3, max_digits=12, null=True, verbose_name='population (millions)')),
                        ('is_estimate', models.BooleanField(default=False, verbose_name='IMF estimate')),
                        ('source', models.CharField(help_text="The WEO file imported, or 'entered by hand'.", max_length=255, verbose_name='source')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ],
                    options={
                        'verbose_name': 'country economy figure',
                        'verbose_name_plural': 'country economy data',
                        'db_table': 'members_countryeconomy',
                        'ordering': ['country', '-year'],
                        'constraints': [models.UniqueConstraint(fields=('country', 'year'), name='economy_one_per_country_year')],
                    },
                ),
                migrations.CreateModel(
                    name='FeeRun',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('heartbeat_at', models.DateTimeField(blank=True, null=True, verbose_name='last heartbeat')),
                        ('worker', models.CharField(blank=True, help_text='The worker that holds the run while it is running.', max_length=200, verbose_name='worker')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='fee year')),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=20, verbose_name='status')),
                        ('total', models.PositiveIntegerField(default=0, verbose_name='members to price')),
                        ('processed', models.PositiveIntegerField(default=0, verbose_name='members processed')),
                        ('created_count', models.PositiveIntegerField(default=0, verbose_name='invoices created')),
                        ('unchanged_count', models.PositiveIntegerField(default=0, verbose_name='already invoiced, unchanged')),
                        ('unpriced', models.JSONField(blank=True, default=list, verbose_name='members that could not be priced')),
                        ('not_billed', models.JSONField(blank=True, default=list, verbose_name='members with no fee this year')),
                        ('differences', models.JSONField(blank=True, default=list, verbose_name='invoices whose inputs changed')),
                        ('error', models.TextField(blank=True, verbose_name='error')),
                        ('last_member_id', models.PositiveBigIntegerField(default=0, help_text='A resumed run continues after this member.', verbose_name='last member processed')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='workers that took the run')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='queued')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='started by')),
                    ],
                    options={
                        'verbose_name': 'fee run',
                        'verbose_name_plural': 'fee runs',
                        'db_table': 'members_feerun',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='CountryTier',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=10, verbose_name='code')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('min_gdp_ppp', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='from GDP per capita PPP (inclusive)')),
                        ('schedule', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tiers', to='finance.feeschedule', verbose_name='schedule')),
                    ],
                    options={
                        'verbose_name': 'country tier',
                        'verbose_name_plural': 'country tiers',
                        'db_table': 'members_countrytier',
                        'ordering': ['schedule', 'min_gdp_ppp'],
                    },
                ),
                migrations.CreateModel(
                    name='Invoice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.CharField(max_length=20, unique=True, verbose_name='number')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='numbering year')),
                        ('sequence', models.PositiveIntegerField(verbose_name='sequence')),
                        ('kind', models.CharField(choices=[('invoice', 'Invoice'), ('credit_note', 'Credit note')], default='invoice', max_length=20, verbose_name='kind')),
                        ('status', models.CharField(choices=[('issued', 'Issued'), ('credited', 'Cancelled by a credit note')], default='issued', max_length=20, verbose_name='status')),
                        ('fee_year', models.PositiveSmallIntegerField(verbose_name='fee year')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='amount (USD)')),
                        ('currency', models.CharField(default='USD', max_length=3, verbose_name='currency')),
                        ('issued_on', models.DateField(verbose_name='issued on')),
                        ('due_on', models.DateField(verbose_name='due on')),
                        ('explanation', models.JSONField(default=dict, verbose_name='how the fee was computed')),
                        ('language', models.CharField(default='en', max_length=10, verbose_name='language')),
                        ('last_reminder_at', models.DateTimeField(blank=True, null=True, verbose_name='last reminder')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                        ('credits', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='credit_notes', to='finance.invoice', verbose_name='cancels invoice')),
                        ('fee_run', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='invoices', to='finance.feerun', verbose_name='fee run')),
                        ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='invoices', to='members.member', verbose_name='member')),
                    ],
                    options={
                        'verbose_name': 'invoice',
                        'verbose_name_plural': 'invoices',
                        'db_table': 'members_invoice',
                        'ordering': ['-year', '-sequence'],
                    },
                ),
                migrations.CreateModel(
                    name='Payment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='amount (USD)')),
                        ('paid_on', models.DateField(verbose_name='paid on')),
                        ('method', models.CharField(choices=[('bank_transfer', 'Bank transfer'), ('card', 'Card'), ('cash', 'Cash'), ('other', 'Other')], default='bank_transfer', max_length=20, verbose_name='method')),
                        ('reference', models.CharField(blank=True, max_length=200, verbose_name='reference')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded')),
                        ('invoice', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='payments', to='finance.invoice', verbose_name='invoice')),
                        ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                    ],
                    options={
                        'verbose_name': 'payment',
                        'verbose_name_plural': 'payments',
                        'db_table': 'members_payment',
                        'ordering': ['-paid_on', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='PopulationBand',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=10, verbose_name='code')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('min_population', models.PositiveBigIntegerField(verbose_name='from population (inclusive)')),
                        ('schedule', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='bands', to='finance.feeschedule', verbose_name='schedule')),
                    ],
                    options={
                        'verbose_name': 'population band',
                        'verbose_name_plural': 'population bands',
                        'db_table': 'members_populationband',
                        'ordering': ['schedule', 'min_population'],
                    },
                ),
                migrations.CreateModel(
                    name='FeeAmount',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(0)], verbose_name='amount (USD)')),
                        ('tier', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='amounts', to='finance.countrytier', verbose_name='tier')),
                        ('schedule', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='amounts', to='finance.feeschedule', verbose_name='schedule')),
                        ('band', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='amounts', to='finance.populationband', verbose_name='band')),
                    ],
                    options={
                        'verbose_name': 'fee amount',
                        'verbose_name_plural': 'fee amounts',
                        'db_table': 'members_feeamount',
                    },
                ),
                migrations.CreateModel(
                    name='Donation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('donor_name', models.CharField(blank=True, max_length=200, verbose_name='other donor')),
                        ('purpose', models.CharField(max_length=300, verbose_name='purpose')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='amount')),
                        ('currency', models.CharField(default='USD', max_length=3, verbose_name='currency')),
                        ('amount_usd', models.DecimalField(decimal_places=2, max_digits=14, validators=[django.core.validators.MinValueValidator(0)], verbose_name='amount in USD')),
                        ('received_on', models.DateField(verbose_name='received on')),
                        ('notes', models.TextField(blank=True, verbose_name='notes')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded')),
                        ('donor_member', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='donations', to='members.member', verbose_name='donor member')),
                        ('donor_partner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='donations', to='members.partner', verbose_name='donor partner')),
                    ],
                    options={
                        'verbose_name': 'donation',
                        'verbose_name_plural': 'donations',
                        'db_table': 'members_donation',
                        'ordering': ['-received_on'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('donor_member__isnull', False), ('donor_partner__isnull', False), models.Q(('donor_name', ''), _negated=True), _connector='OR'), name='donation_has_a_donor', violation_error_message='Name the donor: a member, a partner or another donor.')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='feerun',
                    constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['queued', 'running'])), fields=('year',), name='fee_run_one_active_per_year', violation_error_message='Fees for this year are already being computed.'),
                ),
                migrations.AddConstraint(
                    model_name='countrytier',
                    constraint=models.UniqueConstraint(fields=('schedule', 'code'), name='tier_unique_code'),
                ),
                migrations.AddConstraint(
                    model_name='countrytier',
                    constraint=models.UniqueConstraint(fields=('schedule', 'min_gdp_ppp'), name='tier_unique_threshold'),
                ),
                migrations.AddIndex(
                    model_name='invoice',
                    index=models.Index(fields=['fee_year', 'kind', 'status'], name='invoice_year_kind_idx'),
                ),
                migrations.AddConstraint(
                    model_name='invoice',
                    constraint=models.UniqueConstraint(fields=('year', 'sequence'), name='invoice_unique_sequence'),
                ),
                migrations.AddConstraint(
                    model_name='invoice',
                    constraint=models.UniqueConstraint(condition=models.Q(('kind', 'invoice'), ('status', 'issued')), fields=('member', 'fee_year'), name='invoice_one_live_per_member_year', violation_error_message='This member already has an invoice for that year.'),
                ),
                migrations.AddConstraint(
                    model_name='populationband',
                    constraint=models.UniqueConstraint(fields=('schedule', 'code'), name='band_unique_code'),
                ),
                migrations.AddConstraint(
                    model_name='populationband',
                    constraint=models.UniqueConstraint(fields=('schedule', 'min_population'), name='band_unique_threshold'),
                ),
                migrations.AddConstraint(
                    model_name='feeamount',
                    constraint=models.UniqueConstraint(fields=('tier', 'band'), name='fee_amount_one_per_cell'),
                ),
            ],
        ),
    ]
