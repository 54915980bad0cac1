"""PDF documents of membership finance (invoices, the annual report), rendered with wego.pdf."""

from __future__ import annotations

from django.utils import timezone, translation

from wego.pdf import FONT_STACK, html_to_pdf, pdf_response, render_pdf, safe_filename  # noqa: F401

from . import fees


def invoice_pdf(invoice) -> bytes:
    """The PDF of an invoice or credit note, in the invoice's language.

    `invoice` should come from `invoice_list_with_balance()` (it carries `paid` and `balance`)."""
    language = invoice.language or "en"
    payments = list(invoice.payments.order_by("paid_on", "pk"))
    with translation.override(language):
        lines = fees.explain(invoice.explanation or {})
        context = {
            "invoice": invoice,
            "member": invoice.member,
            "payments": payments,
            "lines": lines,
            "is_credit_note": invoice.kind == invoice.Kind.CREDIT_NOTE,
            "is_example": (invoice.explanation or {}).get("schedule_status") == "example",
            "overdue": (
                invoice.kind == invoice.Kind.INVOICE
                and invoice.status == invoice.Status.ISSUED
                and invoice.due_on < timezone.localdate()
                and getattr(invoice, "balance", 0) > 0
            ),
        }
        return render_pdf("finance/invoice_pdf.html", context, language=language)
