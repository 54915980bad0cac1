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


# --- A workflow's allowed transitions ---------------------------------------------------------------


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class TransitionsField(serializers.Field):
    """The names of the transitions the requesting user may take on the object now, read from the
    declared workflow (wego.workflows): the same table that decides the pages' buttons and the admin."""

    def __init__(self, flow, **kwargs):
        self.flow = flow
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None:
            return []
        return [t.name for t in self.flow.available(obj, user)]
