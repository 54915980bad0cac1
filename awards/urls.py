"""Pages of the awards app (mounted at /awards/)."""

app_name = "awards"

urlpatterns: list = []
