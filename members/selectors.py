"""Reads about members, with their joins built in."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Affiliation, Member


def affiliation_list_for_user(*, user) -> QuerySet[Affiliation]:
    """The members a user acts for, with the member loaded."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "pk", None) is None:
        return Affiliation.objects.none()
    return Affiliation.objects.filter(user=user).select_related("member", "member__regional_office").order_by(
        "member__name"
    )


def member_officials(*, member: Member) -> QuerySet[Affiliation]:
    """A member's officials and their roles, focal points first."""
    return member.affiliations.select_related("user").order_by("role", "user__name", "user__email")
