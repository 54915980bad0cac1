"""API routes of the awards app (included under /api/v1/)."""

urlpatterns: list = []
