"""Pages of delegates (your votes, the ballot, the receipt) and focal points (candidacies)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from members.permissions import is_delegate, is_focal_point
from members.selectors import affiliation_list_for_user
from wego.web import acting_member, errors_to_form

from .. import selectors, services
from ..forms import BallotForm, CandidacyForm
from ..models import Candidacy, Election, RollEntry, VoterRecord
from ..workflows import ELECTION

RECEIPT_SESSION_KEY = "governance_receipt"


def _own_member(user, member_id: int):
    """A member the user acts for; 404 for any other member."""
    return acting_member(affiliation_list_for_user(user=user).filter(member_id=member_id), member_id, required=True).member


@login_required
def my_votes(request):
    """Your votes: the open ballots of the members you are a delegate of, and nominations for focal points."""
    return render(request, "governance/my_votes.html", {
        "ballots": selectors.votes_for_delegate(user=request.user),
        "nominations": selectors.nominations_for_focal_point(user=request.user),
    })


@login_required
def ballot(request, pk: int, member_id: int):
    """The ballot of one member in one vote: radio buttons for one choice, check boxes up to the seats.
    A plain POST; the service decides and explains any refusal."""
    member = _own_member(request.user, member_id)
    election = get_object_or_404(Election.objects.exclude(status=Election.Status.DRAFT), pk=pk)
    labels = selectors.option_labels(election)
    if election.is_motion:
        options = [(key, labels[key]) for key in ("yes", "no", "abstain")]
    else:
        options = [(str(c.pk), c.member.name) for c in selectors.candidacy_list(election)]
    form = BallotForm(request.POST or None, election=election, options=options)
    if request.method == "POST" and form.is_valid():
        try:
            receipt = services.election_vote_cast(
                election=election, member=member, by=request.user, choices=form.cleaned_data["choices"]
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            request.session[RECEIPT_SESSION_KEY] = {"election": election.pk, "member": member.pk, "receipt": receipt}
            return redirect("governance:receipt", pk=election.pk)
    record = VoterRecord.objects.filter(election=election, member=member).first()
    context = {
        "election": election,
        "member": member,
        "form": form,
        "record": record,
        "is_delegate": is_delegate(request.user, member),
        "on_roll": RollEntry.objects.filter(election=election, member=member).exists(),
        "window_open": election.window_open(),
        "candidacies": selectors.candidacy_list(election) if not election.is_motion else [],
    }
    return render(request, "governance/ballot.html", context)


@login_required
def receipt(request, pk: int):
    """The receipt of the ballot just cast, shown once: the delegate keeps it to find the ballot later."""
    data = request.session.pop(RECEIPT_SESSION_KEY, None)
    if not data or data.get("election") != pk:
        messages.info(request, _("Your receipt was shown once, right after you voted. Look for it in the list of counted ballots after the close."))
        return redirect("governance:my_votes")
    election = get_object_or_404(Election, pk=pk)
    member = _own_member(request.user, data["member"])
    return render(request, "governance/receipt.html", {"election": election, "member": member, "receipt": data["receipt"]})


@login_required
def candidacy(request, pk: int, member_id: int):
    """A focal point files the member's candidacy with a statement."""
    member = _own_member(request.user, member_id)
    election = get_object_or_404(Election.objects.exclude(status=Election.Status.DRAFT).exclude(kind=Election.Kind.MOTION), pk=pk)
    existing = Candidacy.objects.filter(election=election, member=member).first()
    form = CandidacyForm(request.POST or None)
    problems = services.candidacy_eligibility_problems(election=election, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.candidacy_file(election=election, member=member, by=request.user, statement=form.cleaned_data["statement"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The candidacy of %(member)s is filed.") % {"member": member.name})
            return redirect("governance:my_votes")
    return render(request, "governance/candidacy.html", {
        "election": election, "member": member, "form": form, "existing": existing, "problems": problems,
        "is_focal_point": is_focal_point(request.user, member),
        "open": ELECTION.refusal(election, "file_candidacy") is None,  # taking nominations, not a run-off
    })
