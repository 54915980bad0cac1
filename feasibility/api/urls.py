"""API routes of the feasibility app (included under /api/v1/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("feasibility/calls/", views.CallListApi.as_view(), name="feasibility-call-list"),
    path("feasibility/projects/", views.ProjectListApi.as_view(), name="feasibility-project-list"),
]
