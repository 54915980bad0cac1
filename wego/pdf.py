"""PDF documents of the portal (invoices, reports, certificates), rendered by WeasyPrint.

Templates are standalone HTML pages with their styles inline: a PDF never fetches anything.
The URL fetcher only accepts `data:` URLs, so text entered by people can never make the server
request a file or a web address while rendering.
"""

from __future__ import annotations

import re

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

# Fonts tried in order: Korean first where installed, then any sans-serif the system has.
FONT_STACK = '"Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "Malgun Gothic", "DejaVu Sans", sans-serif'


def _url_fetcher():
    """A fetcher that refuses every URL but inline `data:` ones."""
    from weasyprint import urls  # noqa: PLC0415 — WeasyPrint loads Pango/Cairo: only when a PDF is made

    if hasattr(urls, "URLFetcher"):  # WeasyPrint 66 and later
        return urls.URLFetcher(allowed_protocols={"data"})

    def fetch(url: str, *args, **kwargs):  # older WeasyPrint: a plain function
        if not url.startswith("data:"):
            raise ValueError(f"External resources are not fetched: {url}")
        return urls.default_url_fetcher(url, *args, **kwargs)

    return fetch


def html_to_pdf(html: str) -> bytes:
    """Render a standalone HTML string as PDF bytes."""
    from weasyprint import HTML  # noqa: PLC0415 — as above

    return HTML(string=html, base_url=None, url_fetcher=_url_fetcher()).write_pdf()


def render_pdf(template: str, context: dict, *, language: str | None = None) -> bytes:
    """Render a template as PDF, in `language` when given (else the active language)."""
    context = {"font_stack": FONT_STACK, **context}
    if language:
        with translation.override(language):
            html = render_to_string(template, {**context, "LANGUAGE_CODE": language})
    else:
        html = render_to_string(template, {**context, "LANGUAGE_CODE": translation.get_language()})
    return html_to_pdf(html)


def safe_filename(name: str) -> str:
    """A filename safe in a Content-Disposition header (letters, digits, dot, dash, underscore)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")
    return cleaned or "document.pdf"


def pdf_response(content: bytes, *, filename: str, inline: bool = True) -> HttpResponse:
    """An HTTP response carrying a PDF, shown in the browser (inline) or downloaded."""
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{safe_filename(filename)}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
