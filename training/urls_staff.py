"""Staff console of the training app (mounted at /staff/training/; staff need two-factor authentication)."""

from django.urls import path

from .views import staff

app_name = "training_staff"

urlpatterns = [
    path("", staff.console, name="console"),
    path("sessions/<int:pk>/", staff.session_detail, name="session"),
    path("sessions/<int:pk>/action/", staff.session_action, name="session-action"),
    path("sessions/<int:pk>/applications/<int:app_pk>/", staff.application_decide, name="application-decide"),
    path("sessions/<int:pk>/attendance/", staff.attendance, name="attendance"),
    path("sessions/<int:pk>/certificates/", staff.certificates, name="certificates"),
    path("sessions/<int:pk>/feedback/", staff.feedback_results, name="feedback"),
    path("sessions/<int:pk>/export/visas.csv", staff.export_visas, name="export-visas"),
    path("sessions/<int:pk>/export/logistics.csv", staff.export_logistics, name="export-logistics"),
    path("requests/", staff.requests_list, name="requests"),
    path("requests/<int:pk>/", staff.request_detail, name="request"),
    path("support/", staff.support_queue, name="support"),
    path("support/<int:pk>/", staff.support_detail, name="support-detail"),
    path("alumni/", staff.alumni, name="alumni"),
]
