"""Forms for programmes (terms, rates, milestones) and for choosing a month of hire-out statements.

The forms only parse; the services in organisations and hours decide (overlapping rates, parties of
another municipality, immutability), and their Dutch messages are put back on the form.
"""

import datetime
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.forms import Form
from ervaringswerk.core.reference import DeploymentForm
from ervaringswerk.organisations.models import MilestoneKind, ProgrammeStatus

from .models import WorkKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DutchDecimalField(forms.DecimalField):
    """Accepts 52,50 as well as 52.50 (and a leading euro sign), whatever the interface language."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("€").strip().replace(" ", "")
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
        return super().to_python(value)


class ProgrammeForm(Form):
    name = forms.CharField(label=_("Naam"), max_length=150)
    code = forms.SlugField(
        label=_("Code"),
        max_length=30,
        help_text=_("Korte code voor exports en urenstaten, bijvoorbeeld GELD-2026 (letters, cijfers, -)."),
    )
    theme = forms.CharField(label=_("Thema"), max_length=150, required=False)
    description = forms.CharField(
        label=_("Doelen en omschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    funder = forms.ModelChoiceField(label=_("Financier"), queryset=None)
    contractor = forms.ModelChoiceField(label=_("Uitvoerende organisatie"), queryset=None)
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners die mogen inhuren"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = forms.DateField(label=_("Startdatum"), widget=DATE)
    end_date = forms.DateField(label=_("Einddatum"), widget=DATE)
    hours_per_week = DutchDecimalField(
        label=_("Uren per week"), min_value=Decimal(0), max_digits=6, decimal_places=1
    )
    hours_total = DutchDecimalField(
        label=_("Uren in totaal"), min_value=Decimal(0), max_digits=8, decimal_places=1
    )
    go_no_go_date = forms.DateField(label=_("Go/no-go-datum"), required=False, widget=DATE)
    deployment_form = forms.ChoiceField(
        label=_("Vorm van inzet"),
        choices=DeploymentForm.choices,
        initial=DeploymentForm.ON_REQUEST,
        required=False,
        help_text=_(
            "Hoe de ervaringsdeskundigen in dit contract werken; inzetten op dit programma nemen het over."
        ),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ProgrammeStatus.choices)

    def __init__(self, *args, organisations, contractors=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = organisations
        self.fields["contractor"].queryset = contractors if contractors is not None else organisations
        self.fields["partners"].queryset = organisations
        if not editing:
            del self.fields["status"]

    def clean_deployment_form(self):
        return self.cleaned_data.get("deployment_form") or DeploymentForm.ON_REQUEST

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("De einddatum ligt vóór de startdatum."))
        go = data.get("go_no_go_date")
        if go and start and end and not (start <= go <= end):
            self.add_error("go_no_go_date", _("De go/no-go-datum ligt buiten de looptijd."))
        contractor, partners = data.get("contractor"), data.get("partners")
        if contractor and partners and contractor in partners:
            self.add_error("partners", _("De uitvoerende organisatie huurt niet bij zichzelf in."))
        return data


class RateForm(Form):
    work_kind = forms.ChoiceField(
        label=_("Soort werk"),
        choices=[("", _("Alle soorten werk zonder eigen tarief")), *WorkKind.choices],
        required=False,
    )
    valid_from = forms.DateField(label=_("Geldig vanaf"), widget=DATE)
    valid_until = forms.DateField(
        label=_("Geldig tot en met"),
        required=False,
        widget=DATE,
        help_text=_("Leeg: tot er een nieuw tarief komt."),
    )
    hourly_rate = DutchDecimalField(
        label=_("Uurtarief (euro)"), min_value=Decimal(0), max_digits=7, decimal_places=2
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("De einddatum ligt vóór de begindatum."))
        return data


class MilestoneForm(Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=MilestoneKind.choices)
    title = forms.CharField(label=_("Omschrijving"), max_length=200)
    date = forms.DateField(label=_("Datum"), widget=DATE)
    done_on = forms.DateField(label=_("Afgerond op"), required=False, widget=DATE)


MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(value: str) -> datetime.date:
    """'2026-03' -> 1 March 2026, or a Dutch ValidationError."""
    match = MONTH_RE.match((value or "").strip())
    if match:
        try:
            return datetime.date(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            pass
    raise ValidationError(_("Kies een maand als JJJJ-MM, bijvoorbeeld 2026-03."))


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "pattern": r"\d{4}-\d{2}", "placeholder": "JJJJ-MM"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return parse_month(value)

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return value.strftime("%Y-%m")
        return value


class MonthForm(Form):
    maand = MonthField(label=_("Maand"))


class IssueForm(Form):
    maand = MonthField(label=_("Maand"))
    partner = forms.UUIDField(widget=forms.HiddenInput)
