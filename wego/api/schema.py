"""OpenAPI description of the Api-Key header (so the docs and fuzzers can send it) and the portal's AutoSchema."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from .filters import ID_MAX, ID_MIN
from .serializers import ApiError


class PartnerAPIKeyScheme(OpenApiAuthenticationExtension):
    target_class = "wego.api.authentication.ApiKeyAuthentication"
    match_subclasses = True  # members.api.authentication.PartnerAPIKeyAuthentication
    name = "PartnerApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Send `Api-Key <key>`: keys are issued to WeGO partners by the Secretariat.",
        }


# --- Every operation states its error answers and the bounds of its ids ------------------------------

ERROR_DESCRIPTIONS = {
    "400": _("A query value is not valid (the message and details name it)."),
    "401": _("The API key sent is unknown, revoked or expired."),
    "403": _("Not allowed: the API key lacks the scope, or the caller may not read this."),
    "404": _("Not found (or no such page)."),
    "429": _("Too many requests: wait and try again."),
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema, plus what every operation of the portal can answer.

    Each operation declares, in the shared ApiError shape, 401, 403 and 429 (any caller may send a bad
    key, lack a scope or be throttled), 400 when it takes query parameters, and 404 when it takes an
    id or a page. What a view declares itself (a more precise description) is kept. Integer path
    parameters (ids) carry their bounds.
    """

    def _resolve_path_parameters(self, variables):

        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if parameter["schema"].get("type") == "integer":
                parameter["schema"].update(minimum=ID_MIN, maximum=ID_MAX)
        return parameters

    def _get_response_bodies(self, direction="response"):

        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        parameters = self._get_parameters()
        codes = ["401", "403", "429"]
        if any(p["in"] == "query" for p in parameters):
            codes.append("400")
        if any(p["in"] == "path" for p in parameters) or any(p["name"] == "page" for p in parameters):
            codes.append("404")
        for code in codes:
            if code not in responses:
                response = self._get_response_for_code(ApiError, code, direction=direction)
                response["description"] = ERROR_DESCRIPTIONS[code]
                responses[code] = response
        return dict(sorted(responses.items()))
