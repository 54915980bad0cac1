"""Platform pages: landing page, health, error pages."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from kombu import Connection


def home(request):
    """The landing page: what the portal is, with a way into each section."""
    return render(request, "home.html")


def _check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return f"{exc.__class__.__name__}: {exc}"
    return None


def _check_cache() -> str | None:
    try:
        cache.set("wego:health", "ok", 10)
        if cache.get("wego:health") != "ok":
            return "cache did not return the value written"
    except Exception as exc:  # noqa: BLE001
        return f"{exc.__class__.__name__}: {exc}"
    return None


def _check_broker() -> tuple[str | None, str]:
    url = settings.CELERY_BROKER_URL
    if not url or url.startswith("memory://"):
        if settings.CELERY_TASK_ALWAYS_EAGER:
            return None, "eager"
        return "no CELERY_BROKER_URL set", "missing"

    try:
        with Connection(url, connect_timeout=2, transport_options={"socket_timeout": 2}) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
    except Exception as exc:  # noqa: BLE001
        return f"{exc.__class__.__name__}: {exc}", "down"
    return None, "up"


@never_cache
def health(request):
    """200 when the database, the cache and the broker answer; 503 naming the failing part otherwise."""
    checks: dict[str, dict[str, str]] = {}
    failing: list[str] = []
    for name, error in (("database", _check_database()), ("cache", _check_cache())):
        checks[name] = {"status": "down" if error else "up"}
        if error:
            checks[name]["error"] = error
            failing.append(name)
    broker_error, broker_state = _check_broker()
    checks["broker"] = {"status": broker_state}
    if broker_error:
        checks["broker"]["error"] = broker_error
        failing.append("broker")
    body = {"status": "fail" if failing else "ok", "failing": failing, "checks": checks}
    return JsonResponse(body, status=503 if failing else 200)


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def _json_error(status: int, code: str, message) -> JsonResponse:
    """The API's error shape (wego.api.exceptions), for answers Django gives before DRF is reached."""
    return JsonResponse(
        {"error": {"status": status, "code": code, "message": str(message), "details": {}}}, status=status
    )


def error_400(request, exception=None):
    if _wants_json(request):
        return _json_error(400, "bad_request", _("Bad request."))
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    if _wants_json(request):
        return _json_error(403, "permission_denied", _("You do not have permission to do this."))
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    if _wants_json(request):
        return _json_error(404, "not_found", _("Not found."))
    return render(request, "404.html", status=404)


def error_500(request):
    if _wants_json(request):
        return _json_error(500, "server_error", _("Server error. The Secretariat has been told."))
    return render(request, "500.html", status=500)
