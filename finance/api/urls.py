"""Routes of the public fee API, included at /api/v1/ (namespace "api") by wego/api/urls.py."""

from django.urls import path

from . import views as finance

urlpatterns = [
    path("fee-schedule/", finance.FeeScheduleApi.as_view(), name="fee-schedule"),
    path("members/<int:pk>/fee-quote/", finance.MemberFeeQuoteApi.as_view(), name="member-fee-quote"),
]
