"""Platform pages: landing page, health, error pages."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache


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
    from kombu import Connection

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


def error_400(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"error": {"status": 400, "code": "bad_request", "message": _("Bad request.")}}, status=400)
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    if _wants_json(request):
        message = _("You do not have permission to do this.")
        return JsonResponse({"error": {"status": 403, "code": "permission_denied", "message": message}}, status=403)
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"error": {"status": 404, "code": "not_found", "message": _("Not found.")}}, status=404)
    return render(request, "404.html", status=404)


def error_500(request):
    if _wants_json(request):
        message = _("Server error. The Secretariat has been told.")
        return JsonResponse({"error": {"status": 500, "code": "server_error", "message": message}}, status=500)
    return render(request, "500.html", status=500)
