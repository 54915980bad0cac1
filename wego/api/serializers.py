"""Shared API serializers: the JSON error shape every endpoint answers with."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class ApiErrorDetail(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    details = serializers.JSONField()


class ApiError(serializers.Serializer):
    """The JSON error shape of wego.api.exceptions: {"error": {"status", "code", "message", "details"}}."""

    error = ApiErrorDetail()


# --- Fields whose value may be blank ------------------------------------------------------------------

BLANK = {"type": "string", "enum": [""]}


def blank_or(fmt: str) -> dict:
    """A string of format `fmt`, or "" where nothing was entered (an empty string is no URI nor email)."""
    return {"oneOf": [{"type": "string", "format": fmt}, BLANK]}


@extend_schema_field(blank_or("uri"))
class BlankableURLField(serializers.URLField):
    """A URL, or "" when none was entered."""


@extend_schema_field(blank_or("email"))
class BlankableEmailField(serializers.EmailField):
    """An email address, or "" when none was entered."""
