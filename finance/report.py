"""The annual finance report: fees billed, collected and outstanding (by region and category),
credit notes, donations and other revenue of one year.

What counts where, so that the figures add up and can be checked by hand:

- **Fees** are reported by *fee year*: the live fee invoices of year Y (kind "invoice", status
  "issued"). An invoice cancelled by a credit note is not billed; the cancelled invoices and the
  credit notes of the fee year are stated on their own line instead.
- **Collected** is the sum of the payments recorded against those live invoices (whenever they
  were paid); **outstanding** is billed − collected.
- **Fee payments received in Y** (any fee year) is given as well: the cash view of the year.
- **Donations** and **other revenue** count by the date they were received (calendar year Y),
  in USD.
- **Total revenue** = fees collected + donations + other revenue.

Every figure is aggregated by the database: the report costs the same number of queries for three
members as for three thousand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Member
from members.regions import Region

from .models import Donation, Invoice, OtherRevenue, Payment

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
UNSET_REGION = _("No region set")
UNSET_CATEGORY = _("No category set")


@dataclass
class Line:
    """Fees of one group (a region, a category, or all members) for the fee year."""

    code: str
    label: str
    invoices: int = 0
    billed: Decimal = ZERO
    collected: Decimal = ZERO

    @property
    def outstanding(self) -> Decimal:
        return self.billed - self.collected


@dataclass
class FinanceReport:
    year: int
    total: Line
    by_region: list[Line]
    by_category: list[Line]
    credited_invoices: int = 0
    credited_amount: Decimal = ZERO
    credit_notes: int = 0
    credit_notes_amount: Decimal = ZERO
    payments_received_in_year: Decimal = ZERO
    donations: list[Donation] = field(default_factory=list)
    donations_total: Decimal = ZERO
    other_revenue: list[OtherRevenue] = field(default_factory=list)
    other_revenue_total: Decimal = ZERO

    @property
    def revenue_total(self) -> Decimal:
        return self.total.collected + self.donations_total + self.other_revenue_total


def _lines(groups: dict[str, dict], choices, unset_label) -> list[Line]:
    """One line per choice (zeros included), then the unset and unknown codes that have invoices."""
    groups = dict(groups)
    lines = [Line(str(code), str(label), **groups.pop(code, {})) for code, label in choices]
    if "" in groups:
        lines.append(Line("", str(unset_label), **groups.pop("")))
    lines.extend(Line(code, code, **values) for code, values in sorted(groups.items()))
    return lines


def _money(value) -> Decimal:
    """A sum from the database as USD with cents (SQLite returns sums without fixed places)."""
    return Decimal(value or 0).quantize(CENT)


def _add(groups: dict[str, dict], code: str | None, **values) -> None:
    entry = groups.setdefault(code or "", {"invoices": 0, "billed": ZERO, "collected": ZERO})
    for key, value in values.items():
        entry[key] += value if key == "invoices" else _money(value)


def finance_report(*, year: int) -> FinanceReport:
    """The finance report of `year` (eight queries, whatever the number of members and invoices)."""
    live = Invoice.objects.filter(fee_year=year, kind=Invoice.Kind.INVOICE, status=Invoice.Status.ISSUED)
    by_region: dict[str, dict] = {}
    by_category: dict[str, dict] = {}
    total = Line("", str(_("All members")))

    # 1. Billed: live invoices of the fee year, grouped by the member's region and category.
    billed_rows = (
        live.order_by()
        .values("member__region", "member__category")
        .annotate(invoices=Count("pk"), billed=Sum("amount"))
    )
    # 2. Collected: payments on those invoices, grouped the same way (a separate GROUP BY, so
    #    invoices are not counted once per payment).
    paid_rows = (
        Payment.objects.filter(invoice__in=live.values("pk"))
        .order_by()
        .values("invoice__member__region", "invoice__member__category")
        .annotate(collected=Sum("amount"))
    )
    # The roll-up below runs over at most regions × categories groups, not over invoices.
    for row in billed_rows:
        values = {"invoices": row["invoices"], "billed": row["billed"]}
        _add(by_region, row["member__region"], **values)
        _add(by_category, row["member__category"], **values)
        total.invoices += row["invoices"]
        total.billed += _money(row["billed"])
    for row in paid_rows:
        _add(by_region, row["invoice__member__region"], collected=row["collected"])
        _add(by_category, row["invoice__member__category"], collected=row["collected"])
        total.collected += _money(row["collected"])

    report = FinanceReport(
        year=year,
        total=total,
        by_region=_lines(by_region, Region.choices, UNSET_REGION),
        by_category=_lines(by_category, Member.Category.choices, UNSET_CATEGORY),
    )

    # 3. Cancelled invoices and credit notes of the fee year.
    for row in (
        Invoice.objects.filter(fee_year=year)
        .exclude(kind=Invoice.Kind.INVOICE, status=Invoice.Status.ISSUED)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"), amount=Sum("amount"))
    ):
        if row["kind"] == Invoice.Kind.CREDIT_NOTE:
            report.credit_notes, report.credit_notes_amount = row["n"], _money(row["amount"])
        else:
            report.credited_invoices, report.credited_amount = row["n"], _money(row["amount"])

    # 4. Cash received in the calendar year on fee invoices of any year.
    report.payments_received_in_year = _money(
        Payment.objects.filter(paid_on__year=year).aggregate(total=Sum("amount"))["total"]
    )

    # 5–8. Donations and other revenue received in the year: the lists and their totals.
    donations = Donation.objects.filter(received_on__year=year)
    report.donations = list(
        donations.select_related("donor_member", "donor_partner").order_by("received_on", "pk")
    )
    report.donations_total = _money(donations.aggregate(total=Sum("amount_usd"))["total"])
    other = OtherRevenue.objects.filter(received_on__year=year)
    report.other_revenue = list(other.order_by("received_on", "pk"))
    report.other_revenue_total = _money(other.aggregate(total=Sum("amount_usd"))["total"])
    return report


def finance_report_years() -> list[int]:
    """The years the report can show: fee years with invoices, years with donations or other
    revenue, and the current year; newest first (three queries)."""
    years = set(Invoice.objects.order_by().values_list("fee_year", flat=True).distinct())
    for model in (Donation, OtherRevenue):
        years.update(
            model.objects.order_by()
            .annotate(y=ExtractYear("received_on"))
            .values_list("y", flat=True)
            .distinct()
        )
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def finance_report_default_year(*, today: dt.date | None = None) -> int:
    """The latest fee year with invoices, or the current year when there is none yet."""
    latest = Invoice.objects.order_by("-fee_year").values_list("fee_year", flat=True).first()
    return latest or (today or timezone.localdate()).year
