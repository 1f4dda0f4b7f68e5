"""Group activities and their sessions, walk-in hosting, supervision, intervision and learning sessions.

An Activity is the recurring thing (a recovery group on Tuesday evenings, six-weekly intervision of a
pool); a Session is one meeting of it, generated from the activity's recurrence and editable one by one.
Residents never appear by name: attendance is counts, optionally with pseudonymous resident codes.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.models import TenantModel


class ActivityKind(models.TextChoices):
    RECOVERY_GROUP = "recovery_group", _("Herstelgroep")
    THEME_MEETING = "theme_meeting", _("Themabijeenkomst")
    WALK_IN = "walk_in", _("Inloop (gastvrouw-/gastheeruren)")
    TRAINING = "training", _("Training voor vrijwilligers of professionals")
    PEER_COMMUNITY = "peer_community", _("Bijeenkomst herstelgemeenschap")
    PEER_TRAINING = "peer_training", _("Training voor ervaringsdeskundigen")
    SUPERVISION = "supervision", _("Supervisie")
    INTERVISION = "intervision", _("Intervisie")
    LEARNING_SESSION = "learning_session", _("Leerbijeenkomst")
    EVALUATION = "evaluation", _("Evaluatie")


# Activities for residents and professionals: attendance as counts, may be on the public agenda.
GROUP_KINDS = frozenset(
    {
        ActivityKind.RECOVERY_GROUP,
        ActivityKind.THEME_MEETING,
        ActivityKind.WALK_IN,
        ActivityKind.TRAINING,
        ActivityKind.PEER_COMMUNITY,
    }
)
# Activities for the peer workers themselves: attendance per peer worker, never public.
PEER_ATTENDANCE_KINDS = frozenset(
    {
        ActivityKind.PEER_TRAINING,
        ActivityKind.SUPERVISION,
        ActivityKind.INTERVISION,
        ActivityKind.LEARNING_SESSION,
        ActivityKind.EVALUATION,
    }
)
# Internal to the organising pool: only its own people see them (intervision content stays in the group).
POOL_INTERNAL_KINDS = frozenset(
    {ActivityKind.SUPERVISION, ActivityKind.INTERVISION, ActivityKind.PEER_TRAINING}
)
# Sessions with minutes (decisions, lessons): the pilots' learning sessions and evaluations.
MINUTES_KINDS = frozenset({ActivityKind.LEARNING_SESSION, ActivityKind.EVALUATION})
# Kinds for which a pool organisation can set a required rhythm.
RHYTHM_KINDS = (ActivityKind.INTERVISION, ActivityKind.SUPERVISION)


class Frequency(models.TextChoices):
    ONCE = "once", _("Eenmalig")
    WEEKLY = "weekly", _("Wekelijks (of om de zoveel weken)")
    MONTHLY = "monthly", _("Maandelijks (zelfde weekdag van de maand)")
    CUSTOM = "custom", _("Eigen data")


class Activity(TenantModel):
    title = models.CharField(_("titel"), max_length=150)
    kind = models.CharField(_("soort"), max_length=30, choices=ActivityKind.choices)
    description = models.TextField(
        _("publieke omschrijving"),
        max_length=2000,
        blank=True,
        help_text=_("Voor bewoners en professionals. Noem geen namen van deelnemers of begeleiders."),
    )
    organisers = models.ManyToManyField(
        "organisations.Organisation", verbose_name=_("organiserende organisaties"), related_name="activities"
    )
    peer_facilitators = models.ManyToManyField(
        "pool.PeerWorker",
        verbose_name=_("begeleiders (ervaringsdeskundigen)"),
        blank=True,
        related_name="facilitated_activities",
    )
    user_facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("begeleiders (professionals)"),
        blank=True,
        related_name="facilitated_activities",
    )
    place = models.CharField(_("plaats"), max_length=200, blank=True, help_text=_("Locatie en adres."))
    neighbourhood = models.ForeignKey(
        "core.Neighbourhood", verbose_name=_("wijk"), on_delete=models.PROTECT, null=True, blank=True
    )
    themes = models.ManyToManyField(
        "core.ExperienceDomain", verbose_name=_("thema's"), blank=True, related_name="activities"
    )
    capacity = models.PositiveSmallIntegerField(_("maximaal aantal deelnemers"), null=True, blank=True)
    programme = models.ForeignKey(
        "organisations.Programme",
        verbose_name=_("programma"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        help_text=_("Begeleidingsuren van ervaringsdeskundigen worden op dit programma geboekt."),
    )
    is_public = models.BooleanField(
        _("op de publieke agenda"),
        default=False,
        help_text=_("Alleen groepsactiviteiten; de agenda toont organisaties, nooit namen van mensen."),
    )
    # Recurrence (see recurrence.py); times are wall-clock times in Europe/Amsterdam.
    frequency = models.CharField(_("herhaling"), max_length=10, choices=Frequency.choices)
    interval = models.PositiveSmallIntegerField(
        _("om de hoeveel weken/maanden"), default=1, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    weekdays = models.JSONField(_("weekdagen"), default=list, blank=True)
    start_date = models.DateField(_("eerste datum"))
    end_date = models.DateField(_("laatste datum"), null=True, blank=True)
    start_time = models.TimeField(_("begintijd"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duur in minuten"), validators=[MinValueValidator(15), MaxValueValidator(12 * 60)]
    )
    custom_dates = models.JSONField(_("eigen data"), default=list, blank=True)
    skip_holidays = models.BooleanField(_("vervalt op feestdagen"), default=True)
    extra_minutes = models.PositiveSmallIntegerField(
        _("voorbereiding en nazorg (minuten per bijeenkomst)"),
        default=0,
        validators=[MaxValueValidator(8 * 60)],
        help_text=_("Telt mee in de uren van de begeleiders."),
    )
    hosts_needed = models.PositiveSmallIntegerField(
        _("gastvrouwen/-heren per dagdeel"),
        default=0,
        validators=[MaxValueValidator(20)],
        help_text=_("Alleen voor een inloop: zoveel ervaringsdeskundigen zijn per bijeenkomst nodig."),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["title"]
        indexes = [models.Index(fields=["municipality", "kind"], name="activity_muni_kind")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_group(self) -> bool:
        return self.kind in GROUP_KINDS

    @property
    def has_peer_attendance(self) -> bool:
        return self.kind in PEER_ATTENDANCE_KINDS

    @property
    def has_minutes(self) -> bool:
        return self.kind in MINUTES_KINDS


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    HELD = "held", _("Gehouden")
    CANCELLED = "cancelled", _("Vervalt")


class Session(TenantModel):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sessions")
    # The date the recurrence produced; kept when the session moves, so regeneration stays idempotent.
    occurrence_date = models.DateField(_("datum volgens herhaling"))
    starts_at = models.DateTimeField(_("begint"))
    ends_at = models.DateTimeField(_("eindigt"))
    status = models.CharField(
        _("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    cancel_reason = models.CharField(_("reden"), max_length=200, blank=True)
    holiday = models.CharField(_("feestdag"), max_length=60, blank=True)
    is_edited = models.BooleanField(_("los aangepast"), default=False)
    place = models.CharField(_("afwijkende plaats"), max_length=200, blank=True)
    new_participants = models.PositiveSmallIntegerField(_("nieuwe deelnemers"), null=True, blank=True)
    returning_participants = models.PositiveSmallIntegerField(
        _("terugkerende deelnemers"), null=True, blank=True
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE: raised on every change")
    # The programme milestone this learning session or evaluation carries out (issue 14.4): recording its
    # attendance marks the milestone reached, and the report shows the milestone with what was decided.
    milestone = models.ForeignKey(
        "organisations.Milestone",
        verbose_name=_("mijlpaal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "occurrence_date"], name="unique_session_occurrence"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "starts_at"], name="session_muni_start")]

    def __str__(self) -> str:
        return f"{self.activity} · {self.occurrence_date:%d-%m-%Y}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def effective_place(self) -> str:
        return self.place or self.activity.place

    @property
    def total_participants(self) -> int | None:
        if self.new_participants is None and self.returning_participants is None:
            return None
        return (self.new_participants or 0) + (self.returning_participants or 0)


class HoursStatus(models.TextChoices):
    NOT_YET = "not_yet", _("Nog niet")  # the session has not been held (attendance not recorded)
    RECORDED = "recorded", _("Vastgelegd")  # held; waiting for a programme / the hours service
    BOOKED = "booked", _("Geboekt")  # a time entry exists in hours


class SessionFacilitator(TenantModel):
    """A facilitator or walk-in host of one session: a peer worker or a professional (user)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="facilitators")
    peer = models.ForeignKey(
        "pool.PeerWorker", on_delete=models.CASCADE, null=True, blank=True, related_name="session_roles"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="session_roles",
    )
    hours_status = models.CharField(max_length=20, choices=HoursStatus.choices, default=HoursStatus.NOT_YET)
    booked_minutes = models.PositiveIntegerField(null=True, blank=True)
    time_entry_id = models.UUIDField(null=True, blank=True, help_text="The hours.TimeEntry this became")
    # Why the hours rules refused the booking (a locked month, a closed or exhausted programme).
    hours_problem = models.CharField(_("reden niet geboekt"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("begeleider van een bijeenkomst")
        verbose_name_plural = _("begeleiders van bijeenkomsten")
        constraints = [
            models.CheckConstraint(
                condition=(Q(peer__isnull=False) & Q(user__isnull=True))
                | (Q(peer__isnull=True) & Q(user__isnull=False)),
                name="facilitator_is_peer_or_user",
            ),
            models.UniqueConstraint(
                fields=["session", "peer"], condition=Q(peer__isnull=False), name="unique_session_peer"
            ),
            models.UniqueConstraint(
                fields=["session", "user"], condition=Q(user__isnull=False), name="unique_session_user"
            ),
        ]

    def __str__(self) -> str:
        return str(self.peer or self.user)


RESIDENT_CODE = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]{2,19}$",
    _("Een bewonerscode bestaat uit 3 tot 20 hoofdletters, cijfers en streepjes (geen naam)."),
)


class ResidentAttendance(TenantModel):
    """A pseudonymous resident code present at a session (optional, next to the counts)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="resident_codes")
    code = models.CharField(_("bewonerscode"), max_length=20, validators=[RESIDENT_CODE])

    class Meta:
        verbose_name = _("aanwezige bewonerscode")
        verbose_name_plural = _("aanwezige bewonerscodes")
        constraints = [models.UniqueConstraint(fields=["session", "code"], name="unique_session_code")]

    def __str__(self) -> str:
        return self.code


class PeerAttendance(TenantModel):
    """Attendance of a peer worker at a supervision, intervision, training or learning session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="peer_attendance")
    peer = models.ForeignKey("pool.PeerWorker", on_delete=models.CASCADE, related_name="session_attendance")
    present = models.BooleanField(_("aanwezig"), default=True)

    class Meta:
        verbose_name = _("aanwezigheid ervaringsdeskundige")
        verbose_name_plural = _("aanwezigheid ervaringsdeskundigen")
        constraints = [models.UniqueConstraint(fields=["session", "peer"], name="unique_session_attendee")]

    def __str__(self) -> str:
        return f"{self.peer} · {self.session}"


class StaffAttendance(TenantModel):
    """How many staff of one organisation (a partner, the funder, the team) came to a learning session or
    evaluation: counted per organisation, never named (issue 14.4)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="staff_attendance")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    people = models.PositiveSmallIntegerField(_("aantal medewerkers"))

    class Meta:
        verbose_name = _("aanwezigheid medewerkers")
        verbose_name_plural = _("aanwezigheid medewerkers")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "session", "organisation"], name="unique_session_staff_organisation"
            ),
            models.CheckConstraint(
                condition=Q(people__gte=1, people__lte=500), name="staff_attendance_people_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.session}: {self.people}"


class MinuteKind(models.TextChoices):
    DECISION = "decision", _("Besluit")
    LESSON = "lesson", _("Geleerde les")
    ACTION = "action", _("Actiepunt")


class MinuteItem(TenantModel):
    """One line of the minutes of a learning session or evaluation: a decision, a lesson or an action."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="minutes")
    kind = models.CharField(_("soort"), max_length=20, choices=MinuteKind.choices)
    text = models.TextField(_("tekst"), max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("notulenpunt")
        verbose_name_plural = _("notulenpunten")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class DevelopmentRhythm(TenantModel):
    """A pool organisation's required rhythm, e.g. intervision at least every 42 days."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="development_rhythms"
    )
    kind = models.CharField(_("soort"), max_length=30, choices=[(k.value, k.label) for k in RHYTHM_KINDS])
    max_interval_days = models.PositiveSmallIntegerField(
        _("uiterlijk om de zoveel dagen"), validators=[MinValueValidator(7), MaxValueValidator(366)]
    )

    class Meta:
        verbose_name = _("vereist ritme")
        verbose_name_plural = _("vereiste ritmes")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="unique_rhythm_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_kind_display()} · {self.max_interval_days}"


class ReminderLog(TenantModel):
    """One sent reminder. The key (ids only, no addresses) makes `send_reminders` idempotent."""

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verstuurde herinnering")
        verbose_name_plural = _("verstuurde herinneringen")

    def __str__(self) -> str:
        return self.key
