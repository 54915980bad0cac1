"""Reads about members, with their joins built in."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from .models import Affiliation, Member, MembershipApplication, WithdrawalRequest
from .permissions import can_view_member_private, is_secretariat
from .regions import COUNTRY_REGION


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


def member_private_get(*, user, member_id: int) -> Member:
    """A member the user acts for (or may manage as staff); 404 for anyone else's."""
    member = Member.objects.select_related("regional_office").filter(pk=member_id).first()
    if member is None or not can_view_member_private(user, member):
        raise Http404
    return member


def invitation_list_pending(*, member: Member):
    return member.invitations.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def withdrawal_pending(*, member: Member):
    return member.withdrawal_requests.filter(status=WithdrawalRequest.Status.PENDING).first()


def application_list_for_user(*, user):
    return MembershipApplication.objects.filter(applicant=user).select_related("member").order_by("-created_at")


def _staff_regions(user) -> list[str] | None:
    """None for the Secretariat (all regions); the office's regions for regional-office staff."""
    if is_secretariat(user):
        return None
    if getattr(user, "is_staff", False) and getattr(user, "regional_office_id", None):
        return list(user.regional_office.regions or [])
    return []


def application_list_for_staff(*, user, status: str | None = None):
    qs = MembershipApplication.objects.select_related("applicant", "member").order_by("-submitted_at", "-created_at")
    if status:
        qs = qs.filter(status=status)
    regions = _staff_regions(user)
    if regions is not None:
        countries = [code for code, region in COUNTRY_REGION.items() if region in regions]
        qs = qs.filter(country__in=countries)
    return qs


def withdrawal_list_for_staff(*, user, status: str | None = None):
    qs = WithdrawalRequest.objects.select_related("member", "requested_by").order_by("-created_at")
    if status:
        qs = qs.filter(status=status)
    regions = _staff_regions(user)
    if regions is not None:
        qs = qs.filter(member__region__in=regions)
    return qs


def member_list_for_staff(*, user):
    qs = Member.objects.select_related("regional_office").order_by("name")
    regions = _staff_regions(user)
    if regions is not None:
        qs = qs.filter(region__in=regions)
    return qs
