"""Routes of the membership API, included at /api/v1/ (namespace "api")."""

from django.urls import path

from . import views

urlpatterns = [
    path("members/", views.MemberListApi.as_view(), name="member-list"),
    path("members/<int:pk>/", views.MemberDetailApi.as_view(), name="member-detail"),
    path("regional-offices/", views.RegionalOfficeListApi.as_view(), name="regional-office-list"),
    path("partners/", views.PartnerListApi.as_view(), name="partner-list"),
]
