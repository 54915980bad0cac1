"""The /api/v1/ router: each app adds its routes in its own api/urls.py."""

from django.urls import include, path

from .views import MeApi, TopicListApi

app_name = "api"

urlpatterns = [
    path("me/", MeApi.as_view(), name="me"),
    path("topics/", TopicListApi.as_view(), name="topics"),
    path("", include("members.api.urls")),
    path("", include("finance.api.urls")),
    path("", include("governance.api.urls")),
    path("", include("ceds.api.urls")),
    path("", include("feasibility.api.urls")),
    path("", include("awards.api.urls")),
    path("", include("training.api.urls")),
]
