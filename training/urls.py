"""Pages of the training app (mounted at /training/)."""

from django.urls import path

from .views import member, public

app_name = "training"

urlpatterns = [
    path("", public.catalogue, name="catalogue"),
    path("programs/<slug:slug>/", public.program_detail, name="program"),
    path("programs/<slug:slug>/calendar.ics", public.program_ics, name="program-ics"),
    path("calendar/", public.calendar, name="calendar"),
    path("calendar.ics", public.calendar_ics, name="calendar-ics"),
    path("sessions/<int:pk>/", public.session_detail, name="session"),
    path("sessions/<int:pk>/apply/", member.apply, name="apply"),
    path("sessions/<int:pk>/apply-now/", member.apply_now, name="apply-now"),
    path("certificates/verify/", public.certificate_verify, name="certificate-verify"),
    path("certificates/<int:pk>/pdf/", member.certificate_download, name="certificate-pdf"),
    path("alumni/", public.alumni, name="alumni"),
    path("my/", member.my_applications, name="my-applications"),
    path("applications/<int:pk>/cancel/", member.application_cancel, name="application-cancel"),
    path("applications/<int:pk>/offer/", member.offer_answer, name="offer-answer"),
    path("applications/<int:pk>/feedback/", member.feedback, name="feedback"),
    path("nominations/", member.nominations, name="nominations"),
    path("nominations/<int:pk>/", member.nomination_decide, name="nomination-decide"),
    path("nominations/sessions/<int:session_pk>/rank/", member.nominations_rank, name="nominations-rank"),
    path("requests/", member.training_requests, name="requests"),
    path("requests/<int:pk>/withdraw/", member.training_request_withdraw, name="request-withdraw"),
    path("support/", member.support_list, name="support-list"),
    path("support/new/", member.support_new, name="support-new"),
    path("support/<int:pk>/", member.support_detail, name="support-detail"),
    path("support/attachments/<int:pk>/", member.support_attachment, name="support-attachment"),
]
