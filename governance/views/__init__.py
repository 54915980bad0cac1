"""Pages of the governance app: public (public.py), delegates and focal points (my.py), staff (staff.py)."""
