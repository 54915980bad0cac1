"""Finance pages of the members app (invoices of officials, fee grid, finance report), under /members/."""

urlpatterns: list = []
