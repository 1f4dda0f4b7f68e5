"""Forms render as NL Design System form controls, with aria-invalid and described-by on errors."""

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.forms.widgets import Input

from ervaringswerk.core.dates import date_in_window

WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.CheckboxSelectMultiple: "ew-checkbox-list",
    forms.RadioSelect: "ew-radio-list",
    forms.ClearableFileInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.FileInput: "utrecht-textbox utrecht-textbox--html-input",
    Input: "utrecht-textbox utrecht-textbox--html-input",
}


# The name of the button that takes over the de-identified version of a refused free-text field
# (templates: core/deid_suggestion.html); its value is the field's name in the form.
DEIDENTIFY_PARAM = "ew_deidentify"


class NLDesignFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._take_deidentified_version()
        for name, field in self.fields.items():
            widget = field.widget
            for widget_class, css in WIDGET_CLASSES.items():
                if isinstance(widget, widget_class):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
                    break
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{self._field_id(name)}_helptext"
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(date_in_window)  # one date rule for page and API (core.dates)

    def _field_id(self, name: str) -> str:
        """The field's id as BoundField.auto_id makes it (a form may set its own auto_id, issue 18)."""
        auto_id = self.auto_id
        if auto_id and "%s" in str(auto_id):
            return str(auto_id) % self.add_prefix(name)
        return self.add_prefix(name) if auto_id else ""

    @property
    def fields_with_errors(self) -> list:
        """The visible fields that have an error: the summary above the form links to each of them."""
        return [
            self[name]
            for name in self.errors
            if name in self.fields and not self.fields[name].widget.is_hidden
        ]

    def _take_deidentified_version(self) -> None:
        chosen = self.data.get(DEIDENTIFY_PARAM) if self.is_bound else None
        if not chosen:
            return
        for name in self.fields:
            key = self.add_prefix(name)
            if chosen == key and isinstance(self.data.get(key), str):
                from ervaringswerk.core.freetext import deidentify

                data = self.data.copy()
                # Computed again from what was sent, never taken from the browser: the same text that the
                # page showed as the version without personal data.
                data[key] = deidentify(self.data[key])
                self.data = data
                return

    def full_clean(self):
        # Mark invalid fields only after validation: reading self.errors in __init__ would validate
        # before a subclass has finished setting up its fields (scoped querysets, extra validators).
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            described = attrs.get("aria-describedby", "").split()
            described.append(f"{self._field_id(name)}_error")
            attrs["aria-describedby"] = " ".join(described)


class Form(NLDesignFormMixin, forms.Form):
    pass


class ModelForm(NLDesignFormMixin, forms.ModelForm):
    pass


def add_service_errors(
    form: forms.BaseForm, exc: ValidationError, *, field_names: Mapping[str, str] | None = None
) -> None:
    """Put a service's ValidationError on the form: on the field it names, otherwise at the top.

    `field_names` maps a service's (or model's) field name to the form's where they differ. The one helper
    for the page pattern "try a service, put the ValidationError on the form, flash, redirect".
    """
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            name = (field_names or {}).get(name, name)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
