"""API routes of the training app (included under /api/v1/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("training/programs/", views.ProgramListApi.as_view(), name="training-program-list"),
    path("training/sessions/", views.SessionListApi.as_view(), name="training-session-list"),
]
