"""Pages of the membership app, by audience: public.py (directory), my.py (officials), apply.py
(applicants), staff.py (Secretariat and regional-office console)."""
