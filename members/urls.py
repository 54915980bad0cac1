from django.urls import include, path

from .views import apply, my

app_name = "members"

urlpatterns = [
    path("my/", my.my_member, name="my"),
    path("my/<int:member_id>/invite/", my.invite, name="invite"),
    path("my/<int:member_id>/withdraw/", my.request_withdrawal, name="withdraw"),
    path("my/officials/<int:pk>/role/", my.set_role, name="set-role"),
    path("my/officials/<int:pk>/remove/", my.remove_official, name="remove-official"),
    path("my/invitations/<int:pk>/revoke/", my.revoke_invitation, name="revoke-invitation"),
    path("my/withdrawals/<int:pk>/cancel/", my.cancel_withdrawal, name="cancel-withdrawal"),
    path("invitations/<str:token>/", my.invitation, name="invitation"),
    path("apply/", apply.application_list, name="apply"),
    path("apply/new/", apply.application_edit, name="apply-new"),
    path("apply/<int:pk>/", apply.application_edit, name="apply-edit"),
    path("apply/<int:pk>/cancel/", apply.application_cancel, name="apply-cancel"),
    path("apply/<int:pk>/letter.pdf", apply.application_letter, name="apply-letter"),
    path("", include("members.urls_public")),
]
