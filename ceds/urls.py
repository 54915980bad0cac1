"""Pages of the ceds app (mounted at /ceds/)."""

from django.urls import path

from .views import dashboard, help, investigations, library

app_name = "ceds"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("sharing/", dashboard.profile_update, name="profile"),
    path("actions/<int:pk>/", dashboard.action_update, name="action_update"),
    path("actions/<int:pk>/help/", help.action_help, name="action_help"),
    path("actions/<int:pk>/notes/", help.action_note, name="action_note"),
    path("actions/<int:pk>/contact/<slug:slug>/", help.peer_contact, name="peer_contact"),
    path("investigations/<int:pk>/help/<str:code>/", help.dimension_help, name="dimension_help"),
    path("cities/<slug:slug>/", dashboard.shared_city, name="shared_city"),
    path("investigations/new/", investigations.investigation_new, name="investigation_new"),
    path("investigations/<int:pk>/", investigations.investigation_detail, name="investigation"),
    path("investigations/<int:pk>/maturity/<str:code>/", investigations.maturity_section, name="maturity_section"),
    path("investigations/<int:pk>/systems/<str:code>/", investigations.systems_section, name="systems_section"),
    path("investigations/<int:pk>/stakeholders/", investigations.stakeholder_add, name="stakeholder_add"),
    path(
        "investigations/<int:pk>/stakeholders/<int:stakeholder_pk>/remove/",
        investigations.stakeholder_remove,
        name="stakeholder_remove",
    ),
    path("investigations/<int:pk>/workbook.xlsx", investigations.workbook_download, name="workbook"),
    path("investigations/<int:pk>/upload/", investigations.workbook_upload, name="workbook_upload"),
    path("investigations/<int:pk>/submit/", investigations.investigation_submit, name="investigation_submit"),
    path("investigations/<int:pk>/delete/", investigations.investigation_delete, name="investigation_delete"),
    path("investigations/<int:pk>/report/", dashboard.report, name="report"),
    path("investigations/<int:pk>/report.pdf", dashboard.report_pdf, name="report_pdf"),
    path("investigations/<int:pk>/report.csv", dashboard.report_csv, name="report_csv"),
    path("modules/", library.modules, name="modules"),
    path("modules/<slug:slug>/", library.module_detail, name="module"),
    path("modules/<slug:slug>/documents/<int:pk>/", library.module_document, name="module-document"),
    path("forum/", library.forum, name="forum"),
    path("forum/new/", library.forum_new, name="forum_new"),
    path("forum/<int:pk>/", library.forum_topic, name="forum_topic"),
]
