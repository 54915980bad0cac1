"""The membership staff console, mounted at /staff/members/ (staff need two-factor authentication)."""

from django.urls import path

from .views import staff

app_name = "members_staff"

urlpatterns = [
    path("", staff.console, name="console"),
    path("applications/<int:pk>/", staff.application_detail, name="application"),
    path("applications/<int:pk>/letter.pdf", staff.application_letter, name="application-letter"),
    path("withdrawals/<int:pk>/", staff.withdrawal_decide, name="withdrawal"),
    path("list/", staff.member_list, name="members"),
    path("<int:pk>/", staff.member_manage, name="member"),
]
