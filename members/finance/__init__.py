"""Membership fees and finance: economy data (weo.py), the fee formula (fees.py), services, selectors."""
