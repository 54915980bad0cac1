"""Excel export of an economic analysis (openpyxl): the yearly table, the figures and the sensitivity."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .economics import Analysis, rate_places


def _pct(value):
    return float(value) if value is not None else None


def _pct_format(rate) -> str:
    """'0.00%', with more decimals for a rate just above −100 % (−99.999 % is not shown as −100.00 %)."""
    return f"0.{'0' * rate_places(rate)}%"


def economics_workbook(*, project, analysis_record, result: Analysis) -> bytes:
    """A workbook with three sheets: cash flows (with Excel's own NPV formula beside ours), figures, sensitivity."""
    wb = Workbook()
    bold = Font(bold=True)
    currency = analysis_record.currency
    rate = float(analysis_record.discount_rate) / 100

    ws = wb.active
    ws.title = _("Cash flows")[:31]
    ws.append([project.title])
    ws["A1"].font = bold
    ws.append([_("Discount rate"), rate])
    ws["B2"].number_format = "0.00%"
    ws.append([])
    header = [_("Year"), _("Index"), _("Costs (%s)") % currency, _("Benefits (%s)") % currency, _("Net"),
              _("Discount factor"), _("Discounted net"), _("Cumulative net"), _("Cumulative discounted net")]
    ws.append(header)
    for cell in ws[4]:
        cell.font = bold
    first = 5
    for row in result.years:
        ws.append([
            analysis_record.start_year + row.year, row.year, float(row.cost), float(row.benefit), float(row.net),
            float(row.factor), float(row.discounted_net), float(row.cumulative_net),
            float(row.cumulative_discounted_net),
        ])
    last = first + len(result.years) - 1
    ws.append([])
    ws.append([_("NPV (Excel formula, year 0 undiscounted)"), None, None, None,
               f"=E{first}+NPV($B$2,E{first + 1}:E{last})" if last > first else f"=E{first}"])
    # Excel's IRR starts from a guess of 10 % and gives up (#NUM!) on a rate far from it, such as
    # −99.999 %: ours is passed as the guess, so that Excel solves for the root next to it.
    guess = f",{result.base.irr.rate:f}" if result.base.irr.exists else ""
    ws.append([_("IRR (Excel formula)"), None, None, None, f"=IRR(E{first}:E{last}{guess})" if last > first else None])
    for column in range(1, len(header) + 1):
        ws.column_dimensions[get_column_letter(column)].width = 18

    summary = wb.create_sheet(_("Figures")[:31])
    base = result.base
    rows = [
        (_("Discount rate"), rate, "0.00%"),
        (_("Present value of costs"), float(base.pv_costs), "#,##0.00"),
        (_("Present value of benefits"), float(base.pv_benefits), "#,##0.00"),
        (_("Net present value (NPV)"), float(base.npv), "#,##0.00"),
        (_("Benefit/cost ratio"), _pct(base.bcr), "0.000"),
        (_("Internal rate of return (IRR)"), _pct(base.irr.rate), _pct_format(base.irr.rate)),
        (_("Payback year"), analysis_record.start_year + base.payback_year if base.payback_year is not None else None, "0"),
        (_("Discounted payback year"),
         analysis_record.start_year + base.discounted_payback_year if base.discounted_payback_year is not None else None,
         "0"),
    ]
    for label, value, fmt in rows:
        summary.append([label, value if value is not None else _("none")])
        summary.cell(row=summary.max_row, column=2).number_format = fmt
    if base.irr.message:
        summary.append([base.irr.message])
    if base.irr.warning:
        summary.append([base.irr.warning])
    summary.column_dimensions["A"].width = 36
    summary.column_dimensions["B"].width = 18

    sens = wb.create_sheet(_("Sensitivity")[:31])
    sens.append([_("Scenario"), _("NPV"), _("Benefit/cost ratio"), _("IRR")])
    for cell in sens[1]:
        cell.font = bold
    for row in result.sensitivity:
        sens.append([row.label, float(row.figures.npv), _pct(row.figures.bcr), _pct(row.figures.irr.rate)])
        sens.cell(row=sens.max_row, column=2).number_format = "#,##0.00"
        sens.cell(row=sens.max_row, column=3).number_format = "0.000"
        sens.cell(row=sens.max_row, column=4).number_format = _pct_format(row.figures.irr.rate)
    sens.column_dimensions["A"].width = 44

    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
