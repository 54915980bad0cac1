"""Pages of the ceds app (mounted at /ceds/)."""

app_name = "ceds"

urlpatterns: list = []
