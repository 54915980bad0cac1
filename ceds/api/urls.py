"""API routes of the ceds app (included under /api/v1/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("ceds/framework/", views.FrameworkApi.as_view(), name="ceds-framework"),
    path("ceds/benchmarks/", views.BenchmarksApi.as_view(), name="ceds-benchmarks"),
    path("ceds/investigations/", views.InvestigationListApi.as_view(), name="ceds-investigation-list"),
    path("ceds/investigations/<int:pk>/reports/", views.InvestigationReportsApi.as_view(), name="ceds-investigation-reports"),
]
