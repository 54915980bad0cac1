"""What every topic of the training services uses: row locks, taking and releasing a seat, refusals, mail."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from wego.mail import queue_templated_email

from ..models import (
    Application,
    Session,
)
from ..permissions import can_organise

__all__ = [
    "S",
]

S = Application.Status

# --- Helpers ---------------------------------------------------------------------------------------------


def _lock_session(session: Session) -> Session:
    """Lock the session row for this transaction and return it fresh (with its program)."""
    return Session.objects.select_for_update(of=("self",)).select_related("program").get(pk=session.pk)


def _lock_application(application: Application, *, session: Session | None = None) -> Application:
    """Lock the application row and return it fresh (with its member). Given the session row locked
    just before, the application reads that one: the workflow's requirements look at its session."""
    locked = Application.objects.select_for_update(of=("self",)).select_related("member").get(pk=application.pk)
    if session is not None:
        locked.session = session
    return locked


def _take_seat(session: Session) -> None:
    """Give one seat away, or refuse when none is left. Call with the session row locked.

    The count of seat-holding applications is checked first for a clear message; the conditional
    update and the check constraint on `seats_taken` are the database's own guard.
    """
    holding = Application.objects.filter(session=session, status__in=Application.SEAT_STATUSES).count()
    if holding >= session.capacity:
        raise ValidationError(_("No seat is left in %(session)s.") % {"session": session.title})
    try:
        with transaction.atomic():
            updated = Session.objects.filter(pk=session.pk, seats_taken__lt=F("capacity")).update(
                seats_taken=F("seats_taken") + 1
            )
    except IntegrityError:
        updated = 0
    if not updated:
        raise ValidationError(_("No seat is left in %(session)s.") % {"session": session.title})
    session.seats_taken += 1


def _release_seat(session: Session) -> None:
    Session.objects.filter(pk=session.pk, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)
    session.seats_taken = max(0, session.seats_taken - 1)


def _require_organiser(by, session: Session) -> None:
    if by is not None and not can_organise(by, session):
        raise PermissionDenied(_("Only the organiser of this session may do this."))


def _base_url() -> str:
    return getattr(settings, "PORTAL_BASE_URL", "").rstrip("/")


def _notify(user, template: str, context: dict) -> None:
    """Mail `user` (in their language) once the transaction commits."""
    if user is None or not getattr(user, "email", ""):
        return
    queue_templated_email(
        to=[user.email],
        template=f"training/email/{template}",
        context={"user": user, "base_url": _base_url(), **context},
        language=getattr(user, "preferred_language", None),
    )
