"""Finance: economy data (the IMF WEO parser, weo.py), the fee formula (fees.py), fee schedules, fee runs,
invoices, credit notes, payments, donations, other revenue (models, services, selectors), the finance
report (report.py)."""
