"""drf-spectacular hooks. The schema is built without a signed-in caller; the filter and ordering
backends ask the view for its queryset to know the model, and every queryset comes from a selector that
needs `request.viewer`: the mock request carries the anonymous viewer, whose selectors are empty."""

from drf_spectacular.plumbing import build_mock_request

from ervaringswerk.core.tenancy import ANONYMOUS


def mock_request(method, path, view, original_request, **kwargs):
    request = build_mock_request(method, path, view, original_request, **kwargs)
    request.viewer = ANONYMOUS
    request._request.viewer = ANONYMOUS
    return request


PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details; `invalid_params` names each refused field.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "invalid_params": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "code": {"type": "string"},
                    "reason": {"type": "string"},
                },
            },
        },
    },
    "required": ["title", "status"],
}

# Which refusals any operation can give (core.api.errors answers each as problem+json): bad input or an
# unknown query parameter, no or an expired token, a role without the right, an object outside the
# caller's municipality or role, a format the caller cannot accept, throttling. Writes add a conflict
# (already accepted, capacity taken meanwhile), a body too large and a media type not parsed.
_ANY = {
    "400": "Ongeldige invoer of een onbekende parameter",
    "401": "Niet ingelogd of het token is verlopen",
    "403": "Deze rol mag dit niet",
    "404": "Niet gevonden (of buiten de gemeente en rol van de aanroeper)",
    "406": "Het gevraagde formaat is niet beschikbaar",
    "429": "Te veel verzoeken",
}
_WRITE = {
    "409": "Conflict met de huidige toestand",
    "413": "Verzoek te groot",
    "415": "Mediatype niet ondersteund",
}


def document_problem_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: every operation documents the problem+json errors it can
    answer, so a client (and schemathesis) knows a 404 or 409 is part of the contract, not a surprise."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    ref = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            extra = dict(_ANY)
            if method != "get":
                extra.update(_WRITE)
            responses = operation.setdefault("responses", {})
            for code, description in extra.items():
                responses.setdefault(code, {"description": description, "content": ref})
    return result
