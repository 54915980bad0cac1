"""Template filters for the economic analysis: rates as percentages, ratios (money, years, scores: wego_tags)."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

from feasibility.economics import rate_places

register = template.Library()


@register.filter
def percent(fraction, places: int = 2) -> str:
    """0.130662 → '13.07 %'; −0.99999 → '−99.999 %' (never rounded to −100 %); None → '—'."""
    if fraction is None or fraction == "":
        return "—"
    try:
        value = Decimal(str(fraction)) * 100
    except (InvalidOperation, ValueError):
        return "—"
    places = rate_places(value / 100, int(places))
    return f"{number_format(round(value, places), places, force_grouping=True)} %"


@register.filter
def ratio(value) -> str:
    if value is None:
        return "—"
    return number_format(round(Decimal(str(value)), 3), 3)
