"""Forms of the pool: they parse and show input; the services validate and write."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.forms import Form, ModelForm
from ervaringswerk.core.reference import DeploymentKind, ParticipationRung

from .constants import LANGUAGES, GoalStatus, PeerStatus, SupportNeed, Visibility
from .models import PeerWorker
from .services import ADMIN_FIELDS, OWN_PROFILE_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _hours(form, name="weekly_hours"):
    """Dutch decimal comma: '12,5' is accepted and shown; a text box with a decimal keyboard on phones."""
    field = form.fields[name]
    field.localize = True
    field.widget = forms.TextInput(attrs={"inputmode": "decimal", **field.widget.attrs})
    field.widget.is_localized = True
    for attr in ("step", "min", "max"):
        field.widget.attrs.pop(attr, None)


def _dates(form):
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.widget = DateInput(attrs=field.widget.attrs)


# ---------------------------------------------------------------------------------------------------------
# Coordinator


class PoolFilterForm(Form):
    q = forms.CharField(label=_("Naam"), required=False, max_length=100)
    domein = forms.ChoiceField(label=_("Ervaringsdomein"), required=False)
    wijk = forms.ChoiceField(label=_("Wijk"), required=False)
    taal = forms.ChoiceField(label=_("Taal"), required=False, choices=[("", _("Alle talen")), *LANGUAGES])
    soort = forms.ChoiceField(
        label=_("Soort inzet"), required=False, choices=[("", _("Alle soorten")), *DeploymentKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle statussen")), *PeerStatus.choices]
    )
    beschikbaar = forms.BooleanField(label=_("Nu beschikbaar"), required=False)
    gesprek = forms.BooleanField(label=_("Wil graag een gesprek"), required=False)

    def __init__(self, *args, domains=(), neighbourhoods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domein"].choices = [("", _("Alle domeinen")), *[(d.slug, d.name) for d in domains]]
        self.fields["wijk"].choices = [("", _("Alle wijken")), *[(str(n.pk), n.name) for n in neighbourhoods]]
        self.fields["domein"].help_text = _("Alleen ervaring die voor matching is vrijgegeven.")


class ManageForm(ModelForm):
    class Meta:
        model = PeerWorker
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "employment_form",
            "status",
            "status_since",
            "joined_on",
            "left_on",
            "education_level",
            "register_status",
            "register_since",
            "weekly_hours",
            "max_residents",
            "user",
        ]
        assert set(fields) == ADMIN_FIELDS  # noqa: S101 - the form and the service agree

    def __init__(self, *args, logins=None, **kwargs):
        super().__init__(*args, **kwargs)
        _dates(self)
        _hours(self)
        self.fields["user"].queryset = logins
        self.fields["user"].label = _("Inlog (voor 'Mijn profiel')")
        self.fields["user"].empty_label = _("Geen inlog")
        self.fields["user"].help_text = _(
            "Ervaringsdeskundigen van uw organisatie met een inlog en nog geen profiel."
        )
        self.fields["status_since"].help_text = _("Leeg laten: vandaag, als de status verandert.")

    def _post_clean(self):
        """Validation is the service's job (it knows who may change what); the form only parses."""


class ImportForm(Form):
    bestand = forms.FileField(
        label=_("Bestand (CSV of XLSX)"),
        help_text=_("Eerste rij: kolomnamen. Eerst ziet u een voorbeeld; er wordt nog niets opgeslagen."),
    )

    def clean_bestand(self):
        upload = self.cleaned_data["bestand"]
        name = (upload.name or "").lower()
        if not (name.endswith(".csv") or name.endswith(".xlsx")):
            raise ValidationError(_("Kies een .csv- of .xlsx-bestand."))
        if upload.size > 2 * 1024 * 1024:
            raise ValidationError(_("Het bestand is groter dan 2 MB."))
        return upload


# ---------------------------------------------------------------------------------------------------------
# Mijn profiel


class DetailsForm(ModelForm):
    neighbourhoods = forms.ModelMultipleChoiceField(
        label=_("Wijken waar ik werk"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = PeerWorker
        fields = [
            "email",
            "phone",
            "languages",
            "kinds",
            "task_areas",
            "peer_roles",
            "education_level",
            "register_status",
            "register_since",
            "gender",
            "cultural_background",
        ]
        assert set(fields) == OWN_PROFILE_FIELDS  # noqa: S101 - the form and the service agree
        help_texts = {
            "gender": _("Niet verplicht. Alleen gebruikt als een verzoek hierom vraagt; nooit in lijsten."),
        }

    def __init__(self, *args, neighbourhoods=None, **kwargs):
        super().__init__(*args, **kwargs)
        _dates(self)
        self.fields["neighbourhoods"].queryset = neighbourhoods
        if self.instance.pk and not self.is_bound:
            self.initial["neighbourhoods"] = list(self.instance.neighbourhoods.values_list("pk", flat=True))
        self.fields["gender"].choices = [("", _("Zeg ik liever niet")), *self.fields["gender"].choices[1:]]

    def _post_clean(self):
        """The service validates and saves."""


class BoundariesForm(ModelForm):
    excluded_domains = forms.MultipleChoiceField(
        label=_("Thema's die ik niet oppak"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_themes = forms.CharField(
        label=_("Andere thema's of situaties die ik niet oppak"),
        required=False,
        max_length=500,
        help_text=_("Scheid met komma's, bijvoorbeeld: agressie, huisbezoek 's avonds."),
    )

    class Meta:
        model = PeerWorker
        fields = ["available_days", "prefers", "wishes_note"]
        widgets = {"wishes_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, domains=(), **kwargs):
        super().__init__(*args, **kwargs)
        slugs = {d.slug for d in domains}
        self.fields["excluded_domains"].choices = [(d.slug, d.name) for d in domains]
        if self.instance.pk and not self.is_bound:
            themes = self.instance.excluded_themes or []
            self.initial["excluded_domains"] = [t for t in themes if t in slugs]
            self.initial["other_themes"] = ", ".join(t for t in themes if t not in slugs)

    def excluded_themes(self) -> list[str]:
        others = [t.strip() for t in self.cleaned_data.get("other_themes", "").split(",") if t.strip()]
        return [*self.cleaned_data.get("excluded_domains", []), *others]

    def _post_clean(self):
        """The service validates and saves."""


class PauseForm(Form):
    pause_start = forms.DateField(label=_("Pauze vanaf"), widget=DateInput(), required=False)
    pause_end = forms.DateField(
        label=_("Tot en met"),
        widget=DateInput(),
        required=False,
        help_text=_("Leeg laten als u nog niet weet tot wanneer."),
    )
    pause_note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=300,
        help_text=_("Niet verplicht. Uw coördinator ziet deze toelichting."),
    )


class ExperienceForm(Form):
    """One visibility choice and description per experience domain of the municipality."""

    def __init__(self, *args, domains=(), existing=None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = existing or {}
        self.domains = list(domains)
        choices = [("", _("Geen ervaring op dit gebied opgegeven")), *Visibility.choices]
        for domain in self.domains:
            current = existing.get(domain.pk)
            self.fields[f"v_{domain.slug}"] = forms.ChoiceField(
                label=_("Wie mag dit zien?"),
                choices=choices,
                required=False,
                initial=current.visibility if current else "",
            )
            self.fields[f"d_{domain.slug}"] = forms.CharField(
                label=_("In mijn eigen woorden"),
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.description if current else "",
            )

    def rows(self):
        for domain in self.domains:
            yield domain, self[f"v_{domain.slug}"], self[f"d_{domain.slug}"]

    def clean(self):
        data = super().clean()
        for domain in self.domains:
            if data.get(f"d_{domain.slug}") and not data.get(f"v_{domain.slug}"):
                self.add_error(f"v_{domain.slug}", _("Kies wie dit mag zien, of maak de tekst leeg."))
        return data

    def entries(self) -> dict:
        return {
            domain.pk: (self.cleaned_data[f"v_{domain.slug}"], self.cleaned_data[f"d_{domain.slug}"])
            for domain in self.domains
        }


class LadderStepForm(Form):
    rung = forms.TypedChoiceField(label=_("Trede"), choices=ParticipationRung.choices, coerce=int)
    date = forms.DateField(label=_("Datum"), widget=DateInput())
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=300)


class GoalForm(Form):
    title = forms.CharField(label=_("Ontwikkeldoel"), max_length=200)
    description = forms.CharField(
        label=_("Toelichting"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices, initial=GoalStatus.PLANNED)
    target_date = forms.DateField(label=_("Streefdatum"), required=False, widget=DateInput())


class GoalStatusForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)


class TrainingForm(Form):
    name = forms.CharField(label=_("Training of opleiding"), max_length=200)
    provider = forms.CharField(label=_("Aanbieder"), required=False, max_length=150)
    started_on = forms.DateField(label=_("Gestart op"), required=False, widget=DateInput())
    completed_on = forms.DateField(label=_("Afgerond op"), required=False, widget=DateInput())


SCALE = [(i, str(i)) for i in range(1, 6)]


class CheckInForm(Form):
    energy = forms.TypedChoiceField(
        label=_("Hoeveel energie heb ik? (1 = weinig, 5 = veel)"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    balance = forms.TypedChoiceField(
        label=_("Hoe is de balans tussen mijn eigen herstel en het werk? (1 = uit balans, 5 = goed)"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    support_need = forms.ChoiceField(
        label=_("Heb ik behoefte aan steun?"),
        choices=SupportNeed.choices,
        initial=SupportNeed.NONE,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Voor mezelf"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Alleen u kunt dit lezen."),
    )
    wants_talk = forms.BooleanField(
        label=_("Ik wil graag een gesprek met mijn coördinator"),
        required=False,
        help_text=_("Uw coördinator ziet dan alleen dát u een gesprek wilt, niet wat u hier invult."),
    )
