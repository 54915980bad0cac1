"""Server-side SVG charts of the portal: they print, work without JavaScript and scale down to 320 px.

Each chart is an `<svg role="img">` labelled by its own `<title>` (and `<desc>`, which reads the figures
out); the page shows the same numbers in a data table next to it, for screen readers and for people
who prefer figures. Presentation attributes only (no style attributes: the Content-Security-Policy
forbids them), and every interpolated text is escaped.

The primitives (`chart_ids`, `svg_frame`, `svg_close`, `nice_step`, `fit_label`) draw the frame that
every chart shares; `bar_chart`, `radar_chart` and `line_chart` are the charts any app may use. An
app keeps only what is specific to its own chart (e.g. feasibility's cash-flow chart).

    {{ chart }}              ← bar_chart(rows, title=_("Members by region"))
    <table>…rows…</table>    ← the companion table, rendered by the template
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

Number = int | float | Decimal

# Approximate width of one character at the 12 px chart font: used to fit labels, no font metrics needed.
CHAR_WIDTH = 7
# Colours of successive series (radar polygons, trend lines).
PALETTE = ["#0b5cad", "#b35900", "#2e7d32", "#6a1b9a"]
GRID_COLOUR = "#c8ccd2"


def grouped_number(value: Number) -> str:
    """A figure with the locale's thousands separator (the bar chart's default value format)."""
    return number_format(value, force_grouping=True)


def short_number(value: Number | None) -> str:
    """A score with at most one decimal ('42', '42.5'), or '—' for a value withheld."""
    if value is None:
        return "—"
    return f"{float(value):.1f}".rstrip("0").rstrip(".")


def fit_label(label: str, width: float) -> str:
    """Shorten a label that would not fit `width` pixels; the full label stays in the element's tooltip."""
    room = max(3, int(width) // CHAR_WIDTH)
    return label if len(label) <= room else label[: room - 1].rstrip() + "…"


def chart_ids(chart_id: str, title: str, fallback: str) -> tuple[str, str, str]:
    """The chart's id ("chart-" + a slug of `chart_id`, else of the title) and those of its title and desc."""
    base = "chart-" + (slugify(chart_id or title, allow_unicode=True)[:48] or fallback)
    return base, f"{base}-title", f"{base}-desc"


def svg_frame(
    *,
    width: float,
    height: float,
    css_class: str,
    title: str,
    description: str,
    title_id: str,
    desc_id: str,
    svg_id: str = "",
) -> list[str]:
    """The opening of a chart: the `<svg role="img">` element labelled by its `<title>` and `<desc>`.

    Returns a list of parts to which the chart appends its drawing; `svg_close` ends it.
    """
    id_attr = f' id="{escape(svg_id)}"' if svg_id else ""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{escape(css_class)}" role="img"{id_attr} '
        f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]


def svg_close(parts: list[str]) -> SafeString:
    """End the chart begun by `svg_frame` and mark it safe for a template."""
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every chart escapes each value it interpolates


def nice_step(span: float) -> float:
    """A round gridline step giving about four intervals over `span`."""
    if span <= 0:
        return 1.0
    raw = span / 4
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def series_description(labels: Sequence[str], series: Sequence[tuple[str, Sequence[Number | None]]]) -> str:
    """The figures of several series read out: "Seoul: D1 42, D2 50; Average: D1 40, D2 —"."""
    return "; ".join(
        f"{name}: "
        + ", ".join(f"{label} {short_number(v)}" for label, v in zip(labels, values, strict=False))
        for name, values in series
    )


def legend_entry(*, x: float, y: float, colour: str, text: str) -> str:
    """A legend line: a colour square at (x, y) and the series' name beside it."""
    return (
        f'<rect x="{x}" y="{y}" width="14" height="14" fill="{colour}"/>'
        f'<text x="{x + 20}" y="{y + 7}" dominant-baseline="central">{escape(text)}</text>'
    )


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
    value_format: Callable[[Number], str] = grouped_number,
    chart_id: str = "",  # defaults to one made from the title: pass one if a page repeats a title
    css_class: str = "chart",
) -> SafeString:
    """A horizontal bar chart of (label, value) rows, as an SVG string safe to put in a template.

    Bars are scaled to the largest value (zero and negative values draw no bar). Labels and values
    are escaped. `description` defaults to the rows read out ("Asia: 12; Europe: 8 …"), so the chart
    says the same thing to a screen reader as to the eye; still render a data table beside it.
    """
    _base, title_id, desc_id = chart_ids(chart_id, title, "bars")
    if not description:
        description = "; ".join(f"{label}: {value_format(value)}" for label, value in rows)

    top = 4
    height = top * 2 + max(1, len(rows)) * (bar_height + gap) - gap
    plot_width = max(10, width - label_width - value_width)
    largest = max((float(value) for _label, value in rows), default=0.0)

    parts = svg_frame(
        width=width,
        height=height,
        css_class=css_class,
        title=title,
        description=description,
        title_id=title_id,
        desc_id=desc_id,
    )
    for index, (label, value) in enumerate(rows):
        y = top + index * (bar_height + gap)
        bar = round(plot_width * float(value) / largest, 1) if largest > 0 and value > 0 else 0
        text_y = y + bar_height / 2
        shown = value_format(value)
        parts.append(
            f"<g><title>{escape(label)}: {escape(shown)}</title>"
            f'<text x="{label_width - 6}" y="{text_y}" text-anchor="end" dominant-baseline="central">'
            f"{escape(fit_label(str(label), label_width - 6))}</text>"
            f'<rect x="{label_width}" y="{y}" width="{bar}" height="{bar_height}" fill="{escape(color)}" rx="2"/>'
            f'<text x="{label_width + bar + 6}" y="{text_y}" dominant-baseline="central">{escape(shown)}</text>'
            "</g>"
        )
    return svg_close(parts)


def radar_chart(
    axes: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number | None]]],
    *,
    title: str,
    description: str = "",
    size: int = 360,
    maximum: Number = 100,
    rings: int = 4,
    chart_id: str = "",
    css_class: str = "chart radar-chart",
) -> SafeString:
    """A radar (spider) chart: one spoke per axis, one polygon per series (values 0..maximum).

    A series value of None (e.g. an average withheld because fewer than five cities) is drawn at the
    centre and read out as "—". The legend is drawn under the plot.
    """
    base, title_id, desc_id = chart_ids(chart_id, title, "radar")
    if not description:
        description = series_description(axes, series)
    n = max(1, len(axes))
    legend_height = 22 * len(series) + 8
    cx, cy = size / 2, size / 2
    radius = size / 2 - 56
    height = size + legend_height

    def point(index: int, fraction: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / n
        return round(cx + radius * fraction * math.cos(angle), 1), round(
            cy + radius * fraction * math.sin(angle), 1
        )

    parts = svg_frame(
        width=size,
        height=height,
        css_class=css_class,
        title=title,
        description=description,
        title_id=title_id,
        desc_id=desc_id,
        svg_id=base,
    )
    parts.append(f'<g class="radar-grid" fill="none" stroke="{GRID_COLOUR}" stroke-width="1">')
    for ring in range(1, rings + 1):
        pts = " ".join(f"{x},{y}" for x, y in (point(i, ring / rings) for i in range(n)))
        parts.append(f'<polygon points="{pts}"/>')
    for i in range(n):
        x, y = point(i, 1)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x}" y2="{y}"/>')
    parts.append("</g>")
    for ring in range(1, rings + 1):
        x, y = point(0, ring / rings)
        parts.append(
            f'<text class="radar-tick" x="{x + 4}" y="{y}" font-size="10">{short_number(float(maximum) * ring / rings)}</text>'
        )
    for i, axis in enumerate(axes):
        x, y = point(i, 1.16)
        anchor = "middle" if abs(x - cx) < 4 else ("start" if x > cx else "end")
        parts.append(
            f'<text x="{x}" y="{y}" text-anchor="{anchor}" dominant-baseline="central">{escape(axis)}</text>'
        )
    for s_index, (name, values) in enumerate(series):
        color = PALETTE[s_index % len(PALETTE)]
        fractions = [
            max(0.0, min(1.0, float(v) / float(maximum))) if v is not None and float(maximum) else 0.0
            for v in list(values) + [None] * (n - len(values))
        ]
        pts = " ".join(f"{x},{y}" for x, y in (point(i, f) for i, f in enumerate(fractions)))
        dash = ' stroke-dasharray="6 4"' if s_index else ""
        parts.append(
            f'<g class="radar-series"><title>{escape(name)}</title>'
            f'<polygon points="{pts}" fill="{color}" fill-opacity="{0.25 if s_index == 0 else 0.08}" '
            f'stroke="{color}" stroke-width="2"{dash}/>'
        )
        for i, f in enumerate(fractions):
            x, y = point(i, f)
            parts.append(
                f'<circle cx="{x}" cy="{y}" r="3" fill="{color}"><title>{escape(name)} — {escape(axes[i])}: '
                f"{short_number(values[i] if i < len(values) else None)}</title></circle>"
            )
        parts.append("</g>")
        parts.append(legend_entry(x=12, y=size + 8 + 22 * s_index, colour=color, text=name))
    return svg_close(parts)


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number | None]]],
    *,
    title: str,
    description: str = "",
    width: int = 560,
    height: int = 260,
    maximum: Number = 100,
    chart_id: str = "",
    css_class: str = "chart line-chart",
) -> SafeString:
    """A trend: lines over ordered labels (e.g. investigations, years), values 0..maximum; gaps for None."""
    base, title_id, desc_id = chart_ids(chart_id, title, "line")
    if not description:
        description = series_description(labels, series)
    left, right, top, bottom = 40, 48, 12, 36
    legend_height = 22 * len(series)
    total_height = height + legend_height
    plot_w, plot_h = width - left - right, height - top - bottom
    count = len(labels)

    def x_at(i: int) -> float:
        return round(left + (plot_w * i / (count - 1) if count > 1 else plot_w / 2), 1)

    def y_at(v: Number) -> float:
        return round(top + plot_h * (1 - max(0.0, min(1.0, float(v) / float(maximum)))), 1)

    parts = svg_frame(
        width=width,
        height=total_height,
        css_class=css_class,
        title=title,
        description=description,
        title_id=title_id,
        desc_id=desc_id,
        svg_id=base,
    )
    parts.append(f'<g class="line-grid" stroke="{GRID_COLOUR}" stroke-width="1">')
    for step in range(5):
        value = float(maximum) * step / 4
        y = y_at(value)
        parts.append(f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y}" text-anchor="end" dominant-baseline="central" stroke="none">{short_number(value)}</text>'
        )
    parts.append("</g>")
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{x_at(i)}" y="{height - bottom + 18}" text-anchor="middle">{escape(label)}</text>'
        )
    for s_index, (name, values) in enumerate(series):
        color = PALETTE[s_index % len(PALETTE)]
        segments: list[list[str]] = [[]]
        for i, v in enumerate(values):
            if v is None:
                segments.append([])
                continue
            segments[-1].append(f"{x_at(i)},{y_at(v)}")
        parts.append(f'<g class="line-series"><title>{escape(name)}</title>')
        for seg in segments:
            if len(seg) > 1:
                parts.append(
                    f'<polyline points="{" ".join(seg)}" fill="none" stroke="{color}" stroke-width="2"/>'
                )
        for i, v in enumerate(values):
            if v is not None:
                parts.append(
                    f'<circle cx="{x_at(i)}" cy="{y_at(v)}" r="3.5" fill="{color}">'
                    f"<title>{escape(name)} — {escape(labels[i])}: {short_number(v)}</title></circle>"
                )
        parts.append("</g>")
        parts.append(legend_entry(x=left, y=height + 22 * s_index, colour=color, text=name))
    return svg_close(parts)
