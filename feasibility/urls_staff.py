"""Staff console of the feasibility app (mounted at /staff/feasibility/; staff need two-factor authentication)."""

app_name = "feasibility_staff"

urlpatterns: list = []
