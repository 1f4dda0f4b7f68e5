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
            described = []
            if field.help_text:
                described.append(f"id_{self.add_prefix(name)}_helptext")
            if self.is_bound and name in self.errors:
                widget.attrs["aria-invalid"] = "true"
                described.append(f"id_{self.add_prefix(name)}_error")
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)


class Form(NLDesignFormMixin, forms.Form):
    pass


class ModelForm(NLDesignFormMixin, forms.ModelForm):
    pass
