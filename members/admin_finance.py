"""Admin of fee schedules, fee runs, invoices, payments, donations and other revenue."""
