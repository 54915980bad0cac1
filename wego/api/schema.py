"""OpenAPI description of the Api-Key header, so the docs and fuzzers can send it."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class PartnerAPIKeyScheme(OpenApiAuthenticationExtension):
    target_class = "wego.api.authentication.PartnerAPIKeyAuthentication"
    name = "PartnerApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Send `Api-Key <key>`: keys are issued to WeGO partners by the Secretariat.",
        }
