"""Users and roles: the staff groups of the portal and their permissions."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

__all__ = ["PORTAL_APPS", "REGIONAL_OFFICE_GROUP", "SECRETARIAT_GROUP", "roles_sync"]


PORTAL_APPS = ["members", "finance", "governance", "ceds", "feasibility", "awards", "training", "wego"]
SECRETARIAT_GROUP = "secretariat"
REGIONAL_OFFICE_GROUP = "regional_office"


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Give the Secretariat group every permission on the portal's models and regional-office staff
    the view/change permissions on members. Run after migrations (seed_demo and deployment do)."""
    secretariat, _created = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    portal_perms = Permission.objects.filter(content_type__app_label__in=PORTAL_APPS)
    beat_perms = Permission.objects.filter(content_type__app_label="django_celery_beat")
    secretariat.permissions.set(list(portal_perms) + list(beat_perms))
    regional, _created = Group.objects.get_or_create(name=REGIONAL_OFFICE_GROUP)
    regional.permissions.set(
        Permission.objects.filter(
            content_type__app_label="members",
            codename__in=[
                "view_member", "change_member", "view_affiliation", "view_regionaloffice",
                "view_membershipapplication", "view_withdrawalrequest", "view_invitation", "view_membershipdecision",
            ],
        )
    )
    # The eGovFrame team answers alumni's support requests (training app); its rights come from the group.
    Group.objects.get_or_create(name="training_support")
    return {SECRETARIAT_GROUP: secretariat.permissions.count(), REGIONAL_OFFICE_GROUP: regional.permissions.count()}
