"""Prize certificates as PDF (WeasyPrint), from a standalone template with its styles inline.

Rendering reuses the portal's PDF helpers (wego.pdf): no URL is ever fetched while
rendering, so text typed by applicants cannot make the server request anything.
"""

from __future__ import annotations

from wego.pdf import pdf_response, render_pdf


def certificate_bytes(prize) -> bytes:
    """The certificate of a prize, in the active language."""
    return render_pdf("awards/certificate.html", {"prize": prize, "entry": prize.entry, "edition": prize.edition})


def certificate_pdf(prize):
    kind = "best" if prize.kind == prize.Kind.BEST else "outstanding"
    filename = f"wego-awards-{prize.edition.year}-{prize.category.code}-{kind}.pdf"
    return pdf_response(certificate_bytes(prize), filename=filename)
