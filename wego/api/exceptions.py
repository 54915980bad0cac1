"""JSON errors with one shape for every API failure: {"error": {"status", "code", "message", "details"}}."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from wego.staff import STAFF_TWO_FACTOR_HINT, staff_privilege_withheld


def _first_message(detail) -> str:
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    if isinstance(detail, dict) and detail:
        key, value = next(iter(detail.items()))
        message = _first_message(value)
        return message if key in ("detail", "non_field_errors") else f"{key}: {message}"
    return str(detail)


def json_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        if isinstance(codes, str):
            code = codes
    request = context.get("request") if isinstance(context, dict) else None
    if (
        response.status_code in (401, 403, 404)
        and isinstance(detail, dict)
        and staff_privilege_withheld(getattr(request, "user", None))
    ):
        detail = {**detail, "two_factor": str(STAFF_TWO_FACTOR_HINT)}
    response.data = {
        "error": {
            "status": response.status_code,
            "code": code,
            "message": _first_message(detail),
            "details": detail,
        }
    }
    return response


def json_error(status_code: int, code: str, message: str) -> Response:
    return Response(
        {"error": {"status": status_code, "code": code, "message": message, "details": {}}},
        status=status_code,
    )


__all__ = ["json_exception_handler", "json_error", "status"]
