from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("my/", views.my_member, name="my"),
]
