"""Pages of the feasibility app (mounted at /feasibility/)."""

app_name = "feasibility"

urlpatterns: list = []
