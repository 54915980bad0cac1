"""The governance workflows, declared as tables (wego.workflows): the services check them, the staff
console shows their buttons, the admin runs its actions and the API lists them from these tables.

- `ELECTION` (Election.status): every vote, from draft to publication. An election (of the President
  City, the Executive Committee or another office) takes candidacies before its roll is frozen; a motion
  has no candidates, so its roll is frozen from the draft. The scheduled close (governance.tasks) has its
  own steps, taken by the portal itself at the end of the voting window.
- `CANDIDACY` (Candidacy.status): a candidacy filed, then perhaps withdrawn.
- `HOST_BID` (HostBid.status): a bid to host a General Assembly, confirmed or not retained.

Ballots have no state machine: a ballot is counted until a later ballot of the same member replaces it
(governance.services.voting.casting).

Every refusal is the services' own sentence (same words, same translations): the wrong state is said by
`wrong_state`, what is missing by the requirements, in the order the services checked them.
"""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from wego.workflows import Requirement, Transition, Workflow, predicate, register

from .models import Candidacy, Election, HostBid
from .permissions import (
    can_run_elections,
    can_withdraw_candidacy,
    may_cast_some_vote,
    may_file_some_candidacy,
)

S = Election.Status

secretariat = predicate(_("the Secretariat"), can_run_elections)
delegate = predicate(_("a delegate of a member on the roll"), may_cast_some_vote)
focal_point = predicate(_("the focal point of the candidate member, or the Secretariat"), may_file_some_candidacy)
candidate_focal_point = predicate(_("the focal point of the candidate member, or the Secretariat"),
                                  can_withdraw_candidacy)


def when(value) -> str:
    """A moment as the refusals write it (local time, with its zone), or "—"."""
    return formats.date_format(timezone.localtime(value), "Y-m-d H:i T") if value else "—"


def _now(now=None):
    return now or timezone.now()


# --- Elections and motions -----------------------------------------------------------------------------


def _cannot(action):
    """The refusal of a step in the wrong state: "“Title” is draft: it cannot open voting now."."""

    def message(election) -> str:
        return str(_("“%(title)s” is %(status)s: it cannot %(action)s now.") % {
            "title": election.title, "status": election.get_status_display().lower(), "action": action,
        })

    return message


NO_CANDIDATES = _("A motion has no candidates: freeze its roll to put it to the vote.")
RUNOFF_CANDIDATES = _("A run-off takes the candidates of the first round; no new candidacy can be filed.")


def _open_nominations_wrong_state(election) -> str:
    return str(NO_CANDIDATES) if election.is_motion else _cannot(_("open nominations"))(election)


def _file_candidacy_wrong_state(election) -> str:
    return str(RUNOFF_CANDIDATES) if election.runoff_of_id else _cannot(_("take candidacies"))(election)


def _freeze_source(election) -> str:
    """A motion's roll is frozen from its draft, an election's at the end of its nominations."""
    return S.DRAFT if election.is_motion else S.NOMINATIONS


def has_filed_candidacy(election) -> bool:
    """An election with someone to vote for (a motion needs none); the staff lists annotate the count."""
    if election.is_motion or election.status != S.NOMINATIONS:
        return True  # the state's own requirement speaks first
    count = getattr(election, "candidate_count", None)
    if count is None:
        return election.candidacies.filter(status=Candidacy.Status.FILED).exists()
    return count > 0


def quorum_rule_refusal(election) -> str:
    return str(
        _("The roll of “%(title)s” was frozen on %(when)s with the quorum counted on %(base)s: the quorum base is fixed "
          "with the roll and can no longer be changed.")
        % {"title": election.title, "when": when(election.roll_frozen_at),
           "base": election.get_quorum_base_rule_display()}
        if election.roll_frozen_at else
        _("“%(title)s” is %(status)s: its quorum base can no longer be changed.")
        % {"title": election.title, "status": election.get_status_display().lower()}
    )


def _window_ended(election, now=None) -> bool:
    return bool(election.voting_closes_at and election.voting_closes_at <= _now(now))


def _window_set(election, now=None) -> bool:
    return bool(election.voting_opens_at and election.voting_closes_at)


def _window_not_ended(election, now=None) -> bool:
    return not election.voting_closes_at or not _window_ended(election, now)


def _window_opened(election, now=None) -> bool:
    return _now(now) >= election.voting_opens_at


def _window_closed_message(election) -> str:
    return str(_("The voting window closed on %(when)s: set a new one.") % {"when": when(election.voting_closes_at)})


def _voting_wrong_state(election) -> str:
    return str(_("Voting on “%(title)s” is not open (%(status)s).")
               % {"title": election.title, "status": election.get_status_display().lower()})


CLOSE_AT_WINDOW_END = Requirement(
    _window_ended,
    lambda e: str(_("Voting runs until %(when)s: the portal closes and counts it at the end of the window.")
                  % {"when": when(e.voting_closes_at)}),
    label=_("the voting window has ended"),
)

BEFORE_CERTIFICATION = (S.DRAFT, S.NOMINATIONS, S.ROLL_FROZEN, S.VOTING, S.CLOSED, S.TALLIED)

ELECTION = register(Workflow(
    key="governance.election",
    model=Election,
    description=_("A vote of the General Assembly or the Executive Committee, from draft to publication. An "
                  "election takes candidacies; a motion has none and its roll is frozen from the draft. Anything "
                  "before certification may be cancelled."),
    transitions=[
        Transition(
            "update", _("Change the settings"), sources=(S.DRAFT,), target=S.DRAFT, who=secretariat,
            wrong_state=_cannot(_("have its settings changed (only a draft can)")),
            description=_("Kind, seats, ballot, rules and dates; the state does not change."),
        ),
        Transition(
            "set_window", _("Set the voting window"), sources=(S.DRAFT, S.NOMINATIONS, S.ROLL_FROZEN),
            target=(S.DRAFT, S.NOMINATIONS, S.ROLL_FROZEN), who=secretariat,
            wrong_state=_cannot(_("change its voting window")),
            description=_("Until voting opens; the state does not change."),
        ),
        Transition(
            "set_quorum_base", _("Set the quorum base"), sources=(S.DRAFT, S.NOMINATIONS),
            target=(S.DRAFT, S.NOMINATIONS), who=secretariat, wrong_state=quorum_rule_refusal,
            requires=(Requirement(lambda e: e.roll_frozen_at is None, quorum_rule_refusal,
                                  label=_("the roll is not frozen")),),
            description=_("Whom the quorum counts (Statute, Part V); fixed when the roll is frozen."),
        ),
        Transition(
            "open_nominations", _("Open nominations"), sources=(S.DRAFT,), target=S.NOMINATIONS, who=secretariat,
            requires=(Requirement(lambda e: not e.is_motion, NO_CANDIDATES, label=_("an election, not a motion")),),
            wrong_state=_open_nominations_wrong_state,
        ),
        Transition(
            "file_candidacy", _("File a candidacy"), sources=(S.NOMINATIONS,), target=S.NOMINATIONS,
            who=focal_point,
            requires=(Requirement(lambda e: not e.runoff_of_id, RUNOFF_CANDIDATES, label=_("a first round")),),
            wrong_state=_file_candidacy_wrong_state,
            description=_("An active Full member in good standing (for President, 30 days before the General "
                          "Assembly); the service checks the member."),
        ),
        Transition(
            "withdraw_candidacy", _("Withdraw a candidacy"), sources=(S.NOMINATIONS,), target=S.NOMINATIONS,
            who=focal_point, wrong_state=_cannot(_("take a candidacy back")),
        ),
        Transition(
            "freeze_roll", _("Freeze the roll"), sources=(S.DRAFT, S.NOMINATIONS), target=S.ROLL_FROZEN,
            who=secretariat, wrong_state=_cannot(_("have its roll frozen")),
            requires=(
                Requirement(lambda e: e.status == _freeze_source(e), _cannot(_("have its roll frozen")),
                            label=_("a motion in draft, or an election taking nominations")),
                Requirement(has_filed_candidacy, _("No candidacy has been filed: there is nobody to vote for."),
                            label=_("a filed candidacy (an election)")),
            ),
            description=_("The active Full members in good standing are the roll, hashed into the log; the "
                          "quorum base is fixed."),
        ),
        Transition(
            "open_voting", _("Open voting"), sources=(S.ROLL_FROZEN,), target=S.VOTING, who=secretariat,
            wrong_state=_cannot(_("open voting")),
            requires=(
                Requirement(_window_set, _("Set the voting window (opening and closing times) first."),
                            label=_("a voting window")),
                Requirement(_window_not_ended, _window_closed_message, label=_("a window that has not ended")),
            ),
        ),
        Transition(
            "cast_vote", _("Cast the vote"), sources=(S.VOTING,), target=S.VOTING, who=delegate,
            wrong_state=_voting_wrong_state,
            requires=(
                Requirement(_window_opened,
                            lambda e: str(_("Voting on “%(title)s” opens on %(when)s.")
                                          % {"title": e.title, "when": when(e.voting_opens_at)}),
                            label=_("the voting window has opened")),
                Requirement(_window_not_ended,
                            lambda e: str(_("Voting on “%(title)s” closed on %(when)s.")
                                          % {"title": e.title, "when": when(e.voting_closes_at)}),
                            label=_("the voting window has not ended")),
            ),
            description=_("For a member on the roll; a new ballot replaces the member's earlier one."),
        ),
        Transition(
            "close_voting", _("Close voting"), sources=(S.VOTING,), target=S.CLOSED, who=secretariat,
            wrong_state=_cannot(_("be closed")),
            description=_("Before the end of the window only with a reason (e.g. the chair's declaration)."),
        ),
        Transition(
            "close_due", _("Close voting at the end of the window"), sources=(S.VOTING,), target=S.CLOSED,
            wrong_state=_cannot(_("be closed")), requires=(CLOSE_AT_WINDOW_END,),
        ),
        Transition(
            "tally", _("Tally"), sources=(S.CLOSED,), target=S.TALLIED, who=secretariat,
            wrong_state=_cannot(_("be tallied")),
            description=_("Refused when the stored ballots differ from those sealed at the close."),
        ),
        Transition(
            "tally_due", _("Tally at the end of the window"), sources=(S.CLOSED,), target=S.TALLIED,
            wrong_state=_cannot(_("be tallied")), requires=(CLOSE_AT_WINDOW_END,),
        ),
        Transition(
            "recount", _("Recount"), sources=(S.TALLIED, S.CERTIFIED, S.PUBLISHED),
            target=(S.TALLIED, S.CERTIFIED, S.PUBLISHED), who=secretariat, wrong_state=_cannot(_("be recounted")),
            description=_("From the stored ballots, the frozen roll and the log; changes nothing but the log."),
        ),
        Transition(
            "certify", _("Certify the result"), sources=(S.TALLIED,), target=S.CERTIFIED, who=secretariat,
            wrong_state=_cannot(_("be certified")),
            description=_("On a fresh recount that agrees with the stored result and finds a quorum; applies "
                          "the outcome."),
        ),
        Transition(
            "publish", _("Publish the result"), sources=(S.CERTIFIED,), target=S.PUBLISHED, who=secretariat,
            wrong_state=_cannot(_("be published")),
        ),
        Transition(
            "cancel", _("Cancel the vote"), sources=BEFORE_CERTIFICATION, target=S.CANCELLED, who=secretariat,
            wrong_state=_cannot(_("be cancelled")), danger=True,
            description=_("With a reason; the vote stays in the history with its log."),
        ),
    ],
))


# --- Candidacies ---------------------------------------------------------------------------------------

CANDIDACY = register(Workflow(
    key="governance.candidacy",
    model=Candidacy,
    description=_("A member's candidacy in an election, filed by its focal point while nominations are open."),
    transitions=[
        Transition(
            "withdraw", _("Withdraw the candidacy"), sources=(Candidacy.Status.FILED,),
            target=Candidacy.Status.WITHDRAWN, who=candidate_focal_point,
            wrong_state=_("This candidacy is already withdrawn."), danger=True,
            description=_("While the election takes nominations (see governance.election: withdraw_candidacy)."),
        ),
    ],
))


# --- Host bids -----------------------------------------------------------------------------------------

HOST_BID = register(Workflow(
    key="governance.host_bid",
    model=HostBid,
    description=_("A member's bid to host a General Assembly."),
    transitions=[
        Transition(
            "confirm", _("Confirm as host"), sources=(HostBid.Status.SUBMITTED,), target=HostBid.Status.CONFIRMED,
            who=secretariat,
            requires=(Requirement(lambda bid: not bid.general_assembly.host_id,
                                  _("The host of this General Assembly is already confirmed."),
                                  label=_("no host confirmed for the General Assembly")),),
            wrong_state=lambda bid: str(_("Only a submitted bid can be confirmed; this one is %(status)s.")
                                        % {"status": bid.get_status_display()}),
            description=_("The member becomes the host and, automatically, the Executive Vice President City "
                          "until that General Assembly."),
        ),
        Transition(
            "not_retained", _("Not retained"), sources=(HostBid.Status.SUBMITTED,),
            target=HostBid.Status.NOT_RETAINED,
            description=_("The other bids for the General Assembly, when one is confirmed."),
        ),
    ],
))
