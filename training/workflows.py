"""The training workflows, declared as tables (wego.workflows): applications to a session (nomination,
seats, the waiting list and timed offers), sessions, cities' training requests and support threads.

The services check these tables before every transition (`APPLICATION.check(application, "accept")`),
the pages show a button exactly when the table allows it (`{% transitions %}`), and the admin's actions
run through them (`run_workflow`). The service keeps what only it can know under its locks (a seat
left, a member's nomination quota) and who may act, with its own message, before the table is read.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.permissions import is_secretariat
from wego.workflows import Requirement, Transition, Workflow, predicate, register

from .models import Application, Session, SupportRequest, TrainingRequest
from .permissions import (
    can_cancel_application,
    can_nominate,
    can_organise,
    can_view_support_request,
    is_applicant,
    is_focal_point_of_request,
    is_requester,
    is_support_answerer,
)

S = Application.Status

focal_point = predicate(_("the focal point of the applicant's member, or the Secretariat"), can_nominate)
organiser = predicate(_("the organiser of the session (the Secretariat, or the regional office of its program)"),
                      can_organise)
applicant = predicate(_("the applicant"), is_applicant)
applicant_or_secretariat = predicate(_("the applicant, or the Secretariat on their behalf"), can_cancel_application)
secretariat = predicate(_("the Secretariat"), is_secretariat)
requesting_focal_point = predicate(_("the focal point of the city that asked"), is_focal_point_of_request)
support_team = predicate(_("the eGovFrame team"), is_support_answerer)
requester = predicate(_("the alumnus who asked"), is_requester)
requester_or_team = predicate(_("the alumnus who asked, or the eGovFrame team"), can_view_support_request)


# --- Requirements of the applications' transitions ----------------------------------------------------------
# A requirement reads the application's session: the services give the application the session row they
# locked, and the pages' selectors load it with the application.


def _open_for_nomination(application: Application) -> bool:
    session = application.session
    return session.status == Session.Status.PUBLISHED and not session.has_started()


def _takes_participants(application: Application) -> bool:
    session = application.session
    return session.status == Session.Status.PUBLISHED and not session.has_ended()


def _session_not_ended(application: Application) -> bool:
    return not application.session.has_ended()


def _offer_open(application: Application, now: dt.datetime | None = None) -> bool:
    expires = application.offer_expires_at
    return expires is not None and expires > (now or timezone.now())


def _offer_past_deadline(application: Application, now: dt.datetime | None = None) -> bool:
    expires = application.offer_expires_at
    return expires is not None and expires <= (now or timezone.now())


def _when(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


SESSION_ENDED = Requirement(_session_not_ended, _("The session has ended."), label=_("the session has not ended"))


APPLICATION = register(Workflow(
    key="training.application",
    model=Application,
    description=_("An official's application to a training session: the focal point's nomination, the organiser's "
                  "decision, the waiting list and the timed offer of a freed seat. A member's official starts "
                  "waiting for nomination; a non-member's application to an open program starts nominated."),
    transitions=[
        Transition(
            "nominate", _("Nominate"), sources=(S.SUBMITTED, S.NOT_NOMINATED), target=S.NOMINATED, who=focal_point,
            requires=(Requirement(_open_for_nomination,
                                  lambda a: str(_("Nominations for %(session)s are closed.") % {"session": a.session.title}),
                                  label=_("the session is published and has not started")),),
            wrong_state=_("An application that is %(status)s cannot be nominated."),
            description=_("Placed last in the member's ranking; the service also keeps the session's nominations "
                          "per member."),
        ),
        Transition(
            "not_nominate", _("Do not nominate"), sources=(S.SUBMITTED, S.NOMINATED), target=S.NOT_NOMINATED,
            who=focal_point,
            requires=(Requirement(lambda a: a.member_id is not None, _("This applicant does not need a nomination."),
                                  label=_("the applicant acts for a member")),),
            wrong_state=_("An application that is %(status)s cannot be turned down by the focal point."),
        ),
        Transition(
            "accept", _("Accept (give a seat)"), sources=(S.NOMINATED, S.WAITLISTED), target=S.ACCEPTED, who=organiser,
            requires=(Requirement(_takes_participants,
                                  lambda a: str(_("%(session)s takes no more participants.") % {"session": a.session.title}),
                                  label=_("the session is published and has not ended")),),
            wrong_state=_("An application that is %(status)s cannot be accepted."),
            description=_("Refused by the service when no seat is left."),
        ),
        Transition(
            "waitlist", _("Put on the waiting list"), sources=(S.NOMINATED,), target=(S.WAITLISTED, S.OFFERED),
            who=organiser,
            wrong_state=_("An application that is %(status)s cannot go on the waiting list."),
            description=_("Nobody waits while a seat is free: the head of the list is offered it at once."),
        ),
        Transition(
            "decline", _("Decline"), sources=(S.NOMINATED, S.WAITLISTED, S.OFFERED, S.ACCEPTED), target=S.DECLINED,
            who=organiser, requires=(SESSION_ENDED,), danger=True,
            wrong_state=_("An application that is %(status)s cannot be declined."),
            description=_("A seat the application held is offered to the waiting list."),
        ),
        Transition(
            "cancel", _("Cancel the application"), sources=tuple(Application.ACTIVE_STATUSES), target=S.CANCELLED,
            who=applicant_or_secretariat, requires=(SESSION_ENDED,), danger=True,
            wrong_state=_("An application that is %(status)s cannot be cancelled."),
            description=_("A seat the application held is offered to the waiting list."),
        ),
        Transition(
            "offer_accept", _("Accept the seat"), sources=(S.OFFERED,), target=S.ACCEPTED, who=applicant,
            requires=(Requirement(_offer_open,
                                  lambda a: str(_("This offer lapsed on %(when)s.") % {"when": _when(a.offer_expires_at)}),
                                  label=_("before the offer's deadline")),),
            wrong_state=_("There is no open offer: the application is %(status)s."),
        ),
        Transition(
            "offer_decline", _("Decline the seat"), sources=(S.OFFERED,), target=S.OFFER_DECLINED, who=applicant,
            wrong_state=_("There is no open offer: the application is %(status)s."),
            description=_("The seat goes to the next on the waiting list."),
        ),
        Transition(
            "offer_lapse", _("Lapse the offer"), sources=(S.OFFERED,), target=S.OFFER_LAPSED, who=None,
            requires=(Requirement(_offer_past_deadline,
                                  lambda a: str(_("The offer is open until %(when)s.") % {"when": _when(a.offer_expires_at)}),
                                  label=_("the offer's deadline has passed")),),
            description=_("The beat task lapses offers past their deadline and offers the seat to the next."),
        ),
    ],
))


SESSION = register(Workflow(
    key="training.session",
    model=Session,
    description=_("A session of a program: a draft, published in the catalogue, or cancelled."),
    transitions=[
        Transition(
            "publish", _("Publish the session"), sources=(Session.Status.DRAFT,), target=Session.Status.PUBLISHED,
            who=organiser, wrong_state=_("Only a draft session can be published."),
            description=_("Seats freed while it was a draft are offered to the waiting list."),
        ),
        Transition(
            "cancel", _("Cancel the session"), sources=(Session.Status.DRAFT, Session.Status.PUBLISHED),
            target=Session.Status.CANCELLED, who=organiser, danger=True,
            requires=(Requirement(lambda s: not s.has_ended(), _("A session that has ended cannot be cancelled."),
                                  label=_("the session has not ended")),),
            wrong_state=_("This session is already cancelled."),
            description=_("Every open application is cancelled and its applicant told."),
        ),
    ],
))


R = TrainingRequest.Status

TRAINING_REQUEST = register(Workflow(
    key="training.request",
    model=TrainingRequest,
    description=_("A member city's request for an eGovFrame training at its own place and dates."),
    transitions=[
        Transition(
            "schedule", _("Turn into a session"), sources=(R.SUBMITTED,), target=R.SCHEDULED, who=secretariat,
            wrong_state=_("Only a submitted request can be scheduled (this one is %(status)s)."),
            description=_("A session at the agreed place and dates, reserved for the city's officials."),
        ),
        Transition(
            "decline", _("Decline the request"), sources=(R.SUBMITTED,), target=R.DECLINED, who=secretariat,
            danger=True, wrong_state=_("Only a submitted request can be declined."),
        ),
        Transition(
            "withdraw", _("Withdraw the request"), sources=(R.SUBMITTED,), target=R.WITHDRAWN,
            who=requesting_focal_point, danger=True, wrong_state=_("Only a submitted request can be withdrawn."),
        ),
    ],
))


T = SupportRequest.Status
THREAD_CLOSED = _("This request is closed; open a new one if you need more help.")

SUPPORT = register(Workflow(
    key="training.support",
    model=SupportRequest,
    description=_("An alumnus's question to the eGovFrame team, answered in a thread until one side closes it."),
    transitions=[
        Transition(
            "answer", _("Answer"), sources=(T.OPEN, T.ANSWERED), target=T.ANSWERED, who=support_team,
            wrong_state=THREAD_CLOSED, description=_("The team's first answer is timed for the response figures."),
        ),
        Transition(
            "follow_up", _("Write a follow-up"), sources=(T.OPEN, T.ANSWERED), target=T.OPEN, who=requester,
            wrong_state=THREAD_CLOSED,
        ),
        Transition(
            "close", _("Close the request"), sources=(T.OPEN, T.ANSWERED), target=T.CLOSED, who=requester_or_team,
            wrong_state=_("This request is already closed."),
        ),
    ],
))
