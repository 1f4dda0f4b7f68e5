import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.forms import Form, ModelForm
from ervaringswerk.core.models import Municipality, Neighbourhood
from ervaringswerk.core.services import neighbourhoods_parse
from ervaringswerk.core.tenancy import Role
from ervaringswerk.organisations.models import Organisation
from ervaringswerk.outcomes.constants import ActivationDefinition

NEIGHBOURHOOD_HELP = _(
    "Eén wijk per regel, eventueel met de CBS-code ervoor of erachter (bijvoorbeeld 'WK030101 Binnenstad' "
    "of 'Binnenstad;WK030101'). U kunt ook een lijst plakken uit een spreadsheet."
)


class NeighbourhoodInputMixin:
    """Typed, pasted or CSV neighbourhoods, parsed in one place (core.services.neighbourhoods_parse)."""

    cbs_code_for_check = ""

    def clean_neighbourhood_rows(self):
        text = self.cleaned_data.get("neighbourhoods", "")
        upload = self.cleaned_data.get("neighbourhoods_csv")
        try:
            return neighbourhoods_parse(text=text, csv_file=upload, cbs_code=self.cbs_code_for_check)
        except ValidationError as exc:
            for message in exc.messages:
                self.add_error("neighbourhoods" if not upload else "neighbourhoods_csv", message)
            return []


class MunicipalityCreateForm(NeighbourhoodInputMixin, Form):
    name = forms.CharField(
        label=_("Naam van de gemeente"), max_length=100, help_text=_("Bijvoorbeeld Zutphen.")
    )
    cbs_code = forms.CharField(
        label=_("CBS-gemeentecode"), max_length=10, help_text=_("GM en vier cijfers, bijvoorbeeld GM0301.")
    )
    neighbourhoods = forms.CharField(
        label=_("Wijken"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=NEIGHBOURHOOD_HELP,
    )
    neighbourhoods_csv = forms.FileField(
        label=_("Of: een CSV-bestand met wijken"),
        required=False,
        help_text=_("Kolommen 'naam' en 'code' (CBS wijk- of buurtcode), gescheiden door ; of ,."),
    )
    admin_first_name = forms.CharField(label=_("Voornaam van de eerste beheerder"), max_length=150)
    admin_last_name = forms.CharField(label=_("Achternaam van de eerste beheerder"), max_length=150)
    admin_email = forms.EmailField(
        label=_("E-mailadres van de eerste beheerder"),
        help_text=_("Deze persoon krijgt een uitnodiging om een wachtwoord te kiezen (72 uur geldig)."),
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if name.lower().startswith("gemeente "):
            name = name[len("gemeente ") :].strip()
        if Municipality.objects.filter(name__iexact=name).exists():
            raise ValidationError(_("Er is al een gemeente met deze naam."))
        return name

    def clean_cbs_code(self):
        code = self.cleaned_data["cbs_code"].strip().upper()
        if not re.fullmatch(r"GM\d{4}", code):
            raise ValidationError(_("Een CBS-gemeentecode is GM met vier cijfers, bijvoorbeeld GM0301."))
        if Municipality.objects.filter(cbs_code=code).exists():
            raise ValidationError(_("Deze CBS-code is al in gebruik door een andere gemeente."))
        return code

    def clean(self):
        cleaned = super().clean()
        self.cbs_code_for_check = cleaned.get("cbs_code", "")
        cleaned["rows"] = self.clean_neighbourhood_rows()
        return cleaned


class NeighbourhoodsAddForm(NeighbourhoodInputMixin, Form):
    neighbourhoods = forms.CharField(
        label=_("Nieuwe wijken"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=NEIGHBOURHOOD_HELP,
    )
    neighbourhoods_csv = forms.FileField(label=_("Of: een CSV-bestand met wijken"), required=False)

    def __init__(self, *args, cbs_code="", **kwargs):
        super().__init__(*args, **kwargs)
        self.cbs_code_for_check = cbs_code

    def clean(self):
        cleaned = super().clean()
        cleaned["rows"] = self.clean_neighbourhood_rows()
        if not cleaned["rows"] and not self.errors:
            self.add_error("neighbourhoods", _("Vul minstens één wijk in."))
        return cleaned


class NeighbourhoodForm(Form):
    name = forms.CharField(label=_("Naam"), max_length=100)
    code = forms.CharField(
        label=_("CBS-wijk- of buurtcode"),
        max_length=10,
        required=False,
        help_text=_("Bijvoorbeeld WK030101."),
    )


class OrganisationForm(ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "description",
            "neighbourhoods",
            "contact_name",
            "contact_email",
            "contact_phone",
            "is_active",
        ]
        widgets = {
            "neighbourhoods": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this municipality's neighbourhoods can be chosen.
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.filter(municipality=municipality)
        self.fields["neighbourhoods"].help_text = _("Voor wijkteams: de wijken die dit team bedient.")

    def _post_clean(self):
        # Validation of the model happens in the service (organisation_create / organisation_update).
        pass


class InviteForm(Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    email = forms.EmailField(
        label=_("E-mailadres"), help_text=_("Hier komt de uitnodiging; het wordt ook de gebruikersnaam.")
    )
    organisation = forms.ModelChoiceField(label=_("Organisatie"), queryset=Organisation.objects.none())
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class RoleForm(Form):
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)


class DomainForm(Form):
    name = forms.CharField(label=_("Naam"), max_length=100)
    description = forms.CharField(
        label=_("Omschrijving"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SettingsForm(Form):
    activation_definition = forms.ChoiceField(
        label=_("Wat telt als activering van een bewoner"), choices=ActivationDefinition.choices
    )
    small_number_threshold = forms.IntegerField(
        label=_("Drempel kleine aantallen"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_(
            "Cijfers over minder personen worden afgeschermd. Leeg: de drempel van het platform. "
            "Een lagere waarde dan die van het platform heeft geen effect."
        ),
    )
    default_max_residents = forms.IntegerField(
        label=_("Standaard maximaal aantal bewoners tegelijk per ervaringsdeskundige"),
        min_value=0,
        max_value=50,
        help_text=_("Voor nieuwe ervaringsdeskundigen zolang hun eigen maximum niet is afgesproken."),
    )
    default_weekly_hours = forms.DecimalField(
        label=_("Standaard beschikbare uren per week"),
        min_value=0,
        max_value=60,
        max_digits=4,
        decimal_places=1,
    )
    require_2fa_for_peer_workers = forms.BooleanField(
        label=_("Tweestapsverificatie ook verplicht voor ervaringsdeskundigen"),
        required=False,
        help_text=_(
            "Voor alle andere rollen is het al verplicht. Ervaringsdeskundigen zonder tweestapsverificatie "
            "stellen het dan bij hun volgende bezoek in."
        ),
    )


def _months(label, help_text):
    # No legal minimum here: the service refuses a term under it with the reason (privacy.services).
    return forms.IntegerField(label=label, min_value=0, max_value=1000, help_text=help_text)


class RetentionForm(Form):
    """The municipality's retention terms per category (privacy.RetentionPolicy), in months."""

    check_ins_months = _months(
        _("Check-ins: maanden na de datum"), _("Korte gesprekjes met ervaringsdeskundigen. Standaard 12.")
    )
    closed_trajectories_months = _months(
        _("Afgesloten trajecten van bewoners: maanden na de einddatum"),
        _("Daarna worden ze gewist (gepseudonimiseerd). Standaard 24."),
    )
    departed_peer_workers_months = _months(
        _("Vertrokken ervaringsdeskundigen: maanden na vertrek"),
        _("Daarna worden hun gegevens gewist; hun uren blijven onder een pseudoniem. Standaard 24."),
    )
    hours_months = _months(
        _("Uren en urenstaten: maanden na de datum"),
        _("Minstens 84 (7 jaar, fiscale bewaarplicht). Standaard 84."),
    )
    audit_events_months = _months(_("Auditlog: maanden"), _("Minstens 12. Standaard 60."))


class AcceptInvitationForm(Form):
    password1 = forms.CharField(
        label=_("Kies een wachtwoord"),
        strip=False,
        max_length=1024,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minstens 12 tekens; niet alleen cijfers en niet te veel lijkend op uw naam."),
    )
    password2 = forms.CharField(
        label=_("Herhaal het wachtwoord"),
        strip=False,
        max_length=1024,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
