"""Forms for the deployment pages. They only parse input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.forms import Form, ModelForm
from ervaringswerk.core.freetext import limit
from ervaringswerk.core.reference import DeploymentForm
from ervaringswerk.core.selectors import experience_domain_list, neighbourhood_list
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.deployment.selectors import supporting_professional_candidates

from .models import (
    Agreement,
    DeclineReason,
    DeploymentRequest,
    EndReason,
    Offer,
    RequestEvent,
    WithdrawReason,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class RequestForm(ModelForm):
    class Meta:
        model = DeploymentRequest
        fields = [
            "title",
            "kind",
            "domains_needed",
            "domains_preferred",
            "neighbourhood",
            "language",
            "gender_preference",
            "gender_strength",
            "cultural_background",
            "cultural_strength",
            "hours_per_week",
            "start_date",
            "end_date",
            "urgency",
            "resident_code",
            "context",
            "supporting_professional",
        ]
        widgets = {
            "domains_needed": forms.CheckboxSelectMultiple,
            "domains_preferred": forms.CheckboxSelectMultiple,
            "start_date": DateInput,
            "end_date": DateInput,
            "context": forms.Textarea(attrs={"rows": 4}),
            "gender_strength": forms.RadioSelect,
            "cultural_strength": forms.RadioSelect,
        }
        labels = {"title": _("Korte omschrijving")}

    def __init__(self, *args, viewer: Viewer, **kwargs):
        super().__init__(*args, **kwargs)
        domains = experience_domain_list(viewer=viewer)
        self.fields["domains_needed"].queryset = domains
        self.fields["domains_preferred"].queryset = domains
        self.fields["neighbourhood"].queryset = neighbourhood_list(viewer=viewer)
        support = self.fields["supporting_professional"]
        support.queryset = supporting_professional_candidates(
            municipality_id=viewer.municipality_id, organisation_id=viewer.organisation_id
        )
        support.label_from_instance = lambda m: m.user.get_full_name() or m.user.get_username()
        support.empty_label = _("Niemand (de ervaringsdeskundige alleen)")
        self.fields["neighbourhood"].empty_label = _("Geen bepaalde wijk")
        for name, empty in (
            ("language", _("Nederlands volstaat")),
            ("gender_preference", _("Geen voorkeur")),
        ):
            self.fields[name].choices = [("", empty), *self.fields[name].choices[1:]]
        self.fields["language"].help_text = _("Leeg laten als Nederlands volstaat.")
        self.fields["gender_preference"].help_text = _("Alleen als het voor de bewoner of groep ertoe doet.")
        self.fields["hours_per_week"].widget.attrs.update({"min": "0.5", "step": "0.5"})

    def clean(self):
        cleaned = super().clean()
        needed = set(cleaned.get("domains_needed") or [])
        preferred = set(cleaned.get("domains_preferred") or [])
        if needed & preferred:
            self.add_error(
                "domains_preferred",
                _("Een domein is nodig of gewenst, niet allebei: %(names)s.")
                % {"names": ", ".join(sorted(d.name for d in needed & preferred))},
            )
        return cleaned

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("domains_needed", None)
        data.pop("domains_preferred", None)
        return data


class ReasonForm(Form):
    """A structured reason plus free text, used to withdraw, decline and end."""

    reason = forms.ChoiceField(label=_("Reden"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limit(RequestEvent, "note"),
        help_text=_("Geen namen, adressen of BSN van bewoners."),
    )
    choices: list = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = self.choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == "other" and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Licht de reden 'Anders' kort toe."))
        return cleaned


class WithdrawForm(ReasonForm):
    choices = WithdrawReason.choices


class DeclineForm(ReasonForm):
    choices = DeclineReason.choices


class EndForm(ReasonForm):
    choices = EndReason.choices


class AcceptForm(Form):
    note = forms.CharField(
        label=_("Bericht aan de coördinator"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limit(Offer, "response_note"),
    )

    def __init__(self, *args, **kwargs):
        # The offer page shows this form beside the decline form, which has a `note` too: ids stay unique.
        kwargs.setdefault("auto_id", "id_accept_%s")
        super().__init__(*args, **kwargs)


class AgreementForm(ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "role",
            "tasks",
            "responsibilities",
            "contact_person",
            "contact_details",
            "hours_per_week",
            "review_date",
        ]
        widgets = {
            "tasks": forms.Textarea(attrs={"rows": 4}),
            "responsibilities": forms.Textarea(attrs={"rows": 4}),
            "review_date": DateInput,
        }

    programme = forms.ModelChoiceField(
        label=_("Programma"),
        queryset=None,
        required=False,
        empty_label=_("Geen programma"),
        help_text=_(
            "De uren van deze inzet worden op dit programma geboekt. Alleen de coördinator kiest dit."
        ),
    )

    deployment_form = forms.ChoiceField(
        label=_("Vorm van inzet"),
        choices=[("", _("Zoals in het programma (contract)")), *DeploymentForm.choices],
        required=False,
        help_text=_("Leeg: de vorm van het programma, of op verzoek vanuit de pool zonder programma."),
    )

    supporting_professional = forms.ModelChoiceField(
        label=_("Ondersteunende professional"),
        queryset=None,
        required=False,
        empty_label=_("Niemand (de ervaringsdeskundige alleen)"),
        help_text=_("Wie van het aanvragende team de bewoner samen met de ervaringsdeskundige ondersteunt."),
    )

    def __init__(self, *args, contacts, programmes=None, supporters=None, **kwargs):
        super().__init__(*args, **kwargs)
        support = self.fields["supporting_professional"]
        support.queryset = supporters if supporters is not None else contacts.none()
        support.label_from_instance = lambda m: m.user.get_full_name() or m.user.get_username()
        if not self.is_bound:
            self.initial["supporting_professional"] = self.instance.assignment.supporting_professional_id
        # Only the peer worker's coordinator books the assignment on a programme; the team does not see it.
        if programmes is None:
            del self.fields["programme"]
            del self.fields["deployment_form"]
        else:
            self.fields["programme"].queryset = programmes
            if not self.is_bound:
                assignment = self.instance.assignment
                self.initial["programme"] = assignment.programme_id
                contract = assignment.programme.deployment_form if assignment.programme_id else None
                if assignment.deployment_form != (contract or DeploymentForm.ON_REQUEST):
                    self.initial["deployment_form"] = assignment.deployment_form
        self.fields["contact_person"].queryset = contacts
        self.fields["contact_person"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
        self.fields["hours_per_week"].widget.attrs.update({"min": "0.5", "step": "0.5"})


class IdlePoolForm(Form):
    """The number of weeks without deployment on the idle-pool page (GET, default 6)."""

    weken = forms.TypedChoiceField(
        label=_("Niet ingezet in de afgelopen"),
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("Kies een geldig aantal weken.")},
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weken"].choices = [(n, _("%(n)s weken") % {"n": n}) for n in choices]
