"""The feasibility workflows, declared as tables (wego.workflows): the services check them, the staff
console and the members' pages show their buttons, the admin runs its actions and the API lists them
from these tables.

- Letter of intent: draft ⇄ submitted (while the call is open) → selected | not selected (after it).
- Call for letters: draft → published → decided.
- Review: assigned → submitted; assigned | submitted → conflict of interest.
- Project: planning → in progress → draft report → final report → follow-up → closed.
- Thematic priorities survey: draft → open → closed → decided.
- Implementation report: due → submitted.

Where a service checked several things in turn, the requirements are declared `in_order`: the first
thing to fix is named (as the services always did), the next one once it is done.

This module is imported by the services: it must not import services, tasks or views.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.permissions import is_secretariat
from wego.workflows import Requirement, Transition, Workflow, in_order, predicate, register

from .catalogue import ELEMENT_CODES, ELEMENT_LABELS
from .models import Call, Deliverable, ImplementationReport, LetterOfIntent, Project, Review, ThemeSurvey
from .permissions import (
    acts_for_letter_member,
    acts_for_report_beneficiary,
    can_work_on_project,
    owns_review,
)

secretariat = predicate(_("the Secretariat"), is_secretariat)


# --- Letters of intent ---------------------------------------------------------------------------------


def call_open_refusal(call: Call) -> str | None:
    """Why letters of this call cannot be written or submitted now, or None while it is open."""
    now = timezone.now()
    if call.status != Call.Status.PUBLISHED or now < call.opens_at:
        return gettext("This call is not open for letters.")
    if now >= call.closes_at:
        return gettext("The call closed on %(date)s: letters can no longer be submitted or changed.") % {
            "date": timezone.localtime(call.closes_at).strftime("%Y-%m-%d %H:%M")
        }
    return None


def letter_missing(letter: LetterOfIntent) -> list[str]:
    """What a letter still lacks before it can be submitted, in words."""
    missing = [str(ELEMENT_LABELS[code]) for code in ELEMENT_CODES if not getattr(letter, code).strip()]
    if not letter.signed_letter:
        missing.append(gettext("the signed letter (PDF)"))
    return missing


def decision_refusal(call: Call) -> str | None:
    """Why the letters of this call cannot be decided now (selected or declined), or None."""
    if call.status != Call.Status.PUBLISHED:
        return gettext("The selection of this call is closed.")
    if not call.is_closed():
        return gettext("Letters are decided after the call closes.")
    return None


def _while_open(wrong_state: Callable[[LetterOfIntent], str]) -> Callable[[LetterOfIntent], str]:
    """The refusal of a letter in the wrong state: the closed call first (the city can do nothing more)."""
    return lambda letter: call_open_refusal(letter.call) or wrong_state(letter)


def _not_decidable(letter: LetterOfIntent) -> str:
    return decision_refusal(letter.call) or gettext(
        "Only a submitted letter can be decided; this one is %(status)s."
    ) % {"status": letter.get_status_display().lower()}


L = LetterOfIntent.Status

letter_officials = predicate(_("the officials of the letter's member"), acts_for_letter_member)
CALL_OPEN = Requirement(lambda letter: call_open_refusal(letter.call) is None,
                        lambda letter: call_open_refusal(letter.call) or "", label=_("the call is open"))
DECIDABLE = Requirement(lambda letter: decision_refusal(letter.call) is None,
                        lambda letter: decision_refusal(letter.call) or "",
                        label=_("the call has closed and its selection is not"))

LETTER = register(Workflow(
    key="feasibility.letter",
    model=LetterOfIntent,
    description=_("A member's Letter of Intent for a call, from draft to the Secretariat's selection."),
    transitions=[
        Transition(
            "submit", _("Submit the letter"), sources=(L.DRAFT,), target=L.SUBMITTED, who=letter_officials,
            requires=in_order(
                CALL_OPEN,
                Requirement(lambda letter: not letter_missing(letter),
                            lambda letter: gettext("Complete these parts before submitting: %s.")
                            % "; ".join(letter_missing(letter)),
                            label=_("the five elements answered and the signed letter (PDF)")),
            ),
            wrong_state=_while_open(lambda letter: gettext("This letter has already been submitted.")),
            description=_("Before the call closes; the letter can be returned to draft until then."),
        ),
        Transition(
            "reopen", _("Return to draft"), sources=(L.SUBMITTED,), target=L.DRAFT, who=letter_officials,
            requires=(CALL_OPEN,),
            wrong_state=_while_open(lambda letter: gettext("Only a submitted letter can be returned to draft.")),
        ),
        Transition(
            "select", _("Select the city"), sources=(L.SUBMITTED,), target=L.SELECTED, who=secretariat,
            requires=(DECIDABLE,), wrong_state=_not_decidable,
            description=_("The letter becomes an F/S project; no more cities than the call selects."),
        ),
        Transition(
            "reject", _("Decline the letter"), sources=(L.SUBMITTED,), target=L.REJECTED, who=secretariat,
            requires=(DECIDABLE,), wrong_state=_not_decidable, danger=True,
            description=_("With a message to the city."),
        ),
    ],
))


# --- Calls --------------------------------------------------------------------------------------------


def _letter_counts(call: Call) -> dict[str, int]:
    return call.letters.aggregate(
        waiting=Count("pk", filter=Q(status=L.SUBMITTED)), selected=Count("pk", filter=Q(status=L.SELECTED))
    )


C = Call.Status

CALL = register(Workflow(
    key="feasibility.call",
    model=Call,
    description=_("A yearly Call for Letters of Intent: open for letters between its dates once published."),
    transitions=[
        Transition(
            "publish", _("Publish the call"), sources=(C.DRAFT,), target=C.PUBLISHED, who=secretariat,
            requires=(Requirement(lambda call: call.closes_at > timezone.now(),
                                  _("The closing date has passed; set a later one before publishing."),
                                  label=_("a closing date still to come")),),
            wrong_state=_("Only a draft call can be published."),
        ),
        Transition(
            "decide", _("Close the selection"), sources=(C.PUBLISHED,), target=C.DECIDED, who=secretariat,
            requires=in_order(
                Requirement(lambda call: call.is_closed(), _("The call is still open for letters."),
                            label=_("the call has closed")),
                Requirement(lambda call: not _letter_counts(call)["waiting"],
                            lambda call: gettext("%(n)d submitted letters still wait for a decision: select or "
                                                 "reject each first.") % {"n": _letter_counts(call)["waiting"]},
                            label=_("every submitted letter selected or declined")),
                Requirement(lambda call: bool(_letter_counts(call)["selected"]),
                            _("Select at least one city before closing the selection."),
                            label=_("at least one city selected")),
            ),
            wrong_state=_("Only a published call can be decided."),
        ),
    ],
))


# --- Reviews ------------------------------------------------------------------------------------------


def _selection_closed(review: Review) -> str | None:
    if review.letter.call.status != Call.Status.PUBLISHED:
        return gettext("The selection of this call is closed.")
    return None


SELECTION_OPEN = Requirement(lambda review: _selection_closed(review) is None,
                             _("The selection of this call is closed."), label=_("the selection is not closed"))


def _review_frozen(review: Review) -> str:
    return _selection_closed(review) or gettext("This review is %(status)s and can no longer change.") % {
        "status": review.get_status_display().lower()}


R = Review.Status

reviewer = predicate(_("the assigned reviewer"), owns_review)

REVIEW = register(Workflow(
    key="feasibility.review",
    model=Review,
    description=_("One reviewer's scores of one letter; the other reviews show once it is submitted."),
    transitions=[
        Transition(
            "save", _("Save the draft"), sources=(R.ASSIGNED,), target=R.ASSIGNED, who=reviewer,
            requires=(SELECTION_OPEN,), wrong_state=_review_frozen,
            description=_("Scores and comments kept as a draft, as often as the reviewer likes."),
        ),
        Transition(
            "submit", _("Submit my review"), sources=(R.ASSIGNED,), target=R.SUBMITTED, who=reviewer,
            requires=(SELECTION_OPEN,), wrong_state=_review_frozen,
            description=_("Every element scored 1–5; the scores are final."),
        ),
        Transition(
            "declare_conflict", _("Declare a conflict of interest"), sources=(R.ASSIGNED, R.SUBMITTED),
            target=R.CONFLICT, who=predicate(_("the assigned reviewer or the Secretariat"),
                                             owns_review | is_secretariat),
            requires=(SELECTION_OPEN,), wrong_state=_("A conflict is already declared for this letter."),
            danger=True, description=_("With a reason; any scores given no longer count."),
        ),
    ],
))


# --- Projects -----------------------------------------------------------------------------------------


P = Project.Status


def _moves_only_from(source: str, target: str) -> Callable[[Project], str]:
    def message(project: Project) -> str:
        return gettext("The project is %(current)s; it can move to “%(target)s” only from “%(source)s”.") % {
            "current": project.get_status_display().lower(),
            "target": P(target).label,
            "source": P(source).label,
        }

    return message


NOT_READY = (Deliverable.Status.NOT_STARTED, Deliverable.Status.IN_PROGRESS)


def _not_ready(project: Project) -> int:
    return sum(1 for d in project.deliverables.all() if d.status in NOT_READY)


consultants = predicate(_("the project's consultants or the Secretariat"), can_work_on_project)


def _move(name: str, label, source: str, target: str, who, requires=(), description="") -> Transition:
    return Transition(name, label, sources=(source,), target=target, who=who, requires=requires,
                      wrong_state=_moves_only_from(source, target), description=description)


PROJECT = register(Workflow(
    key="feasibility.project",
    model=Project,
    description=_("An F/S project born of a selected letter: the six-month study, then two years of follow-up."),
    transitions=[
        _move("start", _("Start the study"), P.PLANNING, P.IN_PROGRESS, consultants, in_order(
            Requirement(lambda p: bool(p.starts_on), _("Set the start date of the six-month plan first."),
                        label=_("a start date")),
            Requirement(lambda p: p.consultants.exists(), _("Assign at least one consultant first."),
                        label=_("a consultant")),
        )),
        _move("draft_report", _("Deliver the draft report"), P.IN_PROGRESS, P.DRAFT_REPORT, consultants, (
            Requirement(lambda p: not _not_ready(p),
                        lambda p: gettext("%(n)d deliverables are not ready for review yet; the draft report "
                                          "covers all five components.") % {"n": _not_ready(p)},
                        label=_("every deliverable at least in review")),
        )),
        _move("final_report", _("Deliver the final report"), P.DRAFT_REPORT, P.FINAL_REPORT, consultants, (
            Requirement(lambda p: all(d.status == Deliverable.Status.ACCEPTED for d in p.deliverables.all()),
                        _("Accept every deliverable before the final report."),
                        label=_("every deliverable accepted")),
        ), description=_("The final report (PDF) is attached with the step.")),
        _move("follow_up", _("Begin the two-year follow-up"), P.FINAL_REPORT, P.FOLLOW_UP, secretariat,
              description=_("The city owes an implementation report one and two years later.")),
        _move("close", _("Close the project"), P.FOLLOW_UP, P.CLOSED, secretariat, (
            Requirement(lambda p: all(r.status == ImplementationReport.Status.SUBMITTED
                                      for r in p.implementation_reports.all()),
                        _("Both yearly implementation reports must be in before the project closes."),
                        label=_("both implementation reports in")),
        )),
    ],
))


# --- Thematic priorities surveys ----------------------------------------------------------------------


S = ThemeSurvey.Status

SURVEY = register(Workflow(
    key="feasibility.survey",
    model=ThemeSurvey,
    description=_("A survey of thematic priorities: the members' focal points rank the themes (Borda count)."),
    transitions=[
        Transition(
            "open", _("Open the survey to focal points"), sources=(S.DRAFT,), target=S.OPEN, who=secretariat,
            requires=in_order(
                Requirement(lambda s: s.themes.count() >= 2, _("A survey needs at least two themes to rank."),
                            label=_("at least two themes")),
                Requirement(lambda s: not s.closes_at or s.closes_at > timezone.now(),
                            _("The closing date of the survey has already passed; set a later one."),
                            label=_("no closing date, or one still to come")),
            ),
            wrong_state=_("Only a draft survey can be opened; this one is %(status)s."),
        ),
        Transition("close", _("Close the survey"), sources=(S.OPEN,), target=S.CLOSED, who=secretariat,
                   wrong_state=_("Only an open survey can be closed.")),
        Transition("choose", _("Choose this theme"), sources=(S.CLOSED,), target=S.DECIDED, who=secretariat,
                   wrong_state=_("Close the survey before choosing its theme."),
                   description=_("The chosen theme sets the theme of the year's call.")),
    ],
))


# --- Implementation reports ---------------------------------------------------------------------------


IMPLEMENTATION_REPORT = register(Workflow(
    key="feasibility.implementation_report",
    model=ImplementationReport,
    description=_("The beneficiary city's yearly report on implementing the study, two years running."),
    transitions=[
        Transition(
            "submit", _("Send the report"), sources=(ImplementationReport.Status.PENDING,),
            target=ImplementationReport.Status.SUBMITTED,
            who=predicate(_("the officials of the beneficiary city"), acts_for_report_beneficiary),
            wrong_state=_("This report has already been submitted."),
        ),
    ],
))
