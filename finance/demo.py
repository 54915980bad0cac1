"""Demo finance: economy figures, example fee schedules, invoices with payments, donations.

GDP per capita at PPP (current international dollars) and population are rounded figures of the
order the IMF publishes, for demonstration only; import the real WEO file with `import_imf_weo`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from members.models import Member, Partner

from . import services
from .models import CountryEconomy, Donation, FeeRun, FeeSchedule, Invoice

# country: (GDP per capita PPP of the latest year, population in millions)
LATEST_ECONOMY = {
    "BD": (9900, 173.0), "CN": (26300, 1410.0), "CO": (21500, 52.7), "EC": (15700, 18.2), "ES": (52000, 48.6),
    "ET": (3900, 129.0), "FJ": (15600, 0.93), "GH": (7800, 34.4), "ID": (16500, 281.0), "JO": (11000, 11.5),
    "KE": (6900, 55.3), "KG": (7500, 7.2), "KH": (6800, 17.4), "KR": (62000, 51.7), "KW": (54000, 4.9),
    "KZ": (37000, 20.3), "LK": (15600, 22.0), "MN": (18000, 3.5), "MX": (25000, 132.0), "MY": (37000, 34.1),
    "NG": (6300, 229.0), "NP": (5300, 30.9), "OM": (44000, 5.3), "PE": (17500, 34.0), "PG": (4800, 10.6),
    "PH": (11800, 113.0), "PS": (5800, 5.5), "RU": (47000, 146.0), "RW": (3400, 14.1), "SD": (4300, 49.4),
    "SN": (4900, 18.5), "TH": (24000, 70.1), "TO": (7500, 0.1), "TR": (44000, 85.4), "TZ": (4100, 67.4),
    "UG": (3300, 47.3), "UY": (32000, 3.4), "UZ": (10700, 36.8), "VN": (15500, 101.0), "VU": (3400, 0.33),
    "WS": (7200, 0.22),
}
SOURCE = "demo data (rounded, of the order of IMF WEO figures)"


def seed(*, stdout=None) -> str:
    """What is missing of the demo finance (after the members demo): a summary of what was created."""
    return ", ".join(f"{v} {k} created" for k, v in seed_counts().items())


def seed_counts() -> dict[str, int]:
    created = {"economy": 0, "schedules": 0, "invoices": 0, "payments": 0, "donations": 0}
    this_year = timezone.localdate().year
    for offset, factor in ((1, Decimal("1")), (2, Decimal("0.95")), (3, Decimal("0.91"))):
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
        seoul = Member.objects.filter(name="Seoul").first()
        if seoul:
            services.donation_record(by=None, donor_member=seoul, purpose="Seoul Program scholarships",
                                     amount=Decimal("150000"), currency="USD", amount_usd=Decimal("150000"),
                                     received_on=dt.date(this_year - 1, 3, 15))
            created["donations"] += 1
        kexim = Partner.objects.filter(acronym="KEXIM").first()
        if kexim:
            services.donation_record(by=None, donor_partner=kexim, purpose="Feasibility study funding",
                                     amount=Decimal("350000000"), currency="KRW", amount_usd=Decimal("260000"),
                                     received_on=dt.date(this_year - 1, 6, 1))
            created["donations"] += 1
        services.other_revenue_record(by=None, description="WeGO Awards ceremony sponsorship", source="Sponsors",
                                      amount_usd=Decimal("40000"), received_on=dt.date(this_year - 1, 11, 20))
    return created


def _pay_most(year: int) -> int:
    """Last year's invoices: most paid in full, some in part, a few not at all (demo of good standing)."""
    count = 0
    paid_on = min(dt.date(year, 6, 30), timezone.localdate())
    for i, invoice in enumerate(Invoice.objects.filter(fee_year=year, kind="invoice").order_by("member__name")):
        if i % 7 == 3:
            continue  # unpaid
        amount = invoice.amount if i % 5 != 2 else (invoice.amount / 2).quantize(Decimal("0.01"))
        services.payment_record(invoice=invoice, amount=amount, paid_on=paid_on, by=None, reference=f"DEMO-{invoice.number}")
        count += 1
    # The demo invoices of last year fall due before this year: make them so.
    Invoice.objects.filter(fee_year=year).update(due_on=dt.date(year, 9, 30), issued_on=dt.date(year, 1, 15))
    return count
