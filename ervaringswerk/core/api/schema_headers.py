"""drf-spectacular post-processing hook: every response in the OpenAPI document declares the
`API-Version` header that `core.middleware` puts on every answer under /api/ (NL API Design Rules,
/core/version-header, API-57). Checked by the Spectral ruleset (`.spectral.yaml`, `make lint`)."""

from django.conf import settings

API_VERSION_HEADER = {
    "description": "The full version of the API (semantic version), on every answer.",
    "schema": {"type": "string", "example": settings.SPECTACULAR_SETTINGS["VERSION"]},
}


def document_version_header(result, generator, request, public):
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for response in operation["responses"].values():
                if isinstance(response, dict) and "$ref" not in response:
                    response.setdefault("headers", {}).setdefault("API-Version", API_VERSION_HEADER)
    return result
