"""Finance pages: officials' invoices (and their PDFs), the public fee grid, and
the Secretariat's annual finance report with its CSV and PDF exports.

Thin views: the reads live in `finance.selectors` and `finance.report`, the PDF rendering in
`finance.pdf` (on wego.pdf), the charts in `wego.charts`.
"""

from __future__ import annotations

import csv
import functools
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from members.permissions import is_affiliated, is_secretariat
from members.selectors import affiliation_list_for_user
from wego.charts import bar_chart
from wego.forms import parse_id
from wego.middleware import user_has_mfa
from wego.web import acting_member, predicate_required

from . import fees
from .models import FeeSchedule, Invoice
from .pdf import invoice_pdf as render_invoice_pdf
from .pdf import pdf_response, render_pdf
from .report import FinanceReport, finance_report, finance_report_default_year, finance_report_years
from .selectors import (
    fee_schedule_grid,
    fee_schedule_years,
    invoice_list_for_member,
    invoice_list_with_balance,
    member_balance,
)

# Years outside this range are not a fee year anyone means: a 404, not a query.
MIN_YEAR, MAX_YEAR = 1990, 2200


def _year_or_404(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    return year


def _mfa_redirect(request):
    messages.warning(
        request, _("Staff accounts need two-factor authentication. Set up an authenticator app to continue.")
    )
    return redirect("mfa_activate_totp")


def secretariat_required(view):
    """Signed in, in the Secretariat (else 403), with two-factor authentication on (as in the admin)."""

    @predicate_required(is_secretariat)
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not user_has_mfa(request.user):
            return _mfa_redirect(request)
        return view(request, *args, **kwargs)

    return wrapped


# --- Officials: their member's invoices ---------------------------------------------------------


def _invoice_row(invoice: Invoice, today) -> dict:
    live = invoice.kind == Invoice.Kind.INVOICE and invoice.status == Invoice.Status.ISSUED
    explanation = invoice.explanation or {}
    return {
        "invoice": invoice,
        "live": live,
        "is_credit_note": invoice.kind == Invoice.Kind.CREDIT_NOTE,
        "overdue": live and invoice.due_on < today and invoice.balance > 0,
        "lines": fees.explain(explanation),
        "credits_number": explanation.get("credits", ""),
    }


@login_required
def invoices(request):
    """The invoices and credit notes of a member the user acts for, with balances and explanations."""
    affiliations = list(affiliation_list_for_user(user=request.user))
    selected = acting_member(affiliations, request.GET.get("member"), strict=False)
    context = {"affiliations": affiliations, "affiliation": selected, "member": None}
    if selected is not None:
        member = selected.member
        today = timezone.localdate()
        rows = [_invoice_row(invoice, today) for invoice in invoice_list_for_member(member=member)]
        context.update(
            member=member,
            rows=rows,
            balance=member_balance(member=member),
            overdue_count=sum(1 for row in rows if row["overdue"]),
        )
    return render(request, "finance/invoices.html", context)


@login_required
def invoice_pdf(request, pk: int):
    """An invoice as PDF, in the invoice's language: for the member's officials and the Secretariat.

    Any other invoice is a 404, so nobody learns which invoice numbers exist."""
    invoice = invoice_list_with_balance().filter(pk=pk).first()
    if invoice is None:
        raise Http404
    if not is_affiliated(request.user, invoice.member):
        if not is_secretariat(request.user):
            raise Http404
        if not user_has_mfa(request.user):
            return _mfa_redirect(request)
    return pdf_response(render_invoice_pdf(invoice), filename=f"{invoice.number}.pdf")


# --- The public fee grid -----------------------------------------------------------------------------


def fee_grid(request, year: int | None = None):
    """The whole fee schedule of a year: tiers × bands, flat fees, the Associate rule, pro rata."""
    years = fee_schedule_years()
    if year is None:
        wanted = request.GET.get("year", "")
        if parse_id(wanted, maximum=9999) is not None:
            return redirect("finance:fee-grid-year", year=int(wanted))
        if not years:
            return render(request, "finance/fee_grid.html", {"years": [], "grid": None})
        year = years[0]
    grid = fee_schedule_grid(year=_year_or_404(year))
    if grid is None:
        raise Http404
    schedule = grid["schedule"]
    context = {
        "years": years,
        "year": year,
        "grid": grid,
        "schedule": schedule,
        "is_example": schedule.status == FeeSchedule.Status.EXAMPLE,
        "associate_percent": _percent(schedule.associate_percent),
        "gdp_year": year - 1,
    }
    return render(request, "finance/fee_grid.html", context)


def _percent(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- The Secretariat's annual finance report ---------------------------------------------------------


def _usd(value) -> str:
    return number_format(value, 0, force_grouping=True)


def _charts(report: FinanceReport) -> dict:
    """SVG bar charts of the report; the page and the PDF show the same figures in tables."""

    def chart(lines, attribute, title, chart_id, color="#0b5cad"):
        return bar_chart(
            [(line.label, getattr(line, attribute)) for line in lines],
            title=title,
            chart_id=chart_id,
            value_format=_usd,
            width=420,
            value_width=70,
            label_width=110,
            color=color,
        )

    revenue = [
        (_("Fees collected"), report.total.collected),
        (_("Donations"), report.donations_total),
        (_("Other revenue"), report.other_revenue_total),
    ]
    return {
        "region_billed": chart(report.by_region, "billed", _("Billed by region (USD)"), "billed-by-region"),
        "region_collected": chart(
            report.by_region, "collected", _("Collected by region (USD)"), "collected-by-region", "#1d6b36"
        ),
        "category_billed": chart(
            report.by_category, "billed", _("Billed by category (USD)"), "billed-by-category"
        ),
        "category_collected": chart(
            report.by_category, "collected", _("Collected by category (USD)"), "collected-by-category", "#1d6b36"
        ),
        "revenue": bar_chart(
            revenue, title=_("Revenue by source (USD)"), chart_id="revenue-by-source", value_format=_usd,
            width=420, value_width=70, label_width=110, color="#8a5300",
        ),
    }


def _report_context(year: int) -> dict:
    report = finance_report(year=year)
    charts = _charts(report)
    breakdowns = [
        {
            "id": "by-region",
            "title": _("Fees by region"),
            "caption": _("Fees of %(year)s by WeGO region of the member (USD)") % {"year": year},
            "column": _("Region"),
            "lines": report.by_region,
            "chart_billed": charts["region_billed"],
            "chart_collected": charts["region_collected"],
        },
        {
            "id": "by-category",
            "title": _("Fees by category"),
            "caption": _("Fees of %(year)s by membership category (USD)") % {"year": year},
            "column": _("Category"),
            "lines": report.by_category,
            "chart_billed": charts["category_billed"],
            "chart_collected": charts["category_collected"],
        },
    ]
    return {
        "year": year,
        "report": report,
        "charts": charts,
        "breakdowns": breakdowns,
        "generated_on": timezone.localdate(),
    }


@secretariat_required
def report(request, year: int | None = None):
    """The finance report of a year: billed, collected, outstanding, donations, other revenue."""
    if year is None:
        wanted = request.GET.get("year", "")
        if parse_id(wanted, maximum=9999) is not None:
            return redirect("finance:finance-report", year=int(wanted))
        return redirect("finance:finance-report", year=finance_report_default_year())
    context = _report_context(_year_or_404(year))
    context["years"] = finance_report_years()
    return render(request, "finance/report.html", context)


@secretariat_required
def report_pdf(request, year: int):
    """The finance report of a year as PDF (in the language of the page)."""
    content = render_pdf("finance/report_pdf.html", _report_context(_year_or_404(year)))
    return pdf_response(content, filename=f"wego-finance-{year}.pdf")


CSV_COLUMNS = ["section", "code", "label", "count", "billed_usd", "collected_usd", "outstanding_usd", "revenue_usd", "date"]


def _cell(value):
    """Spreadsheets run a cell that starts with = + - @ as a formula: neutralise text that does."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@secretariat_required
def report_csv(request, year: int):
    """The finance report of a year as CSV (UTF-8 with a byte-order mark, so spreadsheets read Korean)."""
    r = finance_report(year=_year_or_404(year))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="wego-finance-{year}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)

    def fee_row(section, line):
        return [section, line.code, line.label, line.invoices, line.billed, line.collected, line.outstanding, "", ""]

    writer.writerow(fee_row("fees_total", r.total))
    for line in r.by_region:
        writer.writerow(fee_row("fees_by_region", line))
    for line in r.by_category:
        writer.writerow(fee_row("fees_by_category", line))
    writer.writerow(["credited_invoices", "", _("Invoices cancelled by credit notes"), r.credited_invoices,
                     r.credited_amount, "", "", "", ""])
    writer.writerow(["credit_notes", "", _("Credit notes"), r.credit_notes, r.credit_notes_amount, "", "", "", ""])
    writer.writerow(["fee_payments_received", "", _("Fee payments received in the year (any fee year)"), "", "",
                     r.payments_received_in_year, "", "", ""])
    for d in r.donations:
        writer.writerow(["donation", d.currency, _cell(f"{d.donor} — {d.purpose}"), 1, "", "", "", d.amount_usd,
                         d.received_on.isoformat()])
    writer.writerow(["donations_total", "", _("Donations"), len(r.donations), "", "", "", r.donations_total, ""])
    for o in r.other_revenue:
        label = f"{o.description} — {o.source}" if o.source else o.description
        writer.writerow(["other_revenue", "", _cell(label), 1, "", "", "", o.amount_usd, o.received_on.isoformat()])
    writer.writerow(["other_revenue_total", "", _("Other revenue"), len(r.other_revenue), "", "", "",
                     r.other_revenue_total, ""])
    writer.writerow(["fees_collected", "", _("Fees collected"), "", "", "", "", r.total.collected, ""])
    writer.writerow(["revenue_total", "", _("Total revenue"), "", "", "", "", r.revenue_total, ""])
    return response
