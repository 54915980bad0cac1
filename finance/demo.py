"""Demo finance: economy figures, example fee schedules, invoices with payments, donations.

The figures (economy of each country, donations, other revenue) are in finance/demo/finance.json:
rounded, of the order the IMF publishes, for demonstration only; import the real WEO file with
`import_imf_weo`. Idempotent.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from members.models import Member, Partner
from wego.demo import demo_data

from . import services
from .models import CountryEconomy, Donation, FeeRun, FeeSchedule, Invoice

DATA = demo_data(__file__, "finance")
# country: (GDP per capita PPP of the latest year, population in millions)
LATEST_ECONOMY = {country: tuple(figures) for country, figures in DATA["economy"].items()}
SOURCE = DATA["source"]


def seed(*, stdout=None) -> str:
    """What is missing of the demo finance (after the members demo): a summary of what was created."""
    return ", ".join(f"{v} {k} created" for k, v in seed_counts().items())


def _last_year_on(month_day: str, this_year: int) -> dt.date:
    """'03-15' → 15 March of last year."""
    return dt.date.fromisoformat(f"{this_year - 1}-{month_day}")


def seed_counts() -> dict[str, int]:
    created = {"economy": 0, "schedules": 0, "invoices": 0, "payments": 0, "donations": 0}
    this_year = timezone.localdate().year
    for offset, factor in ((offset, Decimal(factor)) for offset, factor in DATA["earlier_years"]):
        year = this_year - offset
        for country, (gdp, population) in LATEST_ECONOMY.items():
            _row, new = CountryEconomy.objects.get_or_create(
                country=country, year=year,
                defaults={"gdp_ppp_per_capita": (Decimal(gdp) * factor).quantize(Decimal("1")),
                          "population_millions": Decimal(str(population)), "source": SOURCE},
            )
            created["economy"] += new
    for year in (this_year - 1, this_year):
        if not FeeSchedule.objects.filter(year=year).exists():
            services.fee_schedule_create_example(year=year)
            created["schedules"] += 1
        if not Invoice.objects.filter(fee_year=year).exists():
            run = services.fee_run_execute(run=FeeRun.objects.create(year=year), notify=False)
            created["invoices"] += run.created_count
            if year < this_year:
                created["payments"] += _pay_most(year)
    if not Donation.objects.exists():
        for row in DATA["donations"]:
            donor: dict[str, Any]
            if "member" in row:
                donor = {"donor_member": Member.objects.filter(name=row["member"]).first()}
            else:
                donor = {"donor_partner": Partner.objects.filter(acronym=row["partner"]).first()}
            if not next(iter(donor.values())):
                continue
            services.donation_record(by=None, **donor, purpose=row["purpose"], amount=Decimal(row["amount"]),
                                     currency=row["currency"], amount_usd=Decimal(row["amount_usd"]),
                                     received_on=_last_year_on(row["received_on"], this_year))
            created["donations"] += 1
        for row in DATA["other_revenue"]:
            services.other_revenue_record(by=None, description=row["description"], source=row["source"],
                                          amount_usd=Decimal(row["amount_usd"]),
                                          received_on=_last_year_on(row["received_on"], this_year))
    return created


def _pay_most(year: int) -> int:
    """Last year's invoices: most paid in full, some in part, a few not at all (demo of good standing)."""
    count = 0
    paid_on = min(dt.date(year, 6, 30), timezone.localdate())
    for i, invoice in enumerate(Invoice.objects.filter(fee_year=year, kind="invoice").order_by("member__name")):
        if i % 7 == 3:
            continue  # unpaid
        amount = invoice.amount if i % 5 != 2 else (invoice.amount / 2).quantize(Decimal("0.01"))
        reference = DATA["payment_reference"].format(number=invoice.number)
        services.payment_record(invoice=invoice, amount=amount, paid_on=paid_on, by=None, reference=reference)
        count += 1
    # The demo invoices of last year fall due before this year: make them so.
    Invoice.objects.filter(fee_year=year).update(due_on=dt.date(year, 9, 30), issued_on=dt.date(year, 1, 15))
    return count
