"""Staff console of the ceds app (mounted at /staff/ceds/; staff need two-factor authentication)."""

from django.urls import path

from .views import staff

app_name = "ceds_staff"

urlpatterns = [
    path("", staff.index, name="index"),
    path("scores.csv", staff.scores_csv, name="scores_csv"),
]
