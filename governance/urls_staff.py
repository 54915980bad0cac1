"""Staff console of the governance app (mounted at /staff/governance/; staff need two-factor authentication)."""

app_name = "governance_staff"

urlpatterns: list = []
