"""Pages of the training app (mounted at /training/)."""

app_name = "training"

urlpatterns: list = []
