"""Forms for writing and reviewing hours. They parse input only; the services decide what is allowed."""

import datetime
import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.forms import Form

from .models import MAX_MINUTES_PER_ENTRY, EntryStatus, WorkKind
from .selectors import peer_activities, peer_assignments, peer_programmes, programme_partners


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


_MINUTES = re.compile(r"^(\d{1,4}) ?(m|min|minuten)$")
_COLON = re.compile(r"^(\d{1,2}):(\d{1,2})$")
_DOT_MINUTES = re.compile(r"^(\d{1,2})\.(\d{2})$")
_H_AND_M = re.compile(r"^(\d{1,2}) ?(?:u|uur|h) ?(\d{1,2}) ?(?:m|min|minuten)?$")
_HOURS = re.compile(r"^(\d{1,2}(?:[.,]\d{1,2})?) ?(u|uur|h)?$")


def parse_duration(text: str) -> int:
    """Minutes from what people type on a phone: "1:30", "1.30", "1u30", "1 uur 30", "1,5", "2", "90 min".

    "1.30" (a dot and two digits) reads as 1 hour 30, as Dutch people write times; "1,5" and "1.5" are
    one and a half hours.
    """
    value = re.sub(r"\s+", " ", (text or "").strip().lower())
    if not value:
        raise ValidationError(gettext("Vul in hoe lang u werkte, bijvoorbeeld 1:30."))
    minutes = None
    if match := _MINUTES.match(value):
        minutes = int(match.group(1))
    else:
        match = _COLON.match(value) or _DOT_MINUTES.match(value) or _H_AND_M.match(value)
        if match:
            if int(match.group(2)) >= 60:
                raise ValidationError(gettext("Na de uren komen minuten: 0 tot en met 59."))
            minutes = int(match.group(1)) * 60 + int(match.group(2))
        elif match := _HOURS.match(value):
            minutes = round(float(match.group(1).replace(",", ".")) * 60)
    if minutes is None:
        raise ValidationError(
            gettext("Schrijf de duur als uren:minuten (1:30), in uren (1,5) of in minuten (90 min).")
        )
    if not (1 <= minutes <= MAX_MINUTES_PER_ENTRY):
        raise ValidationError(gettext("Vul een tijd in tussen 1 minuut en 24 uur."))
    return minutes


def format_duration(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


class DurationField(forms.CharField):
    default_error_messages = {"required": _("Vul in hoe lang u werkte, bijvoorbeeld 1:30.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"autocomplete": "off", "size": "8"}),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        return parse_duration(super().clean(value))


class _Choice(forms.ModelChoiceField):
    """A choice of the viewer's own objects; an id that is not offered reads as a Dutch error."""

    default_error_messages = {"invalid_choice": _("Kies een van de mogelijkheden uit de lijst.")}


class AssignmentChoice(_Choice):
    def label_from_instance(self, obj):
        return f"{obj.request.organisation.name} · {obj.request}"


class EntryForm(Form):
    """The peer worker's form, and (with `reason`) the coordinator's correction of one entry."""

    date = forms.DateField(
        label=_("Datum"), widget=DateInput(), error_messages={"invalid": _("Vul een geldige datum in.")}
    )
    duration = DurationField(
        label=_("Hoe lang"), help_text=_("Uren en minuten, bijvoorbeeld 1:30 of 1,5 of 45 min.")
    )
    work_kind = forms.ChoiceField(
        label=_("Soort werk"), choices=[("", _("Kies een soort werk")), *WorkKind.choices]
    )
    programme = _Choice(label=_("Programma"), queryset=None, required=False, empty_label=_("Geen programma"))
    assignment = AssignmentChoice(
        label=_("Inzet"),
        queryset=None,
        required=False,
        empty_label=_("Geen inzet"),
        help_text=_("Bij een inzet vullen programma en partner zich zelf in als u ze leeg laat."),
    )
    activity = _Choice(label=_("Activiteit"), queryset=None, required=False, empty_label=_("Geen activiteit"))
    partner = _Choice(
        label=_("Gewerkt voor (partner)"),
        queryset=None,
        required=False,
        empty_label=_("Eigen organisatie of volgens de inzet"),
    )
    description = forms.CharField(
        label=_("Korte omschrijving"),
        max_length=300,
        required=False,
        help_text=_("Kort, zonder namen van bewoners."),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # Shown only once the service asked for it (a date outside the chosen assignment's period).
    outside_assignment_ok = forms.BooleanField(
        label=_("Ja, de datum klopt, ook al valt die buiten de inzet"), required=False
    )

    SERVICE_FIELDS = ("date", "work_kind", "programme", "assignment", "activity", "partner", "description")

    def __init__(self, *args, peer, entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.peer = peer
        self.fields["work_kind"].error_messages["required"] = _("Kies een soort werk.")
        self.fields["date"].error_messages["required"] = _("Vul een datum in.")
        programmes = peer_programmes(peer=peer, include=entry.programme_id if entry else None)
        self.fields["programme"].queryset = programmes
        self.fields["assignment"].queryset = peer_assignments(
            peer=peer, include=entry.assignment_id if entry else None
        )
        self.fields["activity"].queryset = peer_activities(
            peer=peer, include=entry.activity_id if entry else None
        )
        self.fields["partner"].queryset = programme_partners(
            programmes=programmes, include=entry.partner_id if entry else None
        )
        if entry is None and not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())
            self.initial.setdefault("submission_key", uuid.uuid4())
        self.fields["duration"].widget.attrs["inputmode"] = "text"

    @classmethod
    def initial_from(cls, entry) -> dict:
        return {
            "date": entry.date,
            "duration": format_duration(entry.minutes),
            "work_kind": entry.work_kind,
            "programme": entry.programme_id,
            "assignment": entry.assignment_id,
            "activity": entry.activity_id,
            "partner": entry.partner_id,
            "description": entry.description,
        }

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise ValidationError(gettext("U kunt geen uren schrijven voor een dag in de toekomst."))
        if day < datetime.date(2000, 1, 1):
            raise ValidationError(gettext("Vul een geldige datum in."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("assignment") and data.get("activity"):
            self.add_error(
                "activity", gettext("Kies een inzet of een activiteit, niet allebei: het zijn aparte uren.")
            )
        return data

    @property
    def asks_outside_assignment(self) -> bool:
        """Whether to show the confirmation: the service asked, or the writer already ticked it."""
        return getattr(self, "_asked_outside", False) or bool(self.data.get("outside_assignment_ok"))

    def ask_outside_assignment(self) -> None:
        self._asked_outside = True

    def service_kwargs(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.SERVICE_FIELDS}
        data["minutes"] = self.cleaned_data["duration"]
        data["description"] = data["description"] or ""
        data["outside_assignment_confirmed"] = bool(self.cleaned_data.get("outside_assignment_ok"))
        return data


class CorrectionForm(EntryForm):
    reason = forms.CharField(
        label=_("Reden van de correctie"),
        max_length=300,
        help_text=_("Deze reden ziet de ervaringsdeskundige bij de uren."),
        error_messages={"required": _("Schrijf erbij waarom u de uren corrigeert.")},
    )
    override_reason = forms.CharField(
        label=_("Reden om toch te boeken"),
        max_length=300,
        required=False,
        help_text=_("Alleen nodig als het programma gesloten of uitgeput is."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["submission_key"]


class ReturnForm(Form):
    comment = forms.CharField(
        label=_("Waarom geeft u de uren terug?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De ervaringsdeskundige ziet deze opmerking bij de uren en kan ze aanpassen."),
        error_messages={"required": _("Schrijf erbij waarom u de uren teruggeeft.")},
    )


class FilterForm(Form):
    """Filters of the overview and the export. Bad values are ignored rather than refused."""

    peer = forms.ChoiceField(label=_("Ervaringsdeskundige"), required=False)
    maand = forms.CharField(
        label=_("Maand"), required=False, widget=forms.TextInput(attrs={"type": "month", "size": "8"})
    )
    programma = forms.ChoiceField(label=_("Programma"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle")), *EntryStatus.choices]
    )

    def __init__(self, *args, peers=None, programmes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if peers is None:
            del self.fields["peer"]
        else:
            self.fields["peer"].choices = [("", _("Iedereen"))] + [(str(p.pk), str(p)) for p in peers]
        if programmes is None:
            del self.fields["programma"]
        else:
            self.fields["programma"].choices = [("", _("Alle programma's"))] + [
                (str(p.pk), p.name) for p in programmes
            ]

    def clean_maand(self):
        return parse_month(self.cleaned_data.get("maand"))

    def filters(self):
        from .selectors import EntryFilters

        self.is_valid()  # fields that did not validate are simply left out of cleaned_data
        data = self.cleaned_data
        return EntryFilters(
            peer_id=data.get("peer") or None,
            month=data.get("maand") or None,
            programme_id=data.get("programma") or None,
            status=data.get("status") or None,
        )


def parse_month(text) -> datetime.date | None:
    """ "2026-10" (the month input) to the first of that month; anything else is no filter."""
    match = re.match(r"^(\d{4})-(\d{1,2})$", (text or "").strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return datetime.date(year, month, 1)


class LockForm(Form):
    month = forms.CharField(widget=forms.HiddenInput)

    def clean_month(self):
        month = parse_month(self.cleaned_data["month"])
        if month is None:
            raise ValidationError(gettext("Kies een maand."))
        return month


class ReopenForm(LockForm):
    reason = forms.CharField(
        label=_("Reden"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
