"""Forms for activities. They only parse input; the services validate the rules."""

from datetime import date, datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from ervaringswerk.accounts.models import Membership, User
from ervaringswerk.core.forms import Form
from ervaringswerk.core.freetext import limit
from ervaringswerk.core.models import ExperienceDomain, Neighbourhood
from ervaringswerk.core.tenancy import Role, Viewer
from ervaringswerk.organisations.models import Organisation, Programme
from ervaringswerk.organisations.selectors import bookable_programmes
from ervaringswerk.pool.models import PeerStatus, PeerWorker

from .models import Activity, ActivityKind, Frequency, MinuteItem, MinuteKind
from .recurrence import AMSTERDAM

WEEKDAYS = [
    (0, _("maandag")),
    (1, _("dinsdag")),
    (2, _("woensdag")),
    (3, _("donderdag")),
    (4, _("vrijdag")),
    (5, _("zaterdag")),
    (6, _("zondag")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def revalidate_after_querysets(form) -> None:
    """NLDesignFormMixin marks invalid fields in __init__ by reading form.errors, which validates before a
    subclass can narrow its querysets. Forget that early result and mark the fields again."""
    if not form.is_bound:
        return
    form._errors = None
    for name, field in form.fields.items():
        attrs = field.widget.attrs
        attrs.pop("aria-invalid", None)
        described = [d for d in attrs.pop("aria-describedby", "").split() if not d.endswith("_error")]
        if name in form.errors:
            attrs["aria-invalid"] = "true"
            described.append(f"id_{form.add_prefix(name)}_error")
        if described:
            attrs["aria-describedby"] = " ".join(described)


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username if isinstance(obj, User) else str(obj)


class ActivityForm(Form):
    title = forms.CharField(label=_("Titel"), max_length=150)
    kind = forms.ChoiceField(label=_("Soort"), choices=ActivityKind.choices)
    description = forms.CharField(
        label=_("Publieke omschrijving"),
        required=False,
        max_length=limit(Activity, "description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Voor bewoners en professionals. Noem geen namen van deelnemers of begeleiders."),
    )
    organisers = forms.ModelMultipleChoiceField(
        label=_("Organiserende organisaties"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Bijvoorbeeld een wijkteam samen met een zelfregiecentrum. Uw eigen organisatie hoort erbij."
        ),
    )
    peer_facilitators = forms.ModelMultipleChoiceField(
        label=_("Begeleiders (ervaringsdeskundigen)"),
        queryset=PeerWorker.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    user_facilitators = PersonChoiceField(
        label=_("Begeleiders (professionals)"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    programme = forms.ModelChoiceField(
        label=_("Programma"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("Geen programma"),
        help_text=_(
            "De begeleidingsuren van ervaringsdeskundigen worden op dit programma geboekt. Alleen lopende "
            "programma's waarin een van de organisatoren uitvoerder of partner is."
        ),
    )
    place = forms.CharField(label=_("Plaats (locatie en adres)"), max_length=200, required=False)
    neighbourhood = forms.ModelChoiceField(
        label=_("Wijk"), queryset=Neighbourhood.objects.none(), required=False
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=ExperienceDomain.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    capacity = forms.IntegerField(
        label=_("Maximaal aantal deelnemers"), min_value=1, max_value=500, required=False
    )
    is_public = forms.BooleanField(
        label=_("Op de publieke agenda"),
        required=False,
        help_text=_("De agenda toont titel, tijd, plaats en organisaties; nooit namen van mensen."),
    )
    frequency = forms.ChoiceField(label=_("Herhaling"), choices=Frequency.choices, initial=Frequency.WEEKLY)
    interval = forms.IntegerField(
        label=_("Om de hoeveel weken of maanden"),
        min_value=1,
        max_value=52,
        initial=1,
        help_text=_("1 = elke week/maand, 2 = om de week, 6 = om de zes weken."),
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdagen (wekelijks)"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leeg = de weekdag van de eerste datum."),
    )
    start_date = forms.DateField(label=_("Eerste datum"), widget=DateInput())
    end_date = forms.DateField(label=_("Laatste datum"), required=False, widget=DateInput())
    custom_dates = forms.CharField(
        label=_("Eigen data"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen bij 'eigen data': één datum per regel, als 24-03-2026 of 2026-03-24."),
    )
    start_time = forms.TimeField(label=_("Begintijd"), widget=TimeInput())
    duration_minutes = forms.IntegerField(
        label=_("Duur in minuten"), min_value=15, max_value=720, initial=120
    )
    extra_minutes = forms.IntegerField(
        label=_("Voorbereiding en nazorg (minuten)"),
        min_value=0,
        max_value=480,
        initial=0,
        help_text=_("Telt mee in de uren van de begeleiders."),
    )
    skip_holidays = forms.BooleanField(label=_("Vervalt op feestdagen"), required=False, initial=True)
    hosts_needed = forms.IntegerField(
        label=_("Gastvrouwen/-heren per dagdeel (inloop)"),
        min_value=0,
        max_value=20,
        initial=0,
        required=False,
    )

    def __init__(self, *args, viewer: Viewer, **kwargs):
        super().__init__(*args, **kwargs)
        municipality_id = viewer.municipality_id
        self.fields["organisers"].queryset = Organisation.objects.filter(
            municipality_id=municipality_id, is_active=True
        )
        # Facilitators come from the viewer's own organisation; co-organisers add their own people later.
        self.fields["peer_facilitators"].queryset = PeerWorker.objects.filter(
            municipality_id=municipality_id, organisation_id=viewer.organisation_id, status=PeerStatus.ACTIVE
        )
        staff = Membership.objects.filter(
            organisation_id=viewer.organisation_id,
            is_active=True,
            role__in=[Role.COORDINATOR, Role.PROFESSIONAL, Role.TEAM_LEAD],
        ).values("user")
        self.fields["user_facilitators"].queryset = User.objects.filter(pk__in=staff).order_by("last_name")
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(municipality_id=municipality_id)
        self.fields["themes"].queryset = ExperienceDomain.objects.filter(
            municipality_id=municipality_id, is_active=True
        )
        if not self.is_bound and "organisers" not in self.initial:
            self.initial["organisers"] = [viewer.organisation_id]
        current = self.initial.get("programme")
        self.fields["programme"].queryset = bookable_programmes(
            municipality_id=municipality_id,
            organisation_ids=list(
                self.fields["organisers"].queryset.values_list("pk", flat=True)
                if self.is_bound
                else self.initial.get("organisers") or [viewer.organisation_id]
            ),
            keep=getattr(current, "pk", current),
        )
        revalidate_after_querysets(self)

    def clean_custom_dates(self):
        text = self.cleaned_data.get("custom_dates") or ""
        dates = []
        for line in text.replace(",", "\n").splitlines():
            line = line.strip()
            if not line:
                continue
            for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
                try:
                    dates.append(datetime.strptime(line, fmt).date())  # noqa: DTZ007 - a calendar date
                    break
                except ValueError:
                    continue
            else:
                raise forms.ValidationError(
                    _("'%(value)s' is geen datum (gebruik 24-03-2026).") % {"value": line[:30]}
                )
        return dates

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["hosts_needed"] = data.get("hosts_needed") or 0
        data["extra_minutes"] = data.get("extra_minutes") or 0
        return data

    @staticmethod
    def initial_from(activity) -> dict:
        return {
            "title": activity.title,
            "kind": activity.kind,
            "description": activity.description,
            "organisers": list(activity.organisers.all()),
            "peer_facilitators": list(activity.peer_facilitators.all()),
            "user_facilitators": list(activity.user_facilitators.all()),
            "place": activity.place,
            "neighbourhood": activity.neighbourhood,
            "themes": list(activity.themes.all()),
            "capacity": activity.capacity,
            "programme": activity.programme,
            "is_public": activity.is_public,
            "frequency": activity.frequency,
            "interval": activity.interval,
            "weekdays": activity.weekdays,
            "start_date": activity.start_date,
            "end_date": activity.end_date,
            "custom_dates": "\n".join(
                date.fromisoformat(d).strftime("%d-%m-%Y") for d in activity.custom_dates
            ),
            "start_time": activity.start_time,
            "duration_minutes": activity.duration_minutes,
            "extra_minutes": activity.extra_minutes,
            "skip_holidays": activity.skip_holidays,
            "hosts_needed": activity.hosts_needed,
        }


class SessionMoveForm(Form):
    day = forms.DateField(label=_("Nieuwe datum"), widget=DateInput())
    start_time = forms.TimeField(label=_("Begintijd"), widget=TimeInput())
    duration_minutes = forms.IntegerField(label=_("Duur in minuten"), min_value=15, max_value=720)
    place = forms.CharField(label=_("Afwijkende plaats"), max_length=200, required=False)

    def starts_at(self):
        return datetime.combine(self.cleaned_data["day"], self.cleaned_data["start_time"], tzinfo=AMSTERDAM)


class SessionCancelForm(Form):
    reason = forms.CharField(
        label=_("Reden"),
        max_length=200,
        help_text=_("Zichtbaar op de agenda, bijvoorbeeld 'Ruimte niet beschikbaar'."),
    )


class AttendanceForm(Form):
    new_participants = forms.IntegerField(
        label=_("Nieuwe deelnemers"), min_value=0, max_value=1000, required=False
    )
    returning_participants = forms.IntegerField(
        label=_("Terugkerende deelnemers"), min_value=0, max_value=1000, required=False
    )
    resident_codes = forms.CharField(
        label=_("Bewonerscodes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Pseudonieme codes, gescheiden door spaties of komma's. Nooit namen."),
    )
    present_peers = forms.MultipleChoiceField(
        label=_("Aanwezige ervaringsdeskundigen"), required=False, widget=forms.CheckboxSelectMultiple
    )

    milestone = forms.ModelChoiceField(
        label=_("Hoort bij mijlpaal van het programma"),
        queryset=None,
        required=False,
        empty_label=_("Geen mijlpaal"),
        help_text=_("De mijlpaal telt als gehaald op de datum van deze bijeenkomst."),
    )

    def __init__(self, *args, attendees=None, milestones=None, staff_organisations=(), staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        if attendees is None:
            del self.fields["present_peers"]
        else:
            self.fields["present_peers"].choices = [(str(p.pk), str(p)) for p in attendees]
        # Learning sessions and evaluations: the milestone they carry out and the partners' staff who came.
        self.takes_learning = milestones is not None
        if milestones is None:
            del self.fields["milestone"]
        else:
            self.fields["milestone"].queryset = milestones
        self.staff_fields = []
        for organisation in staff_organisations:
            name = f"staff_{organisation.pk}"
            self.fields[name] = forms.IntegerField(
                label=organisation.name,
                min_value=0,
                max_value=500,
                required=False,
                initial=(staff or {}).get(str(organisation.pk)),
            )
            self.staff_fields.append((name, organisation.pk))

    def codes(self) -> list[str]:
        text = self.cleaned_data.get("resident_codes") or ""
        return [c for c in text.replace(",", " ").split() if c]

    def learning(self) -> dict | None:
        """The milestone and staff counts for the service, or None for other kinds of session."""
        if not self.takes_learning:
            return None
        return {
            "milestone": self.cleaned_data.get("milestone"),
            "staff_counts": {pk: self.cleaned_data.get(name) for name, pk in self.staff_fields},
        }

    def staff_bound_fields(self):
        return [self[name] for name, _pk in self.staff_fields]


class MinuteItemForm(Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=MinuteKind.choices)
    text = forms.CharField(
        label=_("Tekst"),
        max_length=limit(MinuteItem, "text"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat besloten of geleerd is; zonder namen van bewoners."),
    )


class RhythmForm(Form):
    kind = forms.ChoiceField(
        label=_("Soort"), choices=[("intervision", _("Intervisie")), ("supervision", _("Supervisie"))]
    )
    max_interval_days = forms.IntegerField(
        label=_("Uiterlijk om de zoveel dagen"),
        min_value=7,
        max_value=366,
        required=False,
        help_text=_("Bijvoorbeeld 42 = minstens eens per zes weken. Leeg = geen eis."),
    )


class AgendaFilterForm(forms.Form):
    wijk = forms.ChoiceField(label=_("Wijk"), required=False)
    thema = forms.ChoiceField(label=_("Thema"), required=False)
    weken = forms.TypedChoiceField(
        label=_("Periode"),
        required=False,
        coerce=int,
        empty_value=4,
        choices=[
            (1, _("1 week")),
            (2, _("2 weken")),
            (4, _("4 weken")),
            (8, _("8 weken")),
            (12, _("12 weken")),
        ],
    )

    def __init__(self, *args, neighbourhoods=(), themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].choices = [("", _("Alle wijken"))] + [(str(n.pk), n.name) for n in neighbourhoods]
        self.fields["thema"].choices = [("", _("Alle thema's"))] + [(t.slug, t.name) for t in themes]
        self.fields["wijk"].widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
        self.fields["thema"].widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
        self.fields["weken"].widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
        self.fields["weken"].initial = 4
