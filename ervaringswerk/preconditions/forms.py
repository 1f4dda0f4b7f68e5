from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.forms import Form, ModelForm
from ervaringswerk.core.reference import Precondition

from .models import Action, Level

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AssessmentForm(Form):
    """The whole checklist on one page: per precondition a score, an explanation and the evidence."""

    assessed_on = forms.DateField(label=_("Datum zelfevaluatie"), widget=DATE, initial=timezone.localdate)

    def sections(self):
        return [
            (label, [self[f"{key}__score"], self[f"{key}__explanation"], self[f"{key}__evidence"]])
            for key, label in Precondition.choices
        ]

    def items(self) -> dict:
        return {
            key: {
                "score": self.cleaned_data.get(f"{key}__score"),
                "explanation": self.cleaned_data.get(f"{key}__explanation", ""),
                "evidence": self.cleaned_data.get(f"{key}__evidence", ""),
            }
            for key in Precondition.values
        }


def _checklist_fields() -> dict:
    fields = {}
    for key in Precondition.values:
        fields[f"{key}__score"] = forms.TypedChoiceField(
            label=_("Score"),
            choices=[("", "—"), *Level.choices],
            coerce=int,
            required=False,
            empty_value=None,
        )
        fields[f"{key}__explanation"] = forms.CharField(
            label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
        )
        fields[f"{key}__evidence"] = forms.CharField(
            label=_("Onderbouwing"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("Waaruit blijkt dit? Een werkafspraak, verslag of budgetregel."),
        )
    return fields


# Declared on the class (not in __init__), so the NL Design mixin sees them when it marks errors.
AssessmentForm.base_fields.update(_checklist_fields())


class ActionForm(ModelForm):
    class Meta:
        model = Action
        fields = ["precondition", "description", "owner", "due_date"]
        widgets = {"due_date": DATE}

    def _post_clean(self):
        pass  # the service validates
