"""Peer workers (ervaringsdeskundigen) in a pool: profile, lived experience with the peer worker's own
disclosure choice, boundaries and availability, growth (participation ladder, goals, trainings) and
private well-being check-ins. See docs/pool.md."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.models import TenantModel
from ervaringswerk.core.reference import DeploymentKind, EducationLevel, ParticipationRung, PeerRole, TaskArea

from .constants import (
    LANGUAGES,
    EmploymentForm,
    Gender,
    GoalStatus,
    PeerStatus,
    RegisterStatus,
    SupportNeed,
    Visibility,
    Weekday,
    Wish,
)
from .fields import ChoiceListField

__all__ = [
    "CheckIn",
    "DevelopmentGoal",
    "LadderStep",
    "PeerExperience",
    "PeerStatus",
    "PeerWorker",
    "Training",
    "Visibility",
]


class PeerWorker(TenantModel):
    # -- who and where
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("poolorganisatie"),
        on_delete=models.PROTECT,
        related_name="peer_workers",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inlog"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="peer_worker",
    )
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    languages = ChoiceListField(
        _("talen"), item_choices=LANGUAGES, help_text=_("De talen waarin u een gesprek kunt voeren.")
    )
    neighbourhoods = models.ManyToManyField(
        "core.Neighbourhood",
        verbose_name=_("wijken waar ik werk"),
        blank=True,
        related_name="peer_workers",
    )
    # -- what they do
    kinds = ChoiceListField(_("soorten inzet"), item_choices=DeploymentKind.choices)
    task_areas = ChoiceListField(_("taakgebieden"), item_choices=TaskArea.choices)
    peer_roles = ChoiceListField(_("rollen"), item_choices=PeerRole.choices)
    education_level = models.CharField(
        _("opleidingsniveau ervaringsdeskundigheid"),
        max_length=20,
        choices=EducationLevel.choices,
        blank=True,
    )
    register_status = models.CharField(
        _("registerstatus"), max_length=20, choices=RegisterStatus.choices, default=RegisterStatus.NONE
    )
    register_since = models.DateField(_("geregistreerd sinds"), null=True, blank=True)
    employment_form = models.CharField(
        _("dienstverband"), max_length=30, choices=EmploymentForm.choices, blank=True
    )
    # -- lifecycle (set by the coordinator)
    status = models.CharField(
        _("status"), max_length=20, choices=PeerStatus.choices, default=PeerStatus.ACTIVE
    )
    status_since = models.DateField(_("status sinds"), null=True, blank=True)
    joined_on = models.DateField(_("in de pool sinds"), null=True, blank=True)
    left_on = models.DateField(_("vertrokken op"), null=True, blank=True)
    # -- self-declared, optional, only for match wishes/musts
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    cultural_background = models.CharField(
        _("culturele achtergrond"),
        max_length=100,
        blank=True,
        help_text=_("In uw eigen woorden, bijvoorbeeld 'Marokkaans-Nederlands'. Niet verplicht."),
    )
    # -- boundaries and availability (hard constraints for matching)
    weekly_hours = models.DecimalField(
        _("beschikbare uren per week"),
        max_digits=4,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    available_days = ChoiceListField(_("beschikbare dagen"), item_choices=Weekday.choices)
    max_residents = models.PositiveSmallIntegerField(
        _("maximaal aantal bewoners tegelijk"), default=0, validators=[MaxValueValidator(50)]
    )
    excluded_themes = ChoiceListField(
        _("thema's die ik niet oppak"),
        help_text=_("Korte namen van ervaringsdomeinen of eigen omschrijvingen, in kleine letters."),
    )
    prefers = ChoiceListField(_("wensen"), item_choices=Wish.choices)
    wishes_note = models.TextField(_("andere wensen"), max_length=1000, blank=True)
    pause_start = models.DateField(_("pauze vanaf"), null=True, blank=True)
    pause_end = models.DateField(
        _("pauze tot en met"),
        null=True,
        blank=True,
        help_text=_("Leeg laten als u nog niet weet tot wanneer."),
    )
    pause_note = models.CharField(
        _("toelichting bij de pauze"),
        max_length=300,
        blank=True,
        help_text=_("Niet verplicht. Uw coördinator ziet deze toelichting."),
    )

    class Meta:
        verbose_name = _("ervaringsdeskundige")
        verbose_name_plural = _("ervaringsdeskundigen")
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["municipality", "status"], name="peer_muni_status"),
            models.Index(fields=["municipality", "organisation", "last_name"], name="peer_muni_org_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pause_end__isnull=True)
                | models.Q(pause_start__isnull=True)
                | models.Q(pause_end__gte=models.F("pause_start")),
                name="peer_pause_end_after_start",
            ),
            # The same ranges as the field validators: agreed hours 0-60 a week, 0-50 residents at once.
            models.CheckConstraint(
                condition=models.Q(weekly_hours__gte=0, weekly_hours__lte=60),
                name="peer_weekly_hours_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(max_residents__gte=0, max_residents__lte=50),
                name="peer_max_residents_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)

    @property
    def language_labels(self) -> list[tuple[str, str]]:
        names = dict(LANGUAGES)
        return [(code, str(names.get(code, code))) for code in self.languages or []]

    def labels(self, field_name: str) -> list[str]:
        """Dutch labels of a list field (kinds, task areas, days, wishes, ...)."""
        choices = dict(self._meta.get_field(field_name).item_choices or [])
        return [str(choices.get(value, value)) for value in getattr(self, field_name) or []]

    @property
    def kind_labels(self) -> list[str]:
        return self.labels("kinds")

    @property
    def task_area_labels(self) -> list[str]:
        return self.labels("task_areas")

    @property
    def role_labels(self) -> list[str]:
        return self.labels("peer_roles")

    @property
    def day_labels(self) -> list[str]:
        return self.labels("available_days")

    @property
    def wish_labels(self) -> list[str]:
        return self.labels("prefers")

    def self_paused_on(self, day: datetime.date) -> bool:
        """The peer worker's own pause covers this day."""
        if self.pause_start is None or self.pause_start > day:
            return False
        return self.pause_end is None or self.pause_end >= day

    def is_paused_on(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.status == PeerStatus.PAUSED or self.self_paused_on(day)

    def effective_status(self, day: datetime.date | None = None) -> str:
        if self.status == PeerStatus.LEFT:
            return PeerStatus.LEFT
        return PeerStatus.PAUSED if self.is_paused_on(day) else PeerStatus.ACTIVE

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.pause_end and not self.pause_start:
            errors["pause_start"] = _("Vul in vanaf wanneer de pauze ingaat.")
        if self.pause_start and self.pause_end and self.pause_end < self.pause_start:
            errors["pause_end"] = _("De pauze kan niet eindigen vóór hij begint.")
        if self.status == PeerStatus.LEFT and not self.left_on:
            errors["left_on"] = _("Vul de datum van vertrek in.")
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            errors["left_on"] = _("De vertrekdatum ligt vóór de startdatum.")
        if (
            self.organisation_id
            and self.municipality_id
            and self.organisation.municipality_id != self.municipality_id
        ):
            errors["organisation"] = _("De poolorganisatie hoort bij een andere gemeente.")
        if errors:
            raise ValidationError(errors)


class PeerExperience(TenantModel):
    """One domain of lived experience, in the peer worker's own words, with their own disclosure choice."""

    peer = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="experiences")
    domain = models.ForeignKey(
        "core.ExperienceDomain", verbose_name=_("ervaringsdomein"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("in mijn eigen woorden"), max_length=1000, blank=True)
    visibility = models.CharField(
        _("wie mag dit zien"), max_length=20, choices=Visibility.choices, default=Visibility.PRIVATE
    )

    class Meta:
        verbose_name = _("ervaringsdomein van een ervaringsdeskundige")
        verbose_name_plural = _("ervaringsdomeinen van ervaringsdeskundigen")
        ordering = ["domain__sort_order", "domain__name"]
        constraints = [
            models.UniqueConstraint(fields=["peer", "domain"], name="unique_peer_experience_domain"),
        ]
        indexes = [models.Index(fields=["municipality", "visibility"], name="experience_muni_vis")]

    def __str__(self) -> str:
        return f"{self.peer} · {self.domain}"


class LadderStep(TenantModel):
    """A position on the participation ladder at a date: together they form the peer worker's path."""

    peer = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="ladder_steps")
    rung = models.PositiveSmallIntegerField(_("trede"), choices=ParticipationRung.choices)
    date = models.DateField(_("datum"))
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("trede op de participatieladder")
        verbose_name_plural = _("participatieladder")
        ordering = ["date", "created_at"]

    def __str__(self) -> str:
        return f"{self.peer} · {self.get_rung_display()} ({self.date:%d-%m-%Y})"


class DevelopmentGoal(TenantModel):
    peer = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("ontwikkeldoel"), max_length=200)
    description = models.TextField(_("toelichting"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.PLANNED
    )
    target_date = models.DateField(_("streefdatum"), null=True, blank=True)
    achieved_on = models.DateField(_("bereikt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("ontwikkeldoel")
        verbose_name_plural = _("ontwikkeldoelen")
        ordering = ["status", "target_date", "created_at"]

    def __str__(self) -> str:
        return self.title


class Training(TenantModel):
    peer = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="trainings")
    name = models.CharField(_("training of opleiding"), max_length=200)
    provider = models.CharField(_("aanbieder"), max_length=150, blank=True)
    started_on = models.DateField(_("gestart op"), null=True, blank=True)
    completed_on = models.DateField(_("afgerond op"), null=True, blank=True)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainingen")
        ordering = ["-completed_on", "-started_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(completed_on__gte=models.F("started_on")),
                name="training_completed_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CheckIn(TenantModel):
    """A short well-being check-in. Private to the peer worker; the only thing a coordinator ever sees is
    the flag `wants_talk` (and when they acknowledged it), never the scores or the text."""

    peer = models.ForeignKey(PeerWorker, on_delete=models.CASCADE, related_name="check_ins")
    date = models.DateField(_("datum"), default=timezone.localdate)
    energy = models.PositiveSmallIntegerField(
        _("energie"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    balance = models.PositiveSmallIntegerField(
        _("balans tussen mijn eigen herstel en het werk"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    support_need = models.CharField(
        _("behoefte aan steun"), max_length=10, choices=SupportNeed.choices, default=SupportNeed.NONE
    )
    note = models.TextField(_("voor mezelf"), max_length=2000, blank=True)
    wants_talk = models.BooleanField(
        _("ik wil graag een gesprek"),
        default=False,
        help_text=_("Uw coördinator ziet dan alleen dat u een gesprek wilt, niet wat u hier invult."),
    )
    talk_acknowledged_at = models.DateTimeField(_("gesprek opgepakt op"), null=True, blank=True)
    talk_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["municipality", "peer", "wants_talk"], name="checkin_muni_peer_talk")]

    def __str__(self) -> str:
        return f"Check-in {self.date:%d-%m-%Y}"
