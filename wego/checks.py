"""System checks of the portal's own settings (run by `manage.py check --deploy`)."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def production_settings_check(app_configs, **kwargs):
    errors = []
    if getattr(settings, "MFA_TOTP_INSECURE_BYPASS_CODE", None) and settings.PRODUCTION:
        errors.append(Error("MFA_TOTP_INSECURE_BYPASS_CODE must never be set in production.", id="wego.E001"))
    if not getattr(settings, "CONTENT_SECURITY_POLICY", None):
        errors.append(Error("A Content-Security-Policy is required.", id="wego.E002"))
    return errors


@register(Tags.security)
def private_media_check(app_configs, **kwargs):
    """Private uploads must live outside MEDIA_ROOT, or /media/ would serve them."""

    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    public = Path(settings.MEDIA_ROOT).resolve()
    if private == public or public in private.parents or private in public.parents:
        return [Error("PRIVATE_MEDIA_ROOT must be outside MEDIA_ROOT (and not contain it).", id="wego.E003")]
    return []
