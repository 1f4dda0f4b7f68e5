"""Filtering and ordering of every API list, the same way everywhere (NL API Design Rules):

- `?ordering=` (or the Dutch `?sorteer=`) on every list: comma-separated field names, `-` for descending.
  The fields are the view's `ordering_fields`, or by default the fields of its serializer that are plain
  columns of the model (no relations, lists or JSON). An unknown field is a 400 naming `ordering`.
- Filters with django-filter (`filterset_fields` / `filterset_class`): a value that does not fit (an
  unknown status, a malformed id or date) is a 400 naming the parameter.
- A query parameter that the list does not know is a 400 naming it, so a typo never returns everything.
  Lists that filter by hand declare theirs in `query_parameters`.
- Query-string filters shared by several lists (`deployment_form`).
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, filters
from rest_framework.exceptions import ValidationError

from ervaringswerk.core.reference import DeploymentForm

DEPLOYMENT_FORM_PARAMETER = OpenApiParameter(
    "deployment_form",
    str,
    enum=list(DeploymentForm.values),
    description="Only rows with this form of deployment (embedded, neighbourhood_team, peer_run, on_request)",
)


def deployment_form_filter(request) -> dict:
    """`?deployment_form=` as queryset filter keywords; an unknown value answers 400 (problem+json)."""
    value = request.query_params.get("deployment_form")
    if not value:
        return {}
    if value not in DeploymentForm.values:
        raise exceptions.ValidationError(
            {"deployment_form": [f"Kies een van: {', '.join(DeploymentForm.values)}."]}
        )
    return {"deployment_form": value}


ORDERING_PARAMS = ("ordering", "sorteer")
ALWAYS_ALLOWED = frozenset({"page", "page_size", "format", *ORDERING_PARAMS})


def _is_list(view) -> bool:
    return getattr(view, "action", "list") == "list"


def _plain_column(model, path: str) -> bool:
    """True when `path` (a__b) ends in a concrete, orderable column reached through forward foreign keys."""
    parts = path.split("__")
    for index, part in enumerate(parts):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        last = index == len(parts) - 1
        if field.many_to_many or field.one_to_many or not field.concrete:
            return False
        if isinstance(field, models.JSONField):
            return False
        if field.is_relation:
            if last:
                return False
            model = field.related_model
    return True


class OrderingFilter(filters.OrderingFilter):
    ordering_param = "ordering"

    def get_default_valid_fields(self, queryset, view, context=None):
        fields = super().get_default_valid_fields(queryset, view, context)
        return [(name, label) for name, label in fields if _plain_column(queryset.model, name)]

    def get_ordering(self, request, queryset, view):
        if not _is_list(view):
            return self.get_default_ordering(view)
        for param in ORDERING_PARAMS:
            value = request.query_params.get(param)
            if value:
                break
        else:
            return self.get_default_ordering(view)
        terms = [term.strip() for term in value.split(",") if term.strip()]
        valid = {name for name, _label in self.get_valid_fields(queryset, view, {"request": request})}
        wrong = [term for term in terms if term.lstrip("-") not in valid]
        if wrong or not terms:
            raise ValidationError(
                {
                    param: [
                        _("Onbekend veld om op te sorteren: %(names)s. Kies uit: %(valid)s.")
                        % {"names": ", ".join(wrong) or "—", "valid": ", ".join(sorted(valid))}
                    ]
                }
            )
        # The primary key last, so that pages never overlap or skip a row on equal values.
        return [*terms, "pk"] if "pk" not in terms and "id" not in terms else terms


class FilterBackend(DjangoFilterBackend):
    """django-filter; only on lists (a detail read is never narrowed away by a query parameter)."""

    def filter_queryset(self, request, queryset, view):
        if not _is_list(view):
            return queryset
        return super().filter_queryset(request, queryset, view)


class KnownParametersOnly(filters.BaseFilterBackend):
    """A query parameter the list does not know is a 400 naming it."""

    def filter_queryset(self, request, queryset, view):
        if not _is_list(view):
            return queryset
        known = set(ALWAYS_ALLOWED) | set(getattr(view, "query_parameters", ()))
        filterset = FilterBackend().get_filterset_class(view, queryset)
        if filterset is not None:
            known |= set(filterset.base_filters)
        unknown = sorted(name for name in request.query_params if name not in known)
        if unknown:
            raise ValidationError(
                {
                    name: [_("Onbekende zoekparameter voor deze lijst: %(name)s.") % {"name": name[:40]}]
                    for name in unknown
                }
            )
        return queryset

    def get_schema_operation_parameters(self, view):
        return []
