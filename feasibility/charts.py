"""Server-side SVG chart of an economic analysis: yearly net flows as bars, cumulative net as lines.

Drawn on the frame of wego.charts (an `<svg role="img">` labelled by its <title> and <desc>,
presentation attributes only); the page shows the same figures in a table. Only what is specific to
this chart is here: signed bars around a zero line, cumulative lines and their legend.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from wego.charts import nice_step, svg_close, svg_frame

from .economics import YearRow

POSITIVE = "#1d6b36"
NEGATIVE = "#a4161a"
CUMULATIVE = "#0b5cad"
DISCOUNTED = "#8a5300"


def _fmt(value) -> str:
    return number_format(Decimal(value).quantize(Decimal("1")), force_grouping=True)


def cash_flow_chart(
    years: Sequence[YearRow], *, start_year: int, currency: str = "", width: int = 640, height: int = 300,
    chart_id: str = "cash-flow",
) -> SafeString:
    """Bars of each year's net flow and lines of the cumulative (and discounted cumulative) net flow."""
    title = _("Net cash flow by year and cumulative net cash flow")
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    description = "; ".join(
        _("%(year)s: net %(net)s, cumulative %(cum)s") % {
            "year": start_year + row.year, "net": _fmt(row.net), "cum": _fmt(row.cumulative_net)}
        for row in years
    )
    values = [float(v) for row in years for v in (row.net, row.cumulative_net, row.cumulative_discounted_net)]
    low, high = min(values + [0.0]), max(values + [0.0])
    if high == low:
        high = low + 1
    step = nice_step(high - low)
    low = step * (low // step)
    high = step * -(-high // step)

    left, right, top, bottom = 78, 12, 12, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(1, len(years))
    slot = plot_w / n

    def y_of(value: float) -> float:
        return round(top + plot_h * (high - value) / (high - low), 1)

    parts = svg_frame(width=width, height=height, css_class="chart cash-flow-chart", title=title,
                      description=description, title_id=title_id, desc_id=desc_id)
    # Gridlines and value labels.
    tick = low
    while tick <= high + step / 2:
        y = y_of(tick)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y}" y2="{y}" stroke="#d5dbe3" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y}" text-anchor="end" dominant-baseline="central">{escape(_fmt(tick))}</text>'
        )
        tick += step
    zero = y_of(0.0)
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{zero}" y2="{zero}" stroke="#1b2430" stroke-width="1.5"/>')
    # Bars: yearly net flow.
    bar_w = max(2.0, slot * 0.55)
    label_every = max(1, round(n / 12))
    for index, row in enumerate(years):
        x = left + slot * index + (slot - bar_w) / 2
        y = y_of(float(row.net))
        bar_top, bar_h = min(y, zero), abs(zero - y)
        colour = POSITIVE if row.net >= 0 else NEGATIVE
        label = _("%(year)s: net %(net)s %(currency)s") % {
            "year": start_year + row.year, "net": _fmt(row.net), "currency": currency}
        parts.append(
            f"<g><title>{escape(label)}</title>"
            f'<rect x="{round(x, 1)}" y="{bar_top}" width="{round(bar_w, 1)}" height="{round(bar_h, 1)}" '
            f'fill="{colour}" opacity="0.75"/></g>'
        )
        if index % label_every == 0:
            parts.append(
                f'<text x="{round(left + slot * index + slot / 2, 1)}" y="{height - bottom + 16}" '
                f'text-anchor="middle">{start_year + row.year}</text>'
            )
    # Lines: cumulative net, cumulative discounted net.
    for attr, colour, dash in (("cumulative_net", CUMULATIVE, ""), ("cumulative_discounted_net", DISCOUNTED, "5 4")):
        points = " ".join(
            f"{round(left + slot * i + slot / 2, 1)},{y_of(float(getattr(row, attr)))}" for i, row in enumerate(years)
        )
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
        for i, row in enumerate(years):
            parts.append(
                f'<circle cx="{round(left + slot * i + slot / 2, 1)}" cy="{y_of(float(getattr(row, attr)))}" r="3" '
                f'fill="{colour}"/>'
            )
    # Legend.
    legend_y = height - 12
    legend = [
        (POSITIVE, _("Net flow of the year"), "rect"),
        (CUMULATIVE, _("Cumulative net flow"), "line"),
        (DISCOUNTED, _("Cumulative discounted net flow"), "dash"),
    ]
    x = left
    for colour, text, shape in legend:
        if shape == "rect":
            parts.append(f'<rect x="{x}" y="{legend_y - 6}" width="12" height="12" fill="{colour}" opacity="0.75"/>')
        else:
            dash_attr = ' stroke-dasharray="5 4"' if shape == "dash" else ""
            parts.append(
                f'<line x1="{x}" x2="{x + 14}" y1="{legend_y}" y2="{legend_y}" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            )
        parts.append(f'<text x="{x + 18}" y="{legend_y}" dominant-baseline="central">{escape(text)}</text>')
        x += 24 + len(str(text)) * 6.5
    return svg_close(parts)
