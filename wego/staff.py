"""Staff privilege holds only after two-factor: the one place that decides it.

A staff role (Secretariat, regional office, superuser) grants nothing until the session has passed
two-factor authentication. `StaffPrivilegeMiddleware` runs right after Django's authentication
middleware and, for a session that has not passed it, hands every later layer an *ordinary* user:
`is_staff`, `is_superuser` and the regional office are withheld on the request's user object, and
model permissions answer no. So the rules predicates, the Django admin, the staff consoles, the
session-authenticated API, exports and PDFs all see the same ordinary user without a list of URL
prefixes to keep in step.

The user model takes `StaffPrivilegeMixin` so that a withheld user is never saved with its
privileges lost, and so that `has_perm` answers no while they are withheld.
"""

from __future__ import annotations

import time

from django.utils.functional import LazyObject, SimpleLazyObject, empty
from django.utils.translation import gettext_lazy as _

# allauth keeps a log of the authentication steps of a session (password, code, mfa, …).
AUTHENTICATION_METHODS_SESSION_KEY = "account_authentication_methods"
AUTHENTICATION_USER_SESSION_KEY = "account_authentication_methods_user"

#: Said wherever a staff user's privilege is withheld (pages show it in a banner, the API in details).
STAFF_TWO_FACTOR_HINT = _(
    "Your staff role is not active in this session: staff pages and other cities' private data open only "
    "after two-factor authentication. Set up or use your authenticator app, then try again."
)

#: The user attributes that carry staff privilege, and the value each takes while withheld.
PRIVILEGED_FIELDS = {"is_staff": False, "is_superuser": False, "regional_office_id": None}


def holds_staff_role(user) -> bool:
    """Whether the stored user has a staff role at all (before any withholding)."""
    withheld = getattr(user, "_staff_privilege_withheld", None)
    if withheld:
        return True
    return bool(
        getattr(user, "is_staff", False)
        or getattr(user, "is_superuser", False)
        or getattr(user, "regional_office_id", None)
    )


def session_passed_two_factor(request, user) -> bool:
    """True when this session's authentication log has a two-factor step for this user.

    allauth records {"method": "mfa", ...} when the authenticator code is entered at login or on
    reauthentication; activating an authenticator in the session records one too
    (`record_two_factor`), since the user has just proved they hold it.
    """
    session = getattr(request, "session", None)
    if session is None or getattr(user, "pk", None) is None:
        return False
    if str(session.get(AUTHENTICATION_USER_SESSION_KEY, "")) != str(user.pk):
        return False
    records = session.get(AUTHENTICATION_METHODS_SESSION_KEY)
    if not isinstance(records, list):
        return False
    return any(isinstance(r, dict) and r.get("method") == "mfa" for r in records)


def record_two_factor(request, user, **extra) -> None:
    """Note in the session that this user has just proved their authenticator."""
    session = request.session
    records = session.get(AUTHENTICATION_METHODS_SESSION_KEY)
    if str(session.get(AUTHENTICATION_USER_SESSION_KEY, "")) != str(user.pk) or not isinstance(records, list):
        records = []
    records = [*records, {"method": "mfa", "at": time.time(), **extra}]
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[AUTHENTICATION_USER_SESSION_KEY] = str(user.pk)


def forget_two_factor(request) -> None:
    """Drop the two-factor steps of this session (the authenticator was removed)."""
    records = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY)
    if isinstance(records, list):
        request.session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            r for r in records if not (isinstance(r, dict) and r.get("method") == "mfa")
        ]


def withhold_staff_privilege(user) -> None:
    """Make this in-memory user an ordinary user for the rest of the request."""
    if getattr(user, "_staff_privilege_withheld", None):
        return
    saved = {name: getattr(user, name, None) for name in PRIVILEGED_FIELDS}
    for name, value in PRIVILEGED_FIELDS.items():
        setattr(user, name, value)
    # Drop caches that predicates keep on the user object, and the cached regional office.
    for attr in ("_is_secretariat", "_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(attr, None)
    state = getattr(user, "_state", None)
    if state is not None:
        state.fields_cache.pop("regional_office", None)
    user._staff_privilege_withheld = saved


def staff_privilege_withheld(user) -> bool:
    """True when this request's user holds a staff role that is withheld until two-factor."""
    return bool(getattr(user, "_staff_privilege_withheld", None))


def gate_user(request, user):
    """The user every later layer sees: staff privilege withheld unless two-factor was passed."""
    if (
        getattr(user, "is_authenticated", False)
        and holds_staff_role(user)
        and not session_passed_two_factor(request, user)
    ):
        withhold_staff_privilege(user)
    return user


def _on_authenticator_added(sender, request=None, user=None, authenticator=None, **kwargs):
    if request is not None and user is not None and getattr(request, "session", None) is not None:
        record_two_factor(request, user, type=getattr(authenticator, "type", "totp"), activated=True)
        # allauth sends this signal on commit, which may come after the response was built.
        request.session.save()


def _on_authenticator_removed(sender, request=None, user=None, authenticator=None, **kwargs):
    if request is None or getattr(request, "session", None) is None:
        return
    # wego.staff is imported by the User model (StaffPrivilegeMixin): allauth's models load after it.
    from allauth.mfa.models import Authenticator  # noqa: PLC0415 — a model import in a module models import

    if user is not None and not Authenticator.objects.filter(user=user).exclude(
        type=Authenticator.Type.RECOVERY_CODES
    ).exists():
        forget_two_factor(request)


def connect_signals() -> None:
    """Activating an authenticator passes two-factor for the session; removing the last one ends it."""
    from allauth.mfa import signals  # noqa: PLC0415 — called from WegoConfig.ready(), see above

    signals.authenticator_added.connect(_on_authenticator_added, dispatch_uid="wego.staff.added")
    signals.authenticator_removed.connect(_on_authenticator_removed, dispatch_uid="wego.staff.removed")


class StaffPrivilegeMixin:
    """For the user model: never save withheld values; no model permissions while withheld."""

    def save(self, *args, **kwargs):
        withheld = getattr(self, "_staff_privilege_withheld", None)
        if not withheld:
            return super().save(*args, **kwargs)
        current = {name: getattr(self, name) for name in PRIVILEGED_FIELDS}
        for name, value in withheld.items():
            setattr(self, name, value)
        try:
            return super().save(*args, **kwargs)
        finally:
            for name, value in current.items():
                setattr(self, name, value)

    def has_perm(self, perm, obj=None):
        if getattr(self, "_staff_privilege_withheld", None):
            return False
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        if getattr(self, "_staff_privilege_withheld", None):
            return False
        return super().has_module_perms(app_label)

    def get_all_permissions(self, obj=None):
        if getattr(self, "_staff_privilege_withheld", None):
            return set()
        return super().get_all_permissions(obj)


class StaffPrivilegeMiddleware:
    """Right after AuthenticationMiddleware: every later layer sees the gated user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        request.user = SimpleLazyObject(lambda: gate_user(request, _unwrap(user)))
        return self.get_response(request)


def _unwrap(obj):
    """The real object behind a lazy one (loading it if it has not been loaded yet)."""
    if isinstance(obj, LazyObject):
        if obj._wrapped is empty:
            obj._setup()
        return obj._wrapped
    return obj
