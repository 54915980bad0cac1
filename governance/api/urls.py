"""API routes of the governance app (included under /api/v1/, namespace "api")."""

from django.urls import path

from . import views

urlpatterns = [
    path("elections/", views.ElectionListApi.as_view(), name="election-list"),
    path("elections/<int:pk>/results/", views.ElectionResultsApi.as_view(), name="election-results"),
    path("governance/officers/", views.OfficersApi.as_view(), name="governance-officers"),
]
