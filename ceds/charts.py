"""Server-side SVG charts of the CeDS: a radar of the six dimensions and a line chart of the trend.

Same conventions as members.charts.bar_chart: an `<svg role="img">` labelled by its own `<title>` and
`<desc>` (which reads the figures out), every interpolated text escaped; the page shows the same
numbers in a data table next to it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

Number = int | float | Decimal
PALETTE = ["#0b5cad", "#b35900", "#2e7d32", "#6a1b9a"]


def _fmt(value: Number | None) -> str:
    if value is None:
        return "—"
    return f"{float(value):.1f}".rstrip("0").rstrip(".")


def _ids(chart_id: str, title: str, fallback: str) -> tuple[str, str, str]:
    base = "chart-" + (slugify(chart_id or title, allow_unicode=True)[:48] or fallback)
    return base, f"{base}-title", f"{base}-desc"


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
    base, title_id, desc_id = _ids(chart_id, title, "radar")
    if not description:
        description = "; ".join(
            f"{name}: " + ", ".join(f"{axis} {_fmt(v)}" for axis, v in zip(axes, values, strict=False))
            for name, values in series
        )
    n = max(1, len(axes))
    legend_height = 22 * len(series) + 8
    cx, cy = size / 2, size / 2
    radius = size / 2 - 56
    height = size + legend_height

    def point(index: int, fraction: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / n
        return round(cx + radius * fraction * math.cos(angle), 1), round(cy + radius * fraction * math.sin(angle), 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{escape(css_class)}" role="img" id="{base}" '
        f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {size} {height}" width="{size}" height="{height}" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
        '<g class="radar-grid" fill="none" stroke="#c8ccd2" stroke-width="1">',
    ]
    for ring in range(1, rings + 1):
        pts = " ".join(f"{x},{y}" for x, y in (point(i, ring / rings) for i in range(n)))
        parts.append(f'<polygon points="{pts}"/>')
    for i in range(n):
        x, y = point(i, 1)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x}" y2="{y}"/>')
    parts.append("</g>")
    for ring in range(1, rings + 1):
        x, y = point(0, ring / rings)
        parts.append(f'<text class="radar-tick" x="{x + 4}" y="{y}" font-size="10">{_fmt(float(maximum) * ring / rings)}</text>')
    for i, axis in enumerate(axes):
        x, y = point(i, 1.16)
        anchor = "middle" if abs(x - cx) < 4 else ("start" if x > cx else "end")
        parts.append(f'<text x="{x}" y="{y}" text-anchor="{anchor}" dominant-baseline="central">{escape(axis)}</text>')
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
                f"{_fmt(values[i] if i < len(values) else None)}</title></circle>"
            )
        parts.append("</g>")
        ly = size + 8 + 22 * s_index
        parts.append(
            f'<rect x="12" y="{ly}" width="14" height="14" fill="{color}"/>'
            f'<text x="32" y="{ly + 7}" dominant-baseline="central">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every interpolated value above is escaped


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
    """A line chart over ordered labels (e.g. investigations), values 0..maximum; gaps for None."""
    base, title_id, desc_id = _ids(chart_id, title, "line")
    if not description:
        description = "; ".join(
            f"{name}: " + ", ".join(f"{label} {_fmt(v)}" for label, v in zip(labels, values, strict=False))
            for name, values in series
        )
    left, right, top, bottom = 40, 48, 12, 36
    legend_height = 22 * len(series)
    total_height = height + legend_height
    plot_w, plot_h = width - left - right, height - top - bottom
    count = len(labels)

    def x_at(i: int) -> float:
        return round(left + (plot_w * i / (count - 1) if count > 1 else plot_w / 2), 1)

    def y_at(v: Number) -> float:
        return round(top + plot_h * (1 - max(0.0, min(1.0, float(v) / float(maximum)))), 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{escape(css_class)}" role="img" id="{base}" '
        f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {width} {total_height}" width="{width}" '
        f'height="{total_height}" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
        '<g class="line-grid" stroke="#c8ccd2" stroke-width="1">',
    ]
    for step in range(5):
        value = float(maximum) * step / 4
        y = y_at(value)
        parts.append(f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}"/>')
        parts.append(f'<text x="{left - 6}" y="{y}" text-anchor="end" dominant-baseline="central" stroke="none">{_fmt(value)}</text>')
    parts.append("</g>")
    for i, label in enumerate(labels):
        parts.append(f'<text x="{x_at(i)}" y="{height - bottom + 18}" text-anchor="middle">{escape(label)}</text>')
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
                parts.append(f'<polyline points="{" ".join(seg)}" fill="none" stroke="{color}" stroke-width="2"/>')
        for i, v in enumerate(values):
            if v is not None:
                parts.append(
                    f'<circle cx="{x_at(i)}" cy="{y_at(v)}" r="3.5" fill="{color}">'
                    f"<title>{escape(name)} — {escape(labels[i])}: {_fmt(v)}</title></circle>"
                )
        parts.append("</g>")
        ly = height + 22 * s_index
        parts.append(
            f'<rect x="{left}" y="{ly}" width="14" height="14" fill="{color}"/>'
            f'<text x="{left + 20}" y="{ly + 7}" dominant-baseline="central">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every interpolated value above is escaped
