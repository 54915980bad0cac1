"""Pages of the governance app (mounted at /governance/)."""

from django.urls import path

from .views import my, public

app_name = "governance"

urlpatterns = [
    path("", public.index, name="index"),
    path("vice-presidents/", public.vice_presidents, name="vice_presidents"),
    path("elections/", public.election_list, name="elections"),
    path("elections/<int:pk>/", public.election_detail, name="election"),
    path("elections/<int:pk>/results/", public.results, name="results"),
    path("elections/<int:pk>/ballots/", public.ballots, name="ballots"),
    path("elections/<int:pk>/candidacy/<int:member_id>/", my.candidacy, name="candidacy"),
    path("meetings/", public.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", public.meeting_detail, name="meeting"),
    path("votes/", my.my_votes, name="my_votes"),
    path("votes/<int:pk>/<int:member_id>/", my.ballot, name="ballot"),
    path("votes/<int:pk>/receipt/", my.receipt, name="receipt"),
]
