"""Staff console of the awards app (mounted at /staff/awards/; staff need two-factor authentication)."""

app_name = "awards_staff"

urlpatterns: list = []
