"""Membership fees and finance: country economy data, fee schedules, fee runs, invoices, payments,
donations and other revenue.

The statute (Part IV) says each member pays an annual fee that varies with the city's population
and its country, using the IMF's GDP at purchasing power parity.

These models were born in the members app; they keep its tables (`db_table = "members_…"`), so the
move to this app changed no data (migrations finance 0001 and members 0008 move the state only).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from members.models import Member, Partner
from wego.runs import HeartbeatFields, is_stale

MONEY = {"max_digits": 14, "decimal_places": 2}


class CountryEconomy(models.Model):
    """IMF World Economic Outlook figures of one country for one year."""

    country = CountryField(_("country"))
    year = models.PositiveSmallIntegerField(_("year"))
    gdp_ppp_per_capita = models.DecimalField(
        _("GDP per capita, PPP (current international $)"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    population_millions = models.DecimalField(
        _("population (millions)"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    is_estimate = models.BooleanField(_("IMF estimate"), default=False)
    source = models.CharField(_("source"), max_length=255, help_text=_("The WEO file imported, or 'entered by hand'."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        db_table = "members_countryeconomy"
        verbose_name = _("country economy figure")
        verbose_name_plural = _("country economy data")
        ordering = ["country", "-year"]
        constraints = [models.UniqueConstraint(fields=["country", "year"], name="economy_one_per_country_year")]

    def __str__(self) -> str:
        return f"{self.country.code} {self.year}"


class FeeSchedule(models.Model):
    """The fee rules of one year: country tiers × population bands, flat fees and the Associate rule."""

    class Status(models.TextChoices):
        EXAMPLE = "example", _("Example (not adopted)")
        ADOPTED = "adopted", _("Adopted")

    class AssociateRule(models.TextChoices):
        SAME = "same", _("Same as Full members")
        PERCENT = "percent", _("A percentage of the Full fee")
        NONE = "none", _("No fee")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.EXAMPLE)
    notes = models.TextField(_("notes"), blank=True)
    associate_rule = models.CharField(
        _("rule for Associate members"), max_length=20, choices=AssociateRule.choices, default=AssociateRule.PERCENT
    )
    associate_percent = models.DecimalField(
        _("Associate percentage"), max_digits=5, decimal_places=2, default=Decimal("50"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    friendship_fee = models.DecimalField(_("Friendship member fee (USD)"), default=Decimal("0"), **MONEY)
    corporate_fee = models.DecimalField(_("Corporate member fee (USD)"), default=Decimal("0"), **MONEY)
    institution_fee = models.DecimalField(_("National institution fee (USD)"), default=Decimal("0"), **MONEY)
    pro_rata = models.BooleanField(_("pro rata by month for members joining during the year"), default=True)
    payment_days = models.PositiveSmallIntegerField(_("days to pay"), default=90)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        db_table = "members_feeschedule"
        verbose_name = _("fee schedule")
        verbose_name_plural = _("fee schedules")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} ({self.get_status_display()})"


class CountryTier(models.Model):
    """A tier of countries by GDP per capita at PPP: from `min_gdp_ppp` (inclusive) up to the next tier."""

    schedule = models.ForeignKey(FeeSchedule, verbose_name=_("schedule"), on_delete=models.CASCADE, related_name="tiers")
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=100)
    min_gdp_ppp = models.DecimalField(_("from GDP per capita PPP (inclusive)"), max_digits=14, decimal_places=2)

    class Meta:
        db_table = "members_countrytier"
        verbose_name = _("country tier")
        verbose_name_plural = _("country tiers")
        ordering = ["schedule", "min_gdp_ppp"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "code"], name="tier_unique_code"),
            models.UniqueConstraint(fields=["schedule", "min_gdp_ppp"], name="tier_unique_threshold"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PopulationBand(models.Model):
    """A band of city population: from `min_population` (inclusive) up to the next band."""

    schedule = models.ForeignKey(FeeSchedule, verbose_name=_("schedule"), on_delete=models.CASCADE, related_name="bands")
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=100)
    min_population = models.PositiveBigIntegerField(_("from population (inclusive)"))

    class Meta:
        db_table = "members_populationband"
        verbose_name = _("population band")
        verbose_name_plural = _("population bands")
        ordering = ["schedule", "min_population"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "code"], name="band_unique_code"),
            models.UniqueConstraint(fields=["schedule", "min_population"], name="band_unique_threshold"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class FeeAmount(models.Model):
    """The yearly fee in USD of a Full member in one tier and band."""

    schedule = models.ForeignKey(FeeSchedule, verbose_name=_("schedule"), on_delete=models.CASCADE, related_name="amounts")
    tier = models.ForeignKey(CountryTier, verbose_name=_("tier"), on_delete=models.CASCADE, related_name="amounts")
    band = models.ForeignKey(PopulationBand, verbose_name=_("band"), on_delete=models.CASCADE, related_name="amounts")
    amount = models.DecimalField(_("amount (USD)"), validators=[MinValueValidator(0)], **MONEY)

    class Meta:
        db_table = "members_feeamount"
        verbose_name = _("fee amount")
        verbose_name_plural = _("fee amounts")
        constraints = [models.UniqueConstraint(fields=["tier", "band"], name="fee_amount_one_per_cell")]

    def __str__(self) -> str:
        return f"{self.tier.code}/{self.band.code}: {self.amount}"


class FeeRun(HeartbeatFields, models.Model):
    """One run of "compute fees for year Y": its progress, and what it could not price.

    At most one run per year is queued or running (a database constraint). A running run beats as it
    commits each chunk; a run whose worker died is taken over and continues after `last_member_id`."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    year = models.PositiveSmallIntegerField(_("fee year"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("members to price"), default=0)
    processed = models.PositiveIntegerField(_("members processed"), default=0)
    created_count = models.PositiveIntegerField(_("invoices created"), default=0)
    unchanged_count = models.PositiveIntegerField(_("already invoiced, unchanged"), default=0)
    unpriced = models.JSONField(_("members that could not be priced"), default=list, blank=True)
    not_billed = models.JSONField(_("members with no fee this year"), default=list, blank=True)
    differences = models.JSONField(_("invoices whose inputs changed"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    last_member_id = models.PositiveBigIntegerField(
        _("last member processed"), default=0, help_text=_("A resumed run continues after this member.")
    )
    attempts = models.PositiveSmallIntegerField(_("workers that took the run"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    ACTIVE = ("queued", "running")

    class Meta:
        db_table = "members_feerun"
        verbose_name = _("fee run")
        verbose_name_plural = _("fee runs")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(status__in=["queued", "running"]),
                name="fee_run_one_active_per_year",
                violation_error_message=_("Fees for this year are already being computed."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.processed:,} / {self.total:,} ({self.get_status_display()})"

    @property
    def progress_percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else (100 if self.status == self.Status.DONE else 0)

    @property
    def is_stale(self) -> bool:
        """Running, but its worker has not reported for longer than RUNS_STALE_AFTER (it died)."""
        return is_stale(self)


class InvoiceSequence(models.Model):
    """The last invoice number used in a year. Locked while numbers are taken, so numbers have no gaps."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "members_invoicesequence"
        verbose_name = _("invoice sequence")
        verbose_name_plural = _("invoice sequences")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Invoice(models.Model):
    """A membership fee invoice (or a credit note cancelling one). Every invoice explains itself."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        CREDIT_NOTE = "credit_note", _("Credit note")

    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued")
        CREDITED = "credited", _("Cancelled by a credit note")

    number = models.CharField(_("number"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(_("numbering year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INVOICE)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ISSUED)
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="invoices")
    fee_year = models.PositiveSmallIntegerField(_("fee year"))
    amount = models.DecimalField(_("amount (USD)"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due on"))
    explanation = models.JSONField(_("how the fee was computed"), default=dict)
    language = models.CharField(_("language"), max_length=10, default="en")
    credits = models.ForeignKey(
        "self", verbose_name=_("cancels invoice"), null=True, blank=True, on_delete=models.PROTECT, related_name="credit_notes"
    )
    fee_run = models.ForeignKey(FeeRun, verbose_name=_("fee run"), null=True, blank=True, on_delete=models.SET_NULL, related_name="invoices")
    last_reminder_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        db_table = "members_invoice"
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="invoice_unique_sequence"),
            models.UniqueConstraint(
                fields=["member", "fee_year"],
                condition=Q(kind="invoice", status="issued"),
                name="invoice_one_live_per_member_year",
                violation_error_message=_("This member already has an invoice for that year."),
            ),
        ]
        indexes = [models.Index(fields=["fee_year", "kind", "status"], name="invoice_year_kind_idx")]

    def __str__(self) -> str:
        return self.number


class Payment(models.Model):
    """A payment received against an invoice (full, partial, one of several)."""

    class Method(models.TextChoices):
        BANK_TRANSFER = "bank_transfer", _("Bank transfer")
        CARD = "card", _("Card")
        CASH = "cash", _("Cash")
        OTHER = "other", _("Other")

    invoice = models.ForeignKey(Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("amount (USD)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    paid_on = models.DateField(_("paid on"))
    method = models.CharField(_("method"), max_length=20, choices=Method.choices, default=Method.BANK_TRANSFER)
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        db_table = "members_payment"
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-id"]

    def __str__(self) -> str:
        return f"{self.invoice.number}: {self.amount} on {self.paid_on}"


class Donation(models.Model):
    """A voluntary donation to WeGO, from a member, a partner or another donor."""

    donor_member = models.ForeignKey(Member, verbose_name=_("donor member"), null=True, blank=True, on_delete=models.PROTECT, related_name="donations")
    donor_partner = models.ForeignKey(Partner, verbose_name=_("donor partner"), null=True, blank=True, on_delete=models.PROTECT, related_name="donations")
    donor_name = models.CharField(_("other donor"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300)
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    amount_usd = models.DecimalField(_("amount in USD"), validators=[MinValueValidator(0)], **MONEY)
    received_on = models.DateField(_("received on"))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        db_table = "members_donation"
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-received_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(donor_member__isnull=False) | Q(donor_partner__isnull=False) | ~Q(donor_name=""),
                name="donation_has_a_donor",
                violation_error_message=_("Name the donor: a member, a partner or another donor."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.donor} — {self.amount} {self.currency}"

    @property
    def donor(self) -> str:
        return str(self.donor_member or self.donor_partner or self.donor_name)


class OtherRevenue(models.Model):
    """Revenue that is neither a fee nor a donation (sponsorship, project funding, interest …)."""

    description = models.CharField(_("description"), max_length=300)
    source = models.CharField(_("source"), max_length=200, blank=True)
    amount_usd = models.DecimalField(_("amount in USD"), validators=[MinValueValidator(0)], **MONEY)
    received_on = models.DateField(_("received on"))
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        db_table = "members_otherrevenue"
        verbose_name = _("other revenue")
        verbose_name_plural = _("other revenue")
        ordering = ["-received_on"]

    def __str__(self) -> str:
        return f"{self.description} — {self.amount_usd} USD"
