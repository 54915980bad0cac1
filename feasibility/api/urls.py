"""API routes of the feasibility app (included under /api/v1/)."""

urlpatterns: list = []
