"""Forms for funded positions (issue 14): they only parse, organisations.services decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.forms import Form

from .models import PositionKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PositionForm(Form):
    organisation = forms.ModelChoiceField(label=_("Organisatie"), queryset=None)
    title = forms.CharField(label=_("Functie"), max_length=150)
    kind = forms.ChoiceField(label=_("Soort"), choices=PositionKind.choices)
    programme = forms.ModelChoiceField(label=_("Gefinancierd uit programma"), queryset=None, required=False)
    budget_line = forms.CharField(
        label=_("Of begrotingspost"), max_length=150, required=False, help_text=_("Als er geen programma is.")
    )
    hours_per_week = forms.DecimalField(label=_("Uren per week"), max_digits=4, decimal_places=1, min_value=1)
    start_date = forms.DateField(label=_("Gefinancierd vanaf"), widget=DATE)
    end_date = forms.DateField(label=_("Tot en met"), widget=DATE, required=False)

    def __init__(self, *args, organisations, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["programme"].queryset = programmes


class FillForm(Form):
    holder = forms.ModelChoiceField(label=_("Ervaringsdeskundige"), queryset=None)
    on = forms.DateField(label=_("Per"), widget=DATE)
    note = forms.CharField(label=_("Toelichting"), max_length=300, required=False)

    def __init__(self, *args, peers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = peers


class VacateForm(Form):
    on = forms.DateField(label=_("Per"), widget=DATE)
    note = forms.CharField(label=_("Toelichting"), max_length=300, required=False)
    end = forms.BooleanField(label=_("De financiering stopt: functieplaats beëindigen"), required=False)
