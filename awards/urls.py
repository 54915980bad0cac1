"""Pages of the awards app (mounted at /awards/)."""

from django.urls import path

from .views import applicant, judge, public

app_name = "awards"

urlpatterns = [
    path("", public.index, name="index"),
    path("<int:year>/", public.edition, name="edition"),
    path("<int:year>/apply/", applicant.entry_edit, name="entry-new"),
    path("my/", applicant.my_entries, name="my-entries"),
    path("entries/<int:pk>/", public.entry_detail, name="entry"),
    path("entries/<int:pk>/edit/", applicant.entry_edit, name="entry-edit"),
    path("entries/<int:pk>/withdraw/", applicant.entry_withdraw, name="entry-withdraw"),
    path("entries/<int:pk>/images/", applicant.entry_image_add, name="entry-image-add"),
    path("entries/<int:pk>/images/<int:image_id>/", public.entry_image, name="entry-image"),
    path("entries/<int:pk>/images/<int:image_id>/remove/", applicant.entry_image_remove, name="entry-image-remove"),
    path("entries/<int:pk>/documents/", applicant.entry_document_add, name="entry-document-add"),
    path("entries/<int:pk>/documents/<int:doc_id>/", public.entry_document, name="entry-document"),
    path(
        "entries/<int:pk>/documents/<int:doc_id>/remove/", applicant.entry_document_remove, name="entry-document-remove"
    ),
    path("vote/", public.vote, name="vote"),
    path("vote/cast/", public.vote_cast, name="vote-cast"),
    path("judge/", judge.queue, name="judge-queue"),
    path("judge/<int:pk>/", judge.score, name="judge-score"),
    path("judge/<int:pk>/conflict/", judge.conflict, name="judge-conflict"),
    path("prizes/<int:pk>/certificate.pdf", public.certificate, name="certificate"),
]
