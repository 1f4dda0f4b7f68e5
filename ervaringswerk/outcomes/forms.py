from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.forms import Form, ModelForm
from ervaringswerk.core.reference import ParticipationRung, ZrmScore

from .constants import ITEMS, ActivationDefinition, AgreementScale, EndReason, Instrument, Moment, item_label
from .models import Trajectory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TrajectoryForm(ModelForm):
    code = forms.CharField(
        label=_("Code"),
        required=False,
        max_length=20,
        help_text=_("Laat leeg voor een nieuwe code. Nooit een naam of BSN."),
    )

    class Meta:
        model = Trajectory
        fields = [
            "code",
            "neighbourhood",
            "age_band",
            "peer_worker",
            "programme",
            "first_contact",
            "activation_date",
            "organisations_before",
            "organisations_during",
        ]
        widgets = {"first_contact": DATE, "activation_date": DATE}

    def __init__(self, *args, neighbourhoods, peer_workers, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods
        self.fields["peer_worker"].queryset = peer_workers
        self.fields["programme"].queryset = programmes
        self.fields["programme"].help_text = _("Het programma waaronder de bewoner steun krijgt (optioneel).")
        if not self.instance._state.adding:
            del self.fields["code"]

    def clean_code(self):
        return (self.cleaned_data.get("code") or "").strip().upper()

    def _post_clean(self):
        # The service validates the whole trajectory (pseudonymity, dates, tenant); skip the model's own.
        pass


class TrajectoryUpdateForm(TrajectoryForm):
    class Meta(TrajectoryForm.Meta):
        fields = [*TrajectoryForm.Meta.fields[1:], "end_date", "end_reason"]
        widgets = {**TrajectoryForm.Meta.widgets, "end_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_reason"].choices = [("", "—"), *EndReason.choices]


def field_name(instrument: str, item: str) -> str:
    return f"{instrument}__{item}"


class MeasurementForm(Form):
    """One form for all four instruments; phone-friendly (one column) and printable."""

    moment = forms.ChoiceField(label=_("Moment"), choices=Moment.choices)
    measured_on = forms.DateField(label=_("Datum meting"), widget=DATE, initial=timezone.localdate)

    def group(self, instrument: str):
        return [self[field_name(instrument, item)] for item in ITEMS[instrument]]

    def groups(self):
        return [
            (
                Instrument.ZRM.label,
                _("Score 1 (acute problematiek) tot 5 (volledig zelfredzaam)."),
                self.group(Instrument.ZRM),
            ),
            (Instrument.LADDER.label, "", self.group(Instrument.LADDER)),
            (
                Instrument.POSITIVE_HEALTH.label,
                _("Cijfer van 0 tot 10, zoals de bewoner het zelf geeft."),
                self.group(Instrument.POSITIVE_HEALTH),
            ),
            (
                Instrument.EXPERIENCE.label,
                _("Alleen bij tussen- en eindmeting: hoe ervaart de bewoner het contact?"),
                self.group(Instrument.EXPERIENCE),
            ),
        ]

    def scores(self) -> dict[tuple[str, str], int]:
        result = {}
        for instrument, items in ITEMS.items():
            for item in items:
                value = self.cleaned_data.get(field_name(instrument, item))
                if value is not None:
                    result[(str(instrument), item)] = value
        return result


# Declared on the class (not in __init__), so the NL Design mixin sees them when it marks errors.
def _instrument_fields() -> dict:
    fields = {}
    for item in ITEMS[Instrument.ZRM]:
        fields[field_name(Instrument.ZRM, item)] = forms.TypedChoiceField(
            label=item_label(Instrument.ZRM, item),
            choices=[("", "—"), *ZrmScore.choices],
            coerce=int,
            required=False,
            empty_value=None,
        )
    fields[field_name(Instrument.LADDER, "ladder")] = forms.TypedChoiceField(
        label=_("Trede op de participatieladder"),
        choices=[("", "—"), *ParticipationRung.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    for item in ITEMS[Instrument.POSITIVE_HEALTH]:
        fields[field_name(Instrument.POSITIVE_HEALTH, item)] = forms.IntegerField(
            label=item_label(Instrument.POSITIVE_HEALTH, item),
            min_value=0,
            max_value=10,
            required=False,
            widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 10}),
        )
    for item in ITEMS[Instrument.EXPERIENCE]:
        fields[field_name(Instrument.EXPERIENCE, item)] = forms.TypedChoiceField(
            label=item_label(Instrument.EXPERIENCE, item),
            choices=[("", "—"), *AgreementScale.choices],
            coerce=int,
            required=False,
            empty_value=None,
        )
    return fields


MeasurementForm.base_fields.update(_instrument_fields())


class OutcomeSettingsForm(Form):
    activation_definition = forms.ChoiceField(
        label=_("Wanneer telt een bewoner als geactiveerd?"),
        choices=ActivationDefinition.choices,
        widget=forms.RadioSelect,
    )
