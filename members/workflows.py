"""The membership workflows, declared as tables (wego.workflows): the services check them, the staff
console shows their buttons, the admin builds its actions and the API lists them from these tables."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wego.workflows import Requirement, Transition, Workflow, predicate, register

from .models import MembershipApplication
from .permissions import is_applicant, is_staff_of_application

S = MembershipApplication.Status

applicant = predicate(_("the applicant"), is_applicant)
staff = predicate(_("the Secretariat or the regional office of the applicant's region"), is_staff_of_application)


def _cancel_wrong_state(application) -> str:
    if application.status == S.VERIFYING:
        return str(_("%(name)s is already an Associate member. To leave WeGO, its focal point asks for withdrawal "
                     "on the member home.") % {"name": application.name})
    return str(_("Only an open application can be cancelled."))


def _accept_wrong_state(application) -> str:
    message = str(_("Only a submitted application can be accepted; this one is %(status)s.") % {
        "status": application.get_status_display().lower()
    })
    if application.status == S.VERIFYING:
        message += " " + str(_("Record the verification instead."))
    return message


APPLICATION = register(Workflow(
    key="members.application",
    model=MembershipApplication,
    description=_("An organisation's application to join WeGO, from draft to the Secretariat's decision."),
    transitions=[
        Transition(
            "submit", _("Submit the application"), sources=(S.DRAFT,), target=(S.VERIFYING, S.SUBMITTED),
            who=applicant,
            requires=(Requirement(lambda a: bool(a.letter),
                                  _("Attach the signed application letter (PDF) before submitting."),
                                  label=_("the signed letter")),),
            wrong_state=_("This application has already been submitted."),
            description=_("Cities and institutions become Associate members at once (under verification); "
                          "associations and companies wait for the Secretariat."),
        ),
        Transition(
            "cancel", _("Cancel the application"), sources=(S.DRAFT, S.SUBMITTED), target=S.CANCELLED,
            who=applicant, wrong_state=_cancel_wrong_state, danger=True,
        ),
        Transition(
            "accept", _("Accept the application"), sources=(S.SUBMITTED,), target=S.ACCEPTED, who=staff,
            wrong_state=_accept_wrong_state,
            description=_("Companies become Corporate members; associations await the Executive Committee."),
        ),
        Transition(
            "verify", _("Mark the application as verified"), sources=(S.VERIFYING,), target=S.VERIFIED, who=staff,
            wrong_state=lambda a: str(_("Only an application under verification can be verified; this one is "
                                        "%(status)s.") % {"status": a.get_status_display().lower()}),
        ),
        Transition(
            "reject", _("Reject the application"), sources=(S.SUBMITTED, S.VERIFYING), target=S.REJECTED, who=staff,
            requires=(Requirement(
                lambda a, today=None: a.status != S.VERIFYING or a.in_verification_period(today),
                lambda a: str(_(
                    "The verification period of %(name)s ended on %(date)s: it is an Associate member and its "
                    "application can no longer be rejected. To end the membership, suspend the member (with a "
                    "reason) on its member page, or ask its focal point to request withdrawal.")
                    % {"name": a.name, "date": a.verification_due_on.isoformat()}),
                label=_("within the verification period (for a city under verification)"),
            ),),
            wrong_state=_("Only a submitted application can be rejected."), danger=True,
            description=_("Within the verification period, a city's rejection withdraws its Associate membership."),
        ),
    ],
))
