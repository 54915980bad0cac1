"""The public partner directory, mounted at /partners/."""

from django.urls import path

from .views import public

app_name = "partners"

urlpatterns = [
    path("", public.partners, name="index"),
]
