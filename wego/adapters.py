from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.utils.translation import gettext_lazy as _

from .mail import queue_email


class AccountAdapter(DefaultAccountAdapter):
    """allauth's mails (verification, password reset …) go out through a Celery task.

    Failed password logins are throttled so that a stranger cannot lock an official out
    (issue 12, point 8). allauth limits ``login_failed`` per IP and per "key", where its key is
    the address alone: five wrong passwords from anywhere refused even the right one. Here the
    key is the address *and* the client IP, so a stranger's failures close the password path for
    the stranger's IP only; a loose per-address ceiling (``login_failed_address``) still bounds
    guessing from many IPs, and when it trips the owner signs in with a code sent to their address
    (ACCOUNT_LOGIN_BY_CODE_ENABLED), which keeps email verification and staff two-factor.
    """

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed login attempts. Try again later, or sign in with a code sent to your email address."
        ),
    }

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        html = None
        for alternative in getattr(message, "alternatives", []) or []:
            if alternative[1] == "text/html":
                html = alternative[0]
        queue_email(to=list(message.to), subject=message.subject, body=message.body, html=html)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = getattr(form, "cleaned_data", {})
        user.name = data.get("name", "") or user.name
        if data.get("preferred_language"):
            user.preferred_language = data["preferred_language"]
        if commit:
            user.save()
        return user

    # --- Failed-login throttle -----------------------------------------------------------------

    @staticmethod
    def _login_address(credentials) -> str:
        return (credentials.get("email") or credentials.get("username") or "").strip().lower()

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """The key of the ``…/key`` rate of ``login_failed``: the address together with the client IP."""
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}|{ratelimit.get_ip(request)}"

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        """After a password reset, lift the address's limits (the pair for this IP and the ceiling)."""
        super()._delete_login_attempts_cached_email(request, **credentials)
        ratelimit.clear(
            request, app="allauth.account", action="login_failed_address", key=self._login_address(credentials)
        )

    def pre_authenticate(self, request, **credentials) -> None:
        """Consume the per-IP and per-(address, IP) limits, then the per-address ceiling.

        A successful login rolls all of them back (allauth rolls back ``_login_failed_rl_usage``).
        """
        super().pre_authenticate(request, **credentials)
        ceiling = ratelimit.consume(
            request, app="allauth.account", action="login_failed_address", key=self._login_address(credentials)
        )
        if ceiling is None:
            self._rollback_login_failed_rl_usage()  # a refused attempt does not count against the pair
            raise self.validation_error("too_many_login_attempts")
        self._login_failed_rl_usage.usage.extend(ceiling.usage)
