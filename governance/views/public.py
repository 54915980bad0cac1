"""Public governance pages: officers and committee, history, elections, results (certified only), meetings."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext

from wego.charts import bar_chart

from .. import selectors
from ..forms import ReceiptForm
from ..models import Election


def index(request):
    """The Governance page: the current President, Vice Presidents and Executive Committee with their
    terms, the history of the General Assemblies, and votes under way or recently certified."""
    officers = selectors.officers_current()
    balance = selectors.vice_president_balance()
    elections = list(selectors.election_list_public()[:10])
    context = {
        "officers": officers,
        "balance": balance,
        "assemblies": list(selectors.general_assembly_history()),
        "elections": elections,
        "meetings": list(selectors.meeting_list_public()[:5]),
    }
    return render(request, "governance/index.html", context)


def vice_presidents(request):
    """Vice President Cities and the geographic balance the President City must consider."""
    return render(request, "governance/vice_presidents.html", {"balance": selectors.vice_president_balance(),
                                                                "history": list(selectors.office_history())})


def election_list(request):
    elections = list(selectors.election_list_public()[:200])
    return render(request, "governance/elections.html", {"elections": elections})


def result_context(election: Election) -> dict:
    """What a result page shows: rows, chart, tie, run-off and the quorum with its denominator."""
    rows = selectors.result_rows(election)
    chart = bar_chart(
        [(row["label"], row["votes"]) for row in rows],
        title=gettext("Votes for each option: %(title)s") % {"title": election.title},
        chart_id=f"election-{election.pk}",
    )
    return {
        "rows": rows,
        "chart": chart,
        "result": election.result,
        "tie": selectors.tie_labels(election),
        "runoffs": list(election.runoffs.all()),
    }


def election_detail(request, pk: int):
    """A vote's page. The result appears only once the Secretariat has certified it."""
    election = selectors.election_get_public(pk=pk)
    context = {"election": election, "candidacies": selectors.candidacy_list(election)}
    if election.results_public:
        context.update(result_context(election))
    return render(request, "governance/election.html", context)


def results(request, pk: int):
    """Only the result: 404 until certification."""
    election = selectors.election_results_get(pk=pk)
    return render(request, "governance/results.html", {"election": election, **result_context(election)})


def ballots(request, pk: int):
    """The counted ballots, from the close on: a delegate finds their receipt code here."""
    election = selectors.election_get_public(pk=pk)
    if election.status not in (Election.Status.CLOSED, Election.Status.TALLIED, Election.Status.CERTIFIED,
                               Election.Status.PUBLISHED):
        raise Http404
    form = ReceiptForm(request.GET or None)
    lookup = None
    if form.is_bound and form.is_valid():
        lookup = selectors.receipt_lookup(election=election, receipt=form.cleaned_data["receipt"])
    rows = selectors.ballot_list_published(election)
    return render(request, "governance/ballots.html", {"election": election, "rows": rows, "form": form, "lookup": lookup})


def meeting_detail(request, pk: int):
    meeting = selectors.meeting_get_public(pk=pk)
    return render(request, "governance/meeting.html", {"meeting": meeting, "quorum": selectors.meeting_quorum(meeting)})


def meeting_list(request):
    return render(request, "governance/meetings.html", {"meetings": list(selectors.meeting_list_public()[:200])})
