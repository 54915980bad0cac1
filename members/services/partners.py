"""Partners' API keys: issued once, revoked for good."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wego.audit import audit_record

from ..models import Partner, PartnerAPIKey

__all__ = ["partner_key_create", "partner_key_revoke"]


@transaction.atomic
def partner_key_create(
    *, partner: Partner, name: str = "", scopes: list[str] | None = None, expiry: datetime | None = None, by=None
) -> tuple[PartnerAPIKey, str]:
    """Issue an API key to a partner. Returns the key object and the raw key, which is shown only once."""
    key_obj: PartnerAPIKey
    key_obj, raw_key = PartnerAPIKey.objects.create_key(  # type: ignore[assignment]
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
