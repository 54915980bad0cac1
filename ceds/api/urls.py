"""API routes of the ceds app (included under /api/v1/)."""

urlpatterns: list = []
