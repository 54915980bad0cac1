"""Shared API serializers: the JSON error shape every endpoint answers with."""

from rest_framework import serializers


class ApiErrorDetail(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    details = serializers.JSONField()


class ApiError(serializers.Serializer):
    """The JSON error shape of wego.api.exceptions: {"error": {"status", "code", "message", "details"}}."""

    error = ApiErrorDetail()
