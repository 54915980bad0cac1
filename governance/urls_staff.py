"""Staff console of the governance app (mounted at /staff/governance/; staff need two-factor authentication)."""

from django.urls import path

from .views import staff

app_name = "governance_staff"

urlpatterns = [
    path("", staff.console, name="console"),
    path("elections/new/", staff.election_new, name="election_new"),
    path("motions/new/", staff.motion_new, name="motion_new"),
    path("elections/<int:pk>/", staff.election_manage, name="election"),
    path("elections/<int:pk>/<slug:action>/", staff.election_action, name="election_action"),
]
