"""The certificate PDF (WeasyPrint), rendered from the frozen facts of a Certificate."""

from __future__ import annotations

from wego.pdf import pdf_response, render_pdf  # the portal's safe WeasyPrint helpers


def certificate_pdf(certificate, *, verify_url: str, language: str | None = None) -> bytes:
    return render_pdf("training/certificate_pdf.html", {"certificate": certificate, "verify_url": verify_url}, language=language)


__all__ = ["certificate_pdf", "pdf_response"]
