"""Who is told: the Secretariat's staff and a member's focal points (mail sent after the commit)."""

from __future__ import annotations

from wego.mail import queue_email, queue_templated_email

from ..models import Affiliation, User
from .roles import SECRETARIAT_GROUP

__all__: list[str] = []


def _secretariat_emails() -> list[str]:
    return list(
        User.objects.filter(is_active=True, is_staff=True, groups__name=SECRETARIAT_GROUP).values_list("email", flat=True)
    )


def _notify_secretariat(*, subject: str, body: str) -> None:
    queue_email(to=_secretariat_emails(), subject=f"[WeGO Portal] {subject}", body=body)


def _focal_point_emails(member) -> list[str]:
    return Affiliation.objects.focal_points().of(member).emails()


def _notify_focal_points(member, template: str, context: dict) -> None:
    for affiliation in Affiliation.objects.focal_points().of(member).select_related("user"):
        queue_templated_email(
            to=[affiliation.user.email], template=template, context={"member": member, **context},
            language=affiliation.user.preferred_language,
        )
