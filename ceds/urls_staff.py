"""Staff console of the ceds app (mounted at /staff/ceds/; staff need two-factor authentication)."""

app_name = "ceds_staff"

urlpatterns: list = []
