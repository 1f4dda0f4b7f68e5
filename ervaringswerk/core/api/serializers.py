from collections.abc import Mapping

from django.utils.translation import gettext as _
from rest_framework import serializers

from ervaringswerk.core.dates import date_in_window
from ervaringswerk.core.models import ExperienceDomain, Neighbourhood


def _with_date_window(field) -> None:
    if getattr(field, "read_only", False):
        return
    child = getattr(field, "child", None)
    if child is not None:
        _with_date_window(child)
    is_date = isinstance(field, serializers.DateField | serializers.DateTimeField)
    if is_date and date_in_window not in field.validators:
        field.validators.append(date_in_window)


# What every API serializer does with input: a field it does not know is a 400 naming that field (a typo
# is never silently ignored), and every date or moment lies in the window of core.dates, as on the pages.
# Read-only fields sent back from a GET are known and pass. (No docstring: drf-spectacular would show it
# as the description of every schema component without one of its own.)
class StrictMixin:
    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            _with_date_window(field)
        return fields

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(str(key) for key in data if key not in self.fields)
            if unknown:
                raise serializers.ValidationError(
                    {name: [_("Onbekend veld: dit veld bestaat hier niet.")] for name in unknown},
                    code="unknown_field",
                )
        return super().to_internal_value(data)


class Serializer(StrictMixin, serializers.Serializer):
    pass


class ModelSerializer(StrictMixin, serializers.ModelSerializer):
    # REST framework drops `allow_blank` from read-only model fields, so the schema of a blank-allowed
    # choice (a peer worker's `employment_form`, a request's `gender_preference`) listed only the choices
    # while the answer could be "" (found by Schemathesis, issue 17). Kept, drf-spectacular documents "".
    def include_extra_kwargs(self, kwargs, extra_kwargs):
        allow_blank = kwargs.get("allow_blank")
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if kwargs.get("read_only") and allow_blank:
            kwargs["allow_blank"] = True
        return kwargs


class NeighbourhoodSerializer(ModelSerializer):
    class Meta:
        model = Neighbourhood
        fields = ["id", "name", "code"]


class ExperienceDomainSerializer(ModelSerializer):
    class Meta:
        model = ExperienceDomain
        fields = ["id", "slug", "name", "description", "is_active"]
