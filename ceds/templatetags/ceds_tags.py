"""Template helpers of the CeDS: Markdown rendered and sanitised, stage labels (scores: wego_tags)."""

from __future__ import annotations

import markdown as md
import nh3
from django import template
from django.utils.safestring import mark_safe

from ..scoring import STAGE_LABELS

register = template.Library()

ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h3", "h4", "hr"}


@register.filter
def markdown_safe(text: str) -> str:
    """Markdown → HTML, then cleaned by nh3 (no scripts, no styles, no event handlers; links get rel)."""
    html = md.markdown(text or "", extensions=["sane_lists"], output_format="html")
    return mark_safe(nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}}, link_rel="nofollow noopener"))  # noqa: S308


@register.filter
def stage_label(code: str) -> str:
    return str(STAGE_LABELS.get(code, code))
