"""API routes of the governance app (included under /api/v1/)."""

urlpatterns: list = []
