"""Public pages of the membership app (directory, profiles), mounted under /members/ in the "members"
namespace. `/members/my/` is declared before this include in members/urls.py, so it wins over `<slug>`."""

from django.urls import path

from .views import public

urlpatterns = [
    path("", public.directory, name="directory"),
    path("<slug:slug>/", public.detail, name="detail"),
]
