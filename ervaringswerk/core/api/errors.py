"""Every API error as application/problem+json (RFC 9457), with Dutch titles and field-level details."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

TITLES = {
    400: _("Ongeldige invoer"),
    401: _("Niet ingelogd"),
    403: _("Geen toegang"),
    404: _("Niet gevonden"),
    405: _("Methode niet toegestaan"),
    406: _("Formaat niet beschikbaar"),
    409: _("Conflict"),
    413: _("Verzoek te groot"),
    415: _("Mediatype niet ondersteund"),
    429: _("Te veel verzoeken"),
    500: _("Interne fout"),
    503: _("Tijdelijk niet beschikbaar"),
}


# Codes of a service's ValidationError that mean "not (any more) in this state", whatever app raised it:
# answered 409 everywhere (accepting or approving twice, capacity taken meanwhile), not 400.
CONFLICT_CODES = frozenset(
    {
        "capacity",
        "not_open",
        "not_pending",
        "illegal_transition",
        "declined",
        "infeasible",
        "not_a_candidate",
        "already_decided",
        "not_draft",  # a batch proposal already sent or discarded
        "no_pairs",  # a batch proposal with nothing left to send
        "already_locked",  # a month closed twice
        "not_locked",  # a month reopened that is (no longer) closed
        "entries_waiting",  # a month with hours still waiting for review or returned
        "nothing_to_issue",  # a hire-out statement without approved hours
        "nothing_changed",  # a hire-out statement issued again without a difference
        "missing_rates",  # a hire-out statement for hours without an hourly rate
    }
)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Dit kan niet (meer): iemand anders heeft intussen iets gewijzigd.")
    default_code = "conflict"

    def __init__(self, detail=None, code=None, invalid_params=None):
        super().__init__(detail, code)
        self.invalid_params = invalid_params or []  # the field a refusal is about, as a 400 names it


def conflict_from(exc: DjangoValidationError) -> Conflict | None:
    """The 409 for a service refusal with a conflict code; None for any other refusal (a 400)."""
    errors: list[tuple[str | None, DjangoValidationError]]
    if hasattr(exc, "error_dict"):
        errors = [(name, e) for name, items in exc.error_dict.items() for e in items]
    else:
        errors = [(None, e) for e in exc.error_list]
    if not {e.code for _name, e in errors} & CONFLICT_CODES:
        return None
    params = [
        {"name": name, "code": e.code or "invalid", "reason": next(iter(e))}
        for name, e in errors
        if name is not None
    ]
    return Conflict(" ".join(exc.messages), invalid_params=params)


def _invalid_params(detail, prefix="") -> list[dict]:
    params = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            params.extend(_invalid_params(value, name))
    elif isinstance(detail, list):
        for index, item in enumerate(detail):
            if isinstance(item, dict | list):
                params.extend(_invalid_params(item, f"{prefix}.{index}" if prefix else str(index)))
            else:
                params.append(
                    {
                        "name": prefix or "non_field_errors",
                        "code": getattr(item, "code", "invalid"),
                        "reason": str(item),
                    }
                )
    else:
        params.append(
            {
                "name": prefix or "non_field_errors",
                "code": getattr(detail, "code", "invalid"),
                "reason": str(detail),
            }
        )
    return params


def problem(status_code: int, detail: str, invalid_params: list[dict] | None = None) -> dict:
    body = {
        "type": "about:blank",
        "title": str(TITLES.get(status_code, _("Fout"))),
        "status": status_code,
        "detail": str(detail),
    }
    if invalid_params:
        body["invalid_params"] = invalid_params
    return body


def _spans_of(exc: DjangoValidationError) -> dict:
    """Free-text refusals (core.freetext) carry the spans they found: field -> (code, reason, spans)."""
    found = {}
    for name, errors in getattr(exc, "error_dict", {}).items():
        for error in errors:
            if error.params and "spans" in error.params:
                found[name] = (error.code, next(iter(error)), error.params["spans"])
    return found


def _add_spans(params: list[dict], spans: dict) -> list[dict]:
    for param in params:
        code, reason, found = spans.get(param["name"], (None, None, None))
        if reason is not None and param["reason"] == reason:
            param["code"] = code
            param["spans"] = found
    return params


def exception_handler(exc, context):
    spans = {}
    if isinstance(exc, DjangoValidationError) and (conflict := conflict_from(exc)) is not None:
        exc = conflict
    if isinstance(exc, DjangoValidationError):
        spans = _spans_of(exc)
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, exceptions.ParseError):
        # The parser's own text is Python's, in English ("Expecting value: line 1 column 2"): ours instead.
        exc = exceptions.ParseError(_("De inhoud van het verzoek is niet te lezen: geen geldige JSON."))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Dit object bestaat niet of u heeft er geen toegang toe."))
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real bug: Django's 500 handler answers with JSON for /api/ (core.views.server_error)
    if isinstance(exc, exceptions.ValidationError):
        params = _add_spans(_invalid_params(exc.detail), spans)
        body = problem(status.HTTP_400_BAD_REQUEST, _("De invoer is niet geldig."), params)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        body = problem(response.status_code, str(detail), getattr(exc, "invalid_params", None))
    new = Response(body, status=response.status_code, headers=dict(response.items()))
    new.content_type = "application/problem+json"
    return new


def json_problem_response(status_code: int, detail: str) -> JsonResponse:
    return JsonResponse(
        problem(status_code, detail), status=status_code, content_type="application/problem+json"
    )
