"""A small list of values from a fixed vocabulary (languages, kinds of deployment, week days, ...).

Stored as a JSON array so that one peer-worker row carries the whole profile (the matching contract reads
it in one query), with a portable `has` lookup for filters:

    PeerWorker.objects.filter(languages__has="ar")

On PostgreSQL this is `languages @> '["ar"]'::jsonb` (GIN-indexable); on SQLite it is an EXISTS over
`json_each`, which compares whole items, never substrings.
"""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.db import NotSupportedError, models
from django.db.models import Lookup
from django.utils.translation import gettext_lazy as _


class ChoiceListField(models.JSONField):
    """A JSON list of distinct strings; with `item_choices`, every item must be one of them."""

    def __init__(self, *args, item_choices=None, max_item_length: int = 80, **kwargs):
        self.item_choices = list(item_choices) if item_choices is not None else None
        self.max_item_length = max_item_length
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.item_choices is not None:
            kwargs["item_choices"] = self.item_choices
        if self.max_item_length != 80:
            kwargs["max_item_length"] = self.max_item_length
        if kwargs.get("default") is list:
            del kwargs["default"]
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        return name, path, args, kwargs

    @property
    def item_values(self) -> set[str] | None:
        return None if self.item_choices is None else {str(value) for value, _label in self.item_choices}

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if value in (None, ""):
            return
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValidationError(_("Verwacht een lijst met teksten."), code="invalid")
        if len(set(value)) != len(value):
            raise ValidationError(_("Elke waarde mag maar één keer voorkomen."), code="duplicate")
        allowed = self.item_values
        for item in value:
            if allowed is not None and item not in allowed:
                raise ValidationError(
                    _("'%(value)s' is geen geldige keuze."), code="invalid_choice", params={"value": item}
                )
            if len(item) > self.max_item_length or not item.strip():
                raise ValidationError(
                    _("'%(value)s' is leeg of te lang."), code="invalid_item", params={"value": item}
                )

    def formfield(self, **kwargs):
        if self.item_choices is None:
            return super().formfield(**kwargs)
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.item_choices,
            "widget": forms.CheckboxSelectMultiple,
            "required": not self.blank,
            "label": self.verbose_name,
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        for key in ("encoder", "decoder"):
            defaults.pop(key, None)
        return form_class(**defaults)


@ChoiceListField.register_lookup
class Has(Lookup):
    """`field__has=value`: the list contains exactly this item."""

    lookup_name = "has"
    prepare_rhs = False

    def get_prep_lookup(self):
        return str(self.rhs)

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} @> %s::jsonb", [*lhs_params, json.dumps([self.rhs])]
        if connection.vendor == "sqlite":
            return (
                # lhs is the compiled column reference, never user input; the value is a parameter.
                f"EXISTS (SELECT 1 FROM json_each({lhs}) AS ew_item WHERE ew_item.value = %s)",  # noqa: S608
                [*lhs_params, self.rhs],
            )
        raise NotSupportedError("The `has` lookup supports PostgreSQL and SQLite.")
