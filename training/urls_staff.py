"""Staff console of the training app (mounted at /staff/training/; staff need two-factor authentication)."""

app_name = "training_staff"

urlpatterns: list = []
