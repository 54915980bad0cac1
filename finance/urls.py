"""Finance pages (invoices of officials, fee grid, finance report), under /members/ as before.

Included in wego/urls.py before members.urls (whose public `<slug>/` route would take "fees" and
"finance"), under the namespace "finance"."""

from django.urls import path

from . import views as finance

app_name = "finance"

urlpatterns = [
    path("my/invoices/", finance.invoices, name="invoices"),
    path("my/invoices/<int:pk>.pdf", finance.invoice_pdf, name="invoice-pdf"),
    path("fees/", finance.fee_grid, name="fee-grid"),
    path("fees/<int:year>/", finance.fee_grid, name="fee-grid-year"),
    # reverse("finance:finance-report") is the latest year; with a year, that year's report.
    path("finance/", finance.report, name="finance-report"),
    path("finance/<int:year>/", finance.report, name="finance-report"),
    path("finance/<int:year>.csv", finance.report_csv, name="finance-report-csv"),
    path("finance/<int:year>.pdf", finance.report_pdf, name="finance-report-pdf"),
]
