"""Staff console of the feasibility app (mounted at /staff/feasibility/; staff need two-factor authentication)."""

from django.urls import path

from .views import staff

app_name = "feasibility_staff"

urlpatterns = [
    path("", staff.console, name="console"),
    path("surveys/new/", staff.survey_new, name="survey-new"),
    path("surveys/<int:pk>/", staff.survey_detail, name="survey"),
    path("calls/new/", staff.call_new, name="call-new"),
    path("calls/<int:pk>/", staff.call_manage, name="call"),
    path("letters/<int:pk>/decide/", staff.letter_decide, name="letter-decide"),
    path("projects/<int:pk>/", staff.project_manage, name="project"),
]
