"""Pages of the feasibility app (mounted at /feasibility/)."""

from django.urls import path

from .views import member, project, public, review

app_name = "feasibility"

urlpatterns = [
    # Public
    path("", public.calls, name="calls"),
    path("calls/<int:pk>/", public.call_detail, name="call"),
    path("calls/documents/<int:pk>/", public.call_document, name="call-document"),
    path("library/", public.library, name="library"),
    path("library/<int:pk>/", public.library_detail, name="library-detail"),
    path("library/<int:pk>/report.pdf", public.library_report, name="library-report"),
    # Member officials
    path("my/", member.my, name="my"),
    path("calls/<int:call_pk>/letter/<int:member_id>/", member.letter_start, name="letter-start"),
    path("letters/<int:pk>/", member.letter_detail, name="letter"),
    path("letters/<int:pk>/reopen/", member.letter_reopen, name="letter-reopen"),
    path("letters/<int:pk>/signed-letter.pdf", member.letter_file, name="letter-file"),
    path("surveys/<int:pk>/rank/<int:member_id>/", member.survey_rank, name="survey-rank"),
    path("reports/<int:pk>/", member.implementation_report, name="implementation-report"),
    path("reports/<int:pk>/report.pdf", member.implementation_report_file, name="implementation-report-file"),
    path("projects/<int:pk>/consent/", member.project_consent, name="project-consent"),
    # Reviewers
    path("reviews/", review.queue, name="reviews"),
    path("reviews/<int:pk>/", review.review_detail, name="review"),
    path("reviews/<int:pk>/conflict/", review.review_conflict, name="review-conflict"),
    # Consultants, beneficiaries and the Secretariat
    path("workspace/", project.workspace, name="workspace"),
    path("projects/<int:pk>/", project.project_detail, name="project"),
    path("projects/<int:pk>/transition/", project.project_transition, name="project-transition"),
    path("projects/<int:pk>/milestones/<int:milestone_pk>/done/", project.milestone_done, name="milestone-done"),
    path("projects/<int:pk>/final-report.pdf", project.final_report, name="final-report"),
    path("projects/<int:pk>/deliverables/<int:deliverable_pk>/", project.deliverable_detail, name="deliverable"),
    path("documents/<int:pk>/", project.deliverable_document, name="deliverable-document"),
    path("projects/<int:pk>/economics/", project.economics, name="economics"),
    path("projects/<int:pk>/economics.xlsx", project.economics_xlsx, name="economics-xlsx"),
]
