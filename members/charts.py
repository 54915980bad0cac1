"""Server-side SVG charts: they print, work without JavaScript and scale down to 320 px.

Each chart is an `<svg role="img">` labelled by its own `<title>` (and `<desc>`); the page shows
the same numbers in a data table next to it, for screen readers and for people who prefer figures.
Any app may use these helpers: they know nothing about members.

    {{ chart }}              ← bar_chart(rows, title=_("Members by region"))
    <table>…rows…</table>    ← the companion table, rendered by the template
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

Number = int | float | Decimal

# Approximate width of one character at the 12 px chart font: used to fit labels, no font metrics needed.
CHAR_WIDTH = 7


def _default_format(value: Number) -> str:
    return number_format(value, force_grouping=True)


def _fit(label: str, width: int) -> str:
    """Shorten a label that would not fit `width` pixels; the full label stays in the bar's tooltip."""
    room = max(3, width // CHAR_WIDTH)
    return label if len(label) <= room else label[: room - 1].rstrip() + "…"


def bar_chart(
    rows: Sequence[tuple[str, Number]],
    *,
    title: str,
    description: str = "",
    width: int = 480,
    label_width: int = 140,
    value_width: int = 56,
    bar_height: int = 22,
    gap: int = 8,
    color: str = "#0b5cad",
    value_format: Callable[[Number], str] = _default_format,
    chart_id: str = "",  # defaults to one made from the title: pass one if a page repeats a title
    css_class: str = "chart",
) -> SafeString:
    """A horizontal bar chart of (label, value) rows, as an SVG string safe to put in a template.

    Bars are scaled to the largest value (zero and negative values draw no bar). Labels and values
    are escaped. `description` defaults to the rows read out ("Asia: 12; Europe: 8 …"), so the chart
    says the same thing to a screen reader as to the eye; still render a data table beside it.
    """
    chart_id = "chart-" + (slugify(chart_id or title, allow_unicode=True)[:48] or "bars")
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    if not description:
        description = "; ".join(f"{label}: {value_format(value)}" for label, value in rows)

    top = 4
    height = top * 2 + max(1, len(rows)) * (bar_height + gap) - gap
    plot_width = max(10, width - label_width - value_width)
    largest = max((float(value) for _label, value in rows), default=0.0)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{escape(css_class)}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]
    for index, (label, value) in enumerate(rows):
        y = top + index * (bar_height + gap)
        bar = round(plot_width * float(value) / largest, 1) if largest > 0 and value > 0 else 0
        text_y = y + bar_height / 2
        shown = value_format(value)
        parts.append(
            f"<g><title>{escape(label)}: {escape(shown)}</title>"
            f'<text x="{label_width - 6}" y="{text_y}" text-anchor="end" dominant-baseline="central">'
            f"{escape(_fit(str(label), label_width - 6))}</text>"
            f'<rect x="{label_width}" y="{y}" width="{bar}" height="{bar_height}" fill="{escape(color)}" rx="2"/>'
            f'<text x="{label_width + bar + 6}" y="{text_y}" dominant-baseline="central">{escape(shown)}</text>'
            "</g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every interpolated value above is escaped
