"""The CeDS workflows, declared as tables (wego.workflows): the services check them, the investigation
page shows its submit button, the dashboard its action-item choices, the admin runs its actions and the
API lists them from these tables.

- Investigation: draft → submitted → reported (the portal computes the reports; the Secretariat may
  ask for them again).
- Framework version: draft → published.
- Action item: proposed → accepted → done; dismissed from proposed or accepted, and back.

Where a service checked several things in turn, the requirements are declared `in_order`: the first
thing to fix is named (as the services always did), the next one once it is done.

This module is imported by the services: it must not import services, tasks or views.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.permissions import is_secretariat
from wego.workflows import Requirement, Transition, Workflow, in_order, predicate, register

from .models import ActionItem, FrameworkVersion, Investigation
from .permissions import is_action_item_official, is_investigation_official
from .selectors import submission_state

secretariat = predicate(_("the Secretariat"), is_secretariat)
officials = predicate(_("the city's officials"), is_investigation_official)
item_officials = predicate(
    _("the city's officials or the Secretariat"),
    lambda user, item: is_action_item_official(user, item) or is_secretariat(user),
)


# --- Investigations ---------------------------------------------------------------------------------

IS = Investigation.Status


def _stakeholders_message(investigation: Investigation) -> str:
    return gettext("Record these stakeholders first: %s.") % ", ".join(submission_state(investigation).missing_roles)


def _unanswered_message(investigation: Investigation) -> str:
    state = submission_state(investigation)
    return gettext("%(n)d questions are still unanswered, in: %(sections)s.") % {
        "n": state.total - state.answered, "sections": ", ".join(state.incomplete_sections),
    }


NO_REPORTS_FOR_A_DRAFT = _("A draft investigation has no reports: submit it first.")

INVESTIGATION = register(Workflow(
    key="ceds.investigation",
    model=Investigation,
    description=_("A city's self-assessment: answered as a draft, submitted (the answers are frozen), reported."),
    transitions=[
        Transition(
            "submit", _("Submit the investigation"), sources=(IS.DRAFT,), target=IS.SUBMITTED, who=officials,
            requires=in_order(
                Requirement(lambda inv: not submission_state(inv).missing_roles, _stakeholders_message,
                            label=_("the four required stakeholders (planning, finance, IT, executive)")),
                Requirement(lambda inv: submission_state(inv).complete, _unanswered_message,
                            label=_("every question answered")),
            ),
            wrong_state=_("Only a draft investigation can be submitted."),
            description=_("The answers are frozen and the reports are queued."),
        ),
        Transition(
            "report", _("Compute the reports"), sources=(IS.SUBMITTED, IS.REPORTED), target=IS.REPORTED,
            wrong_state=NO_REPORTS_FOR_A_DRAFT,
            description=_("The portal computes reports I–III once the submission commits."),
        ),
        Transition(
            "recompute", _("Recompute the reports"), sources=(IS.SUBMITTED, IS.REPORTED), target=IS.REPORTED,
            who=secretariat, wrong_state=NO_REPORTS_FOR_A_DRAFT,
            description=_("After a correction of the framework, the reports are queued again."),
        ),
    ],
))


# --- Framework versions ------------------------------------------------------------------------------

FS = FrameworkVersion.Status

FRAMEWORK = register(Workflow(
    key="ceds.framework",
    model=FrameworkVersion,
    description=_("An edition of the CeDS framework: edited as a draft, then published for new investigations."),
    transitions=[
        Transition(
            "publish", _("Publish the version"), sources=(FS.DRAFT,), target=FS.PUBLISHED, who=secretariat,
            requires=(Requirement(
                lambda v: v.indicators.exists() and v.system_items.exists(),
                _("A version needs indicators and systems before it can be published."),
                label=_("indicators and systems"),
            ),),
            wrong_state=_("This framework version is already published."),
            description=_("New investigations use it from now on; past ones keep theirs."),
        ),
    ],
))


# --- Action items ------------------------------------------------------------------------------------

AS = ActionItem.Status


def _cannot_become(target: str):
    def message(item: ActionItem) -> str:
        return gettext("An action item that is %(old)s cannot become %(new)s.") % {
            "old": item.get_status_display(), "new": AS(target).label,
        }

    return message


ACTION_ITEM = register(Workflow(
    key="ceds.action_item",
    model=ActionItem,
    description=_("Something a city should do, proposed from its largest gaps."),
    transitions=[
        Transition("accept", _("Accept"), sources=(AS.PROPOSED,), target=AS.ACCEPTED, who=item_officials,
                   wrong_state=_cannot_become(AS.ACCEPTED), description=_("The city takes it on.")),
        Transition("complete", _("Mark as done"), sources=(AS.ACCEPTED,), target=AS.DONE, who=item_officials,
                   wrong_state=_cannot_become(AS.DONE)),
        Transition("reopen", _("Reopen"), sources=(AS.DONE,), target=AS.ACCEPTED, who=item_officials,
                   wrong_state=_cannot_become(AS.ACCEPTED)),
        Transition("dismiss", _("Dismiss"), sources=(AS.PROPOSED, AS.ACCEPTED), target=AS.DISMISSED,
                   who=item_officials, wrong_state=_cannot_become(AS.DISMISSED), danger=True),
        Transition("reconsider", _("Propose again"), sources=(AS.DISMISSED,), target=AS.PROPOSED, who=item_officials,
                   wrong_state=_cannot_become(AS.PROPOSED)),
    ],
))


def action_item_transition(item: ActionItem, status: str) -> str:
    """The name of the transition that takes `item` to `status`: the one from its state when there is
    one, else the first that leads there (whose refusal then names both states)."""
    leading = [t for t in ACTION_ITEM if status in t.targets]
    if not leading:
        raise ValueError(f"no transition of {ACTION_ITEM.key} leads to {status!r}")
    return next((t.name for t in leading if item.status in t.sources), leading[0].name)


def action_item_statuses(item: ActionItem, user: Any) -> list[tuple[str, str]]:
    """The statuses `user` may choose for `item` now: its own, then those its allowed transitions lead to."""
    allowed = {target for t in ACTION_ITEM.available(item, user) for target in t.targets}
    return [(value, str(label)) for value, label in AS.choices if value == item.status or value in allowed]
