from django.urls import include, path

from .views import my

app_name = "members"

urlpatterns = [
    path("my/", my.my_member, name="my"),
    path("", include("members.urls_public")),
]
