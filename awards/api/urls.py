"""API routes of the awards app (included under /api/v1/, namespace "api")."""

from django.urls import path

from . import views

urlpatterns = [
    path("awards/editions/", views.EditionListApi.as_view(), name="awards-edition-list"),
    path("awards/winners/", views.WinnerListApi.as_view(), name="awards-winner-list"),
]
