"""Forms for the go/no-go of a programme (issue 14): success criteria, the decision, the follow-up."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.forms import Form
from ervaringswerk.organisations.models import CriterionKind, DecisionOutcome

from .programme_forms import DATE, DutchDecimalField


class CriterionForm(Form):
    kind = forms.ChoiceField(label=_("Criterium"), choices=CriterionKind.choices)
    title = forms.CharField(
        label=_("Omschrijving"),
        max_length=200,
        required=False,
        help_text=_(
            "Verplicht bij een eigen criterium, bijvoorbeeld: minstens twee partners willen inhuren."
        ),
    )
    target = DutchDecimalField(
        label=_("Streefwaarde"),
        max_digits=8,
        decimal_places=2,
        min_value=0,
        help_text=_("Een percentage, een aantal bewoners, een score 1-5 of een oordeel 1-10."),
    )


class CriterionRecordForm(Form):
    recorded_value = DutchDecimalField(
        label=_("Vastgestelde waarde"), max_digits=8, decimal_places=2, min_value=0
    )
    recorded_note = forms.CharField(
        label=_("Bron"),
        max_length=300,
        required=False,
        help_text=_("Bijvoorbeeld: gemiddelde van de oordelen van vier partners in de evaluatiebijeenkomst."),
    )


class DecisionForm(Form):
    outcome = forms.ChoiceField(label=_("Besluit"), choices=DecisionOutcome.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(
        label=_("Onderbouwing"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    conditions = forms.CharField(
        label=_("Voorwaarden"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen bij go met voorwaarden."),
    )
    decided_on = forms.DateField(label=_("Datum besluit"), widget=DATE)


class FollowUpForm(Form):
    """The next programme period, and per partner of the programme a hire-out agreement (prefilled)."""

    name = forms.CharField(label=_("Naam"), max_length=150)
    code = forms.SlugField(label=_("Code"), max_length=30)
    start_date = forms.DateField(label=_("Startdatum"), widget=DATE)
    end_date = forms.DateField(label=_("Einddatum"), widget=DATE)
    hours_per_week = DutchDecimalField(label=_("Uren per week"), max_digits=6, decimal_places=1, min_value=0)
    hours_total = DutchDecimalField(label=_("Uren in totaal"), max_digits=8, decimal_places=1, min_value=0)

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.partners = list(partners)
        for partner in self.partners:
            key = partner.pk.hex
            self.fields[f"inhuur_{key}"] = forms.BooleanField(
                label=_("Inhuurafspraak met %(name)s") % {"name": partner.name}, required=False
            )
            self.fields[f"uren_{key}"] = DutchDecimalField(
                label=_("Uren per week (%(name)s)") % {"name": partner.name},
                max_digits=6,
                decimal_places=1,
                min_value=0,
                required=False,
            )
            self.fields[f"tarief_{key}"] = DutchDecimalField(
                label=_("Uurtarief in euro (%(name)s)") % {"name": partner.name},
                max_digits=7,
                decimal_places=2,
                min_value=0,
                required=False,
            )

    PERIOD_FIELDS = ("name", "code", "start_date", "end_date", "hours_per_week", "hours_total")

    def period_fields(self):
        return [self[name] for name in self.PERIOD_FIELDS]

    def partner_rows(self):
        """Per partner the three bound fields, for the template's table."""
        return [
            (p, self[f"inhuur_{p.pk.hex}"], self[f"uren_{p.pk.hex}"], self[f"tarief_{p.pk.hex}"])
            for p in self.partners
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("De einddatum ligt vóór de startdatum."))
        for partner in self.partners:
            key = partner.pk.hex
            if data.get(f"inhuur_{key}"):
                if data.get(f"uren_{key}") is None:
                    self.add_error(f"uren_{key}", _("Vul de uren per week in."))
                if data.get(f"tarief_{key}") is None:
                    self.add_error(f"tarief_{key}", _("Vul het uurtarief in."))
        return data

    def agreements(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "partner": p,
                "hours_per_week": data[f"uren_{p.pk.hex}"],
                "hourly_rate": data[f"tarief_{p.pk.hex}"],
            }
            for p in self.partners
            if data.get(f"inhuur_{p.pk.hex}")
        ]
