"""Pages of the governance app (mounted at /governance/)."""

app_name = "governance"

urlpatterns: list = []
