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


# ---------------------------------------------------------------------------------------------------------
# Rounds


class RoundForm(Form):
    title = forms.CharField(label=_("Naam van de ronde"), max_length=150)
    deadline = forms.DateField(label=_("Uiterlijk ingevuld op"), widget=DATE)
    reminder_days = forms.CharField(
        label=_("Herinneren, dagen vóór de sluitingsdatum"),
        initial="7, 2",
        max_length=40,
        help_text=_(
            "Bijvoorbeeld 7, 2: een week en twee dagen van tevoren krijgen organisaties die nog niet "
            "hebben ingediend een herinnering."
        ),
    )
    note = forms.CharField(
        label=_("Toelichting voor de organisaties"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisaties"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vooraf aangevinkt: de organisaties met een lopend contract (uitvoerder of partner)."),
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = candidates

    def clean_reminder_days(self) -> list[int]:
        raw = self.cleaned_data["reminder_days"]
        parts = [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]
        if not all(p.isdigit() for p in parts):
            raise forms.ValidationError(_("Noem hele dagen, gescheiden door komma's, bijvoorbeeld 7, 2."))
        return [int(p) for p in parts]


class RoundAssessmentForm(Form):
    """The organisation's own assessment in a round: the same checklist, saved as a draft or submitted."""

    def sections(self):
        return AssessmentForm.sections(self)

    def items(self) -> dict:
        return AssessmentForm.items(self)


RoundAssessmentForm.base_fields.update(_checklist_fields())


def _peer_fields() -> dict:
    return {
        key: forms.TypedChoiceField(
            label=label,
            choices=[("", _("Weet ik niet")), *Level.choices],
            coerce=int,
            required=False,
            empty_value=None,
        )
        for key, label in Precondition.choices
    }


class PeerResponseForm(Form):
    """A peer worker's own view: per criterion a score or "Weet ik niet". No free text, on purpose: words
    can give away who wrote them, and the answers are shown only as an average."""

    def scores(self) -> dict:
        return {key: self.cleaned_data.get(key) for key in Precondition.values}


PeerResponseForm.base_fields.update(_peer_fields())
