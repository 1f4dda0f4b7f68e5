"""Forms render as NL Design System form controls, with aria-invalid and described-by on errors."""

from django import forms
from django.forms.widgets import Input

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


class NLDesignFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            for widget_class, css in WIDGET_CLASSES.items():
                if isinstance(widget, widget_class):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
                    break
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}_helptext"

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
            described.append(f"id_{self.add_prefix(name)}_error")
            attrs["aria-describedby"] = " ".join(described)


class Form(NLDesignFormMixin, forms.Form):
    pass


class ModelForm(NLDesignFormMixin, forms.ModelForm):
    pass
