"""Staff console of the awards app (mounted at /staff/awards/; staff need two-factor authentication)."""

from django.urls import path

from .views import staff

app_name = "awards_staff"

urlpatterns = [
    path("", staff.console, name="console"),
    path("editions/new/", staff.edition_new, name="edition-new"),
    path("<int:year>/", staff.edition_detail, name="edition"),
    path("<int:year>/edit/", staff.edition_edit, name="edition-edit"),
    path("<int:year>/phase/", staff.edition_transition, name="transition"),
    path("<int:year>/ranking-method/", staff.ranking_method, name="ranking-method"),
    path("<int:year>/entries/", staff.entries, name="entries"),
    path("entries/<int:pk>/", staff.entry_screen, name="entry-screen"),
    path("<int:year>/judges/", staff.judges, name="judges"),
    path("<int:year>/assignments/<slug:code>/", staff.assignments, name="assignments"),
    path("<int:year>/assignments/<slug:code>/spread/", staff.spread, name="spread"),
    path("assignments/<int:pk>/remove/", staff.assignment_remove, name="assignment-remove"),
    path("<int:year>/ranking/<slug:code>/", staff.ranking, name="ranking"),
    path("<int:year>/votes/", staff.votes, name="votes"),
    path("<int:year>/votes/void/", staff.votes_void, name="votes-void"),
]
