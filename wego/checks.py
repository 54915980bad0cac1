"""System checks of the portal's own settings (run by `manage.py check --deploy`)."""

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
