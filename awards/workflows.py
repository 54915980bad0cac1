"""The WeGO Awards' workflows, declared as tables (wego.workflows): the services check them, the staff
console and the applicant's and judge's pages show their buttons, the admin builds its actions and the
API lists them from these tables.

- EDITION: the phases of an edition, draft → application → eligibility → judging → shortlist →
  voting → counting → announced, each step taken by the Secretariat or by date (the daily task).
- ENTRY: an entry's submission, withdrawal and eligibility screening.
- ASSIGNMENT: a judge's scores submitted, or a conflict of interest declared.

Imported by the services: it imports no service, task or view.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wego.workflows import Requirement, Transition, Workflow, predicate, register

from .models import Assignment, Edition, Entry
from .permissions import can_manage_awards, is_assignment_judge, is_entry_applicant

E = Edition.Status
N = Entry.Status
A = Assignment.Status

secretariat = predicate(_("the Secretariat"), can_manage_awards)
applicant = predicate(_("the person who started the entry"), is_entry_applicant)
judge = predicate(_("the assigned judge (never one from the entry's own city or country)"),
                  lambda user, obj: is_assignment_judge.test(user, obj))


# --- Editions ----------------------------------------------------------------------------------------

def _phase_wrong_state(label):
    """The refusal of a phase change from another phase: it names the edition, its phase and the step."""
    def message(edition: Edition) -> str:
        return _("%(edition)s is in the phase “%(status)s”: “%(action)s” is not possible now.") % {
            "edition": edition, "status": edition.get_status_display(), "action": label,
        }

    return message


def _not_ended(field: str):
    """A phase is opened by hand only before its closing date (it would open and be closed at once);
    the daily task catching up on dates (`by_date`) may pass through such a phase."""
    def test(edition: Edition, today: dt.date | None = None, by_date: bool = False) -> bool:
        return by_date or getattr(edition, field) >= (today or timezone.localdate())

    return test


def _has_categories_and_criteria(edition: Edition, **_context) -> bool:
    return edition.categories.exists() and edition.criteria.exists()


def _waiting_for_screening(edition: Edition) -> int:
    return edition.entries.filter(status=N.SUBMITTED).count()


def _shortlists_missing(edition: Edition) -> list[str]:
    """The categories with eligible entries and no published shortlist."""
    return list(
        edition.categories.filter(entries__status=N.ELIGIBLE, shortlist__isnull=True)
        .distinct()
        .values_list("name", flat=True)
    )


def _on_announcement_date(edition: Edition, today: dt.date | None = None, **_context) -> bool:
    return (today or timezone.localdate()) >= edition.announcement_on


def _phase(name: str, label, source: str, target: str, *, requires=(), description=""):
    return Transition(name, label, sources=(source,), target=target, who=secretariat, requires=tuple(requires),
                      wrong_state=_phase_wrong_state(label), description=description)


EDITION = register(Workflow(
    key="awards.edition",
    model=Edition,
    description=_("The phases of an edition of the WeGO Awards, one step at a time: taken by the Secretariat on "
                  "the console, or by the portal itself on the phase's date once its conditions are met."),
    transitions=[
        _phase(
            "open_applications", _("Open applications"), E.DRAFT, E.APPLICATION,
            requires=(
                Requirement(_has_categories_and_criteria,
                            _("Add at least one category and one criterion before opening applications."),
                            label=_("a category and a criterion")),
                Requirement(_not_ended("application_end"),
                            _("The application period has already ended: move its closing date first."),
                            label=_("its closing date not passed (by hand)")),
            ),
        ),
        _phase("close_applications", _("Close applications"), E.APPLICATION, E.ELIGIBILITY),
        _phase(
            "open_judging", _("Open judging"), E.ELIGIBILITY, E.JUDGING,
            requires=(
                Requirement(lambda edition, **_context: not _waiting_for_screening(edition),
                            lambda edition: _("%(n)s submitted entries still wait for the eligibility screening.")
                            % {"n": _waiting_for_screening(edition)},
                            label=_("every submitted entry screened")),
                Requirement(_not_ended("judging_end"),
                            _("The judging period has already ended: move its closing date first."),
                            label=_("its closing date not passed (by hand)")),
            ),
            description=_("Fixes the ranking method, the categories and the criteria."),
        ),
        _phase("close_judging", _("Close judging"), E.JUDGING, E.SHORTLIST),
        _phase(
            "open_voting", _("Open public voting"), E.SHORTLIST, E.VOTING,
            requires=(
                Requirement(lambda edition, **_context: not _shortlists_missing(edition),
                            lambda edition: _("Publish the shortlist of these categories first: %(names)s.")
                            % {"names": ", ".join(_shortlists_missing(edition))},
                            label=_("the shortlist of every category with eligible entries")),
                Requirement(_not_ended("voting_end"),
                            _("The voting period has already ended: move its closing date first."),
                            label=_("its closing date not passed (by hand)")),
            ),
        ),
        _phase("close_voting", _("Close public voting"), E.VOTING, E.COUNTING),
        _phase(
            "announce", _("Publish the results"), E.COUNTING, E.ANNOUNCED,
            requires=(
                Requirement(lambda edition, **_context: bool(edition.winners_decided_at),
                            _("Decide the winners before publishing the results."),
                            label=_("the winners decided")),
                Requirement(_on_announcement_date,
                            lambda edition: _("The results are published on the announcement date, %(date)s.")
                            % {"date": edition.announcement_on.isoformat()},
                            label=_("the announcement date")),
            ),
        ),
    ],
))


# --- Entries -----------------------------------------------------------------------------------------

# What an entry says before it is submitted (besides its title, which every draft has).
REQUIRED_FOR_SUBMISSION = ("summary", "problem", "solution", "results")
# The phases in which the Secretariat screens (and may revise) the eligibility of entries.
SCREENING_PHASES = (E.APPLICATION, E.ELIGIBILITY)


def _missing_for_submission(entry: Entry) -> list[str]:
    return [str(cast(Field, Entry._meta.get_field(name)).verbose_name)
            for name in REQUIRED_FOR_SUBMISSION if not getattr(entry, name).strip()]


def _in_screening(entry: Entry) -> bool:
    return entry.edition.status in SCREENING_PHASES


_SCREENING_CLOSED = _("Eligibility is screened while applications are open or during the screening phase.")


def _screen_wrong_state(entry: Entry) -> str:
    # The edition's phase is named first: a draft of an edition in judging is told judging has begun.
    if not _in_screening(entry):
        return str(_SCREENING_CLOSED)
    return str(_("Only a submitted entry can be screened."))


ENTRY = register(Workflow(
    key="awards.entry",
    model=Entry,
    description=_("A project entered in the WeGO Awards: submitted by its applicant, screened for eligibility by "
                  "the Secretariat, withdrawn by its applicant until judging opens."),
    transitions=[
        Transition(
            "submit", _("Submit the entry"), sources=(N.DRAFT,), target=N.SUBMITTED, who=applicant,
            requires=(
                Requirement(lambda entry: entry.edition.accepts_applications,
                            lambda entry: _("Applications to %(edition)s are closed.") % {"edition": entry.edition},
                            label=_("the edition open for applications")),
                Requirement(lambda entry: not _missing_for_submission(entry),
                            lambda entry: _("Fill in before submitting: %(fields)s.")
                            % {"fields": ", ".join(_missing_for_submission(entry))},
                            label=_("a summary, the problem, the solution and the results")),
            ),
            wrong_state=_("A submitted entry can no longer be changed."),
            description=_("The Secretariat then screens its eligibility; the applicant is told by email."),
        ),
        Transition(
            "screen", _("Record the eligibility decision"), sources=(N.SUBMITTED, N.ELIGIBLE, N.INELIGIBLE),
            target=(N.ELIGIBLE, N.INELIGIBLE), who=secretariat,
            requires=(Requirement(_in_screening, _SCREENING_CLOSED,
                                  label=_("the edition open for applications or in eligibility screening")),),
            wrong_state=_screen_wrong_state,
            description=_("Not eligible needs a reason, which the applicant reads; a decision may be revised "
                          "until judging opens."),
        ),
        Transition(
            "withdraw", _("Withdraw the entry"), sources=(N.DRAFT, N.SUBMITTED, N.ELIGIBLE, N.INELIGIBLE),
            target=N.WITHDRAWN, who=applicant,
            requires=(Requirement(lambda entry: entry.edition.ranking_method_editable,
                                  _("Judging has opened: write to the Secretariat to withdraw this entry."),
                                  label=_("judging not yet opened")),),
            wrong_state=_("This entry is already withdrawn."), danger=True,
            description=_("The same project may then be entered again."),
        ),
    ],
))


# --- Judging assignments -----------------------------------------------------------------------------

def _assignment_wrong_state(assignment: Assignment) -> str:
    if assignment.status == A.RECUSED:
        return str(_("You declared a conflict of interest on this entry."))
    return str(_("Your scores for this entry are submitted and can no longer change."))


ASSIGNMENT = register(Workflow(
    key="awards.assignment",
    model=Assignment,
    description=_("An entry given to a judge: scored and submitted, or left with a declared conflict of interest."),
    transitions=[
        Transition(
            "submit_scores", _("Submit my scores"), sources=(A.ASSIGNED,), target=A.SUBMITTED, who=judge,
            requires=(Requirement(lambda assignment: assignment.entry.edition.accepts_scores,
                                  lambda assignment: _("Judging of %(edition)s is closed.")
                                  % {"edition": assignment.entry.edition},
                                  label=_("judging open")),),
            wrong_state=_assignment_wrong_state,
            description=_("Needs a score for every criterion; submitted scores are final. Draft scores are saved "
                          "under the same conditions."),
        ),
        Transition(
            "declare_conflict", _("Declare a conflict of interest"), sources=(A.ASSIGNED,), target=A.RECUSED,
            who=judge, wrong_state=_("A conflict can be declared only before submitting scores."),
            description=_("With a reason; the judge's draft scores are deleted and the entry leaves their queue."),
        ),
    ],
))
