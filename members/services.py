"""Every write of the membership app: keyword-only arguments, atomic, audited."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wego.audit import audit_record

from .models import Partner, PartnerAPIKey


@transaction.atomic
def partner_key_create(
    *, partner: Partner, name: str = "", scopes: list[str] | None = None, expiry: datetime | None = None, by=None
) -> tuple[PartnerAPIKey, str]:
    """Issue an API key to a partner. Returns the key object and the raw key, which is shown only once."""
    key_obj, raw_key = PartnerAPIKey.objects.create_key(
        name=name or f"{partner.name} key",
        partner=partner,
        scopes=list(scopes or []),
        expiry_date=expiry,
    )
    audit_record(
        actor=by,
        action="members.partner_key.created",
        target=partner,
        data={"prefix": key_obj.prefix, "scopes": key_obj.scopes, "expiry": expiry},
    )
    return key_obj, raw_key


@transaction.atomic
def partner_key_revoke(*, key: PartnerAPIKey, by=None) -> PartnerAPIKey:
    """Revoke a key: requests with it are refused from now on. Revoking is final."""
    if key.revoked:
        raise ValidationError(_("This key is already revoked."))
    key.revoked = True
    key.save(update_fields=["revoked"])
    audit_record(actor=by, action="members.partner_key.revoked", target=key.partner, data={"prefix": key.prefix})
    return key


PORTAL_APPS = ["members", "governance", "ceds", "feasibility", "awards", "training", "wego"]
SECRETARIAT_GROUP = "secretariat"
REGIONAL_OFFICE_GROUP = "regional_office"


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Give the Secretariat group every permission on the portal's models and regional-office staff
    the view/change permissions on members. Run after migrations (seed_demo and deployment do)."""
    from django.contrib.auth.models import Group, Permission

    secretariat, _created = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    portal_perms = Permission.objects.filter(content_type__app_label__in=PORTAL_APPS)
    beat_perms = Permission.objects.filter(content_type__app_label="django_celery_beat")
    secretariat.permissions.set(list(portal_perms) + list(beat_perms))
    regional, _created = Group.objects.get_or_create(name=REGIONAL_OFFICE_GROUP)
    regional.permissions.set(
        Permission.objects.filter(
            content_type__app_label="members",
            codename__in=["view_member", "change_member", "view_affiliation", "view_regionaloffice"],
        )
    )
    return {SECRETARIAT_GROUP: secretariat.permissions.count(), REGIONAL_OFFICE_GROUP: regional.permissions.count()}


def _unique_slug(name: str, country: str) -> str:
    from django.utils.text import slugify

    from .models import Member

    base = slugify(name, allow_unicode=False) or "member"
    slug = base
    if Member.objects.filter(slug=slug).exists():
        slug = f"{base}-{str(country).lower()}"
    n = 2
    while Member.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def member_create(*, name: str, country: str, kind: str, by=None, region: str | None = None, **fields):
    """Create a member organisation. Its WeGO region comes from the country unless given explicitly."""
    from .models import Member
    from .regions import region_for_country

    derived = region_for_country(country)
    member = Member(
        name=name.strip(),
        country=country,
        kind=kind,
        region=region or derived,
        region_overridden=bool(region and region != derived),
        slug=fields.pop("slug", None) or _unique_slug(name, country),
        **fields,
    )
    member.full_clean()
    member.save()
    audit_record(actor=by, action="members.member.created", target=member, data={"status": member.status})
    return member


@transaction.atomic
def affiliation_add(*, member, user, role: str, title: str = "", by=None):
    """Let `user` act for `member` with `role`. A user holds one affiliation per member."""
    from .models import Affiliation

    if Affiliation.objects.filter(member=member, user=user).exists():
        raise ValidationError(_("%(user)s already acts for %(member)s.") % {"user": user, "member": member})
    affiliation = Affiliation.objects.create(member=member, user=user, role=role, title=title)
    audit_record(
        actor=by, action="members.affiliation.added", target=member, data={"user": user.email, "role": role}
    )
    return affiliation
