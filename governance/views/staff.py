"""The Secretariat's governance console (/staff/governance/): run votes from draft to publication."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wego.web import errors_to_form, errors_to_messages, predicate_required

from .. import selectors, services
from ..forms import ElectionForm, MotionForm, QuorumBaseForm, ReasonForm, WindowForm
from ..models import Election
from ..permissions import can_run_elections
from ..verification import verify_election
from ..workflows import ELECTION
from .public import result_context

secretariat_required = predicate_required(can_run_elections)


@secretariat_required
def console(request):
    """Every vote with its status and what to do next."""
    status = request.GET.get("status") or None
    if status not in Election.Status.values:
        status = None
    elections = list(selectors.election_list_for_staff(status=status)[:200])
    return render(request, "governance/staff/console.html", {
        "elections": elections, "status": status, "statuses": Election.Status.choices,
        "balance": selectors.vice_president_balance(),
    })


@secretariat_required
def election_new(request):
    form = ElectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            election = services.election_create(
                title=form.cleaned_data["title"], kind=form.cleaned_data["kind"], by=request.user, **form.service_fields()
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The election is created in draft."))
            return redirect("governance_staff:election", pk=election.pk)
    return render(request, "governance/staff/form.html", {"form": form, "title": _("New election")})


@secretariat_required
def motion_new(request):
    form = MotionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            motion = services.motion_create(by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The motion is created in draft."))
            return redirect("governance_staff:election", pk=motion.election_id)
    return render(request, "governance/staff/form.html", {"form": form, "title": _("New motion")})


# The buttons of the election page: the slug of the URL, the service and its message. The page shows each
# when the table (governance.workflows.ELECTION) allows its transition; the service checks the table again.
ACTIONS = {
    "open_nominations": (services.election_open_nominations, _("Nominations are open.")),
    "freeze": (services.election_freeze_roll, _("The roll is frozen.")),
    "open_voting": (services.election_open_voting, _("Voting is open.")),
    "tally": (services.election_tally, _("The vote is tallied.")),
    "certify": (services.election_certify, _("The result is certified: it is now public.")),
    "publish": (services.election_publish, _("The result is published; the focal points are told.")),
}


@secretariat_required
def election_manage(request, pk: int):
    """One vote: its phase, the next step, the window, candidates, roll, tally (before certification too),
    the verification of the log and a recount. The buttons are the table's: those the Secretariat may take
    now, and what is missing for the others."""
    election = get_object_or_404(selectors.election_list_for_staff(), pk=pk)
    context = {
        "election": election,
        "flow": ELECTION,
        "options": ELECTION.options(election, request.user),
        "candidacies": selectors.candidacy_list(election) if not election.is_motion else [],
        "window_form": WindowForm(initial={"opens_at": election.voting_opens_at, "closes_at": election.voting_closes_at}),
        "close_form": ReasonForm(prefix="close"),
        "quorum_form": QuorumBaseForm(initial={"quorum_base_rule": election.quorum_base_rule}),
        "cancel_form": ReasonForm(prefix="cancel"),
        "log": list(selectors.election_log(election)),
        "problems": verify_election(election) if request.GET.get("verify") else None,
        "runoffs": list(election.runoffs.all()),
    }
    if election.result:
        context.update(result_context(election))
    return render(request, "governance/staff/election.html", context)


@secretariat_required
@require_POST
def election_action(request, pk: int, action: str):
    """Run one transition (a button of the election page) and come back to the page."""
    election = get_object_or_404(Election, pk=pk)
    try:
        if action in ACTIONS:
            service, done = ACTIONS[action]
            service(election=election, by=request.user)
            messages.success(request, done)
        elif action == "window":
            form = WindowForm(request.POST)
            if not form.is_valid():
                raise ValidationError([m for errors in form.errors.values() for m in errors])
            services.election_set_window(election=election, by=request.user, opens_at=form.cleaned_data["opens_at"],
                                         closes_at=form.cleaned_data["closes_at"])
            messages.success(request, _("The voting window is set."))
        elif action == "quorum_base":
            form = QuorumBaseForm(request.POST)
            if not form.is_valid():
                raise ValidationError([m for errors in form.errors.values() for m in errors])
            services.election_set_quorum_base(election=election, by=request.user, rule=form.cleaned_data["quorum_base_rule"],
                                              reason=form.cleaned_data["reason"])
            messages.success(request, _("The quorum base is set."))
        elif action in ("close", "cancel"):
            form = ReasonForm(request.POST, prefix=action)
            if not form.is_valid():
                raise ValidationError([m for errors in form.errors.values() for m in errors])
            reason = form.cleaned_data["reason"]
            if action == "close":
                services.election_close_voting(election=election, by=request.user, reason=reason)
                messages.success(request, _("Voting is closed."))
            else:
                services.election_cancel(election=election, by=request.user, reason=reason)
                messages.success(request, _("The vote is cancelled."))
        elif action == "recount":
            matches, _result = services.election_recount(election=election, by=request.user)
            if matches:
                messages.success(request, _("Recount: the stored ballots give the same result as the tally."))
            else:
                messages.error(request, _("Recount: the stored ballots give a DIFFERENT result. Run election_verify."))
        else:
            raise PermissionDenied
    except ValidationError as exc:
        errors_to_messages(request, exc)
    return redirect("governance_staff:election", pk=election.pk)
