"""Portal middleware: staff two-factor enforcement and the user's preferred language."""

from urllib.parse import quote

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .staff import staff_privilege_withheld


def user_has_mfa(user) -> bool:

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffTwoFactorMiddleware:
    """Send a staff user whose privilege is withheld to the two-factor step they are missing.

    The privilege itself is withheld by `wego.staff.StaffPrivilegeMiddleware` on every door; this
    only helps the person on the way into the admin and the staff consoles: without an
    authenticator they are taken to set one up, with one they are asked for its code.
    """

    console_prefixes = ("/admin/", "/staff/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and request.path.startswith(self.console_prefixes)
            and staff_privilege_withheld(user)
        ):
            if user_has_mfa(user):
                messages.warning(
                    request,
                    _("Your staff role needs two-factor authentication in this session. Enter a code from your authenticator app to continue."),
                )
                return redirect(f"{reverse('mfa_reauthenticate')}?next={quote(request.get_full_path())}")
            messages.warning(
                request,
                _("Staff accounts need two-factor authentication. Set up an authenticator app to continue."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class UserLanguageMiddleware:
    """A signed-in user's preferred language wins unless they chose another one in this session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "preferred_language", None)
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
        ):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
