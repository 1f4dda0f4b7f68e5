"""Pseudonymous resident trajectories and their measurements (intake, interim, end).

A resident is a code, a neighbourhood and an age band: never a name, a BSN, an address or free text
about them. Measurements store scores only (the ZRM is licensed: its criteria texts are never stored).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.models import TenantModel

from .constants import ActivationDefinition, AgeBand, EndReason, Instrument, Moment


class OutcomeSettings(TenantModel):
    """Per municipality: what counts as the date of activation (the resident's first own step)."""

    activation_definition = models.CharField(
        _("definitie van activering"),
        max_length=20,
        choices=ActivationDefinition.choices,
        default=ActivationDefinition.RECORDED,
    )

    class Meta:
        verbose_name = _("instellingen uitkomsten")
        verbose_name_plural = _("instellingen uitkomsten")
        constraints = [models.UniqueConstraint(fields=["municipality"], name="unique_outcome_settings")]

    def __str__(self) -> str:
        return str(self.get_activation_definition_display())


class Trajectory(TenantModel):
    code = models.CharField(
        _("code"),
        max_length=20,
        help_text=_("Een pseudoniem, bijvoorbeeld HM-4K7Q2. Nooit een naam of BSN."),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("verantwoordelijke organisatie"),
        on_delete=models.PROTECT,
        related_name="trajectories",
    )
    neighbourhood = models.ForeignKey(
        "core.Neighbourhood", verbose_name=_("wijk"), on_delete=models.PROTECT, null=True, blank=True
    )
    age_band = models.CharField(_("leeftijdsgroep"), max_length=8, choices=AgeBand.choices)
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("professional"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    peer_worker = models.ForeignKey(
        "pool.PeerWorker",
        verbose_name=_("ervaringsdeskundige"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trajectories",
    )
    # The programme under which the resident is supported (issue 14): the programme filter of the
    # resident figures on the dashboard and in the evaluation report selects on it.
    programme = models.ForeignKey(
        "organisations.Programme",
        verbose_name=_("programma"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trajectories",
    )
    first_contact = models.DateField(_("eerste contact"))
    activation_date = models.DateField(_("datum activering"), null=True, blank=True)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    end_reason = models.CharField(_("reden einde"), max_length=20, choices=EndReason.choices, blank=True)
    organisations_before = models.PositiveSmallIntegerField(
        _("organisaties betrokken vóór de start"),
        default=0,
        help_text=_("Hoeveel organisaties waren al betrokken voordat de ervaringsdeskundige erbij kwam?"),
    )
    organisations_during = models.PositiveSmallIntegerField(
        _("organisaties betrokken tijdens het traject"), default=0
    )

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["-first_contact", "code"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="unique_trajectory_code"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("first_contact")),
                name="trajectory_end_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "first_contact"], name="trajectory_muni_contact"),
            models.Index(fields=["municipality", "organisation"], name="trajectory_muni_org"),
        ]

    def __str__(self) -> str:
        return self.code


class Measurement(TenantModel):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="measurements")
    moment = models.CharField(_("moment"), max_length=10, choices=Moment.choices)
    measured_on = models.DateField(_("datum meting"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_role = models.CharField(_("ingevuld door (rol)"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["measured_on", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "moment"],
                condition=~Q(moment="interim"),
                name="one_intake_and_one_end_per_trajectory",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trajectory.code} · {self.get_moment_display()} · {self.measured_on:%d-%m-%Y}"


class Score(TenantModel):
    """One item score of one measurement (long format, so aggregates are plain GROUP BYs)."""

    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="scores")
    instrument = models.CharField(_("instrument"), max_length=20, choices=Instrument.choices)
    item = models.CharField(_("onderdeel"), max_length=40)
    value = models.PositiveSmallIntegerField(_("score"))
    # Copied from the measurement, so the experience-survey aggregate needs no join (monitoring).
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="+", null=True)
    measured_on = models.DateField(null=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["measurement", "instrument", "item"], name="unique_score_item"),
        ]
        indexes = [
            models.Index(fields=["municipality", "instrument", "measured_on"], name="score_muni_instr_date")
        ]

    def __str__(self) -> str:
        return f"{self.instrument}.{self.item}={self.value}"


class OutcomeChange(TenantModel):
    """Materialised pair intake → end per item of a trajectory, kept by the measurement services.

    It carries the trajectory's filter keys (date of the end measurement, neighbourhood, organisation),
    so the dashboard's "change per domain" is one indexed GROUP BY, also over 100,000 trajectories.
    """

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="changes")
    instrument = models.CharField(max_length=20, choices=Instrument.choices)
    item = models.CharField(max_length=40)
    intake_value = models.PositiveSmallIntegerField()
    end_value = models.PositiveSmallIntegerField()
    end_on = models.DateField()
    neighbourhood = models.ForeignKey(
        "core.Neighbourhood", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("verandering intake-eind")
        verbose_name_plural = _("veranderingen intake-eind")
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "instrument", "item"], name="unique_change_item"),
        ]
        # On PostgreSQL, migration 0002 adds covering indexes (INCLUDE) for the dashboard's reads.
        indexes = [models.Index(fields=["municipality", "end_on"], name="change_muni_end")]

    def __str__(self) -> str:
        return f"{self.instrument}.{self.item}: {self.intake_value}→{self.end_value}"


class OutcomeMonthly(TenantModel):
    """Rollup of OutcomeChange per month of the end measurement, neighbourhood and item.

    Sums and counts only, so whole months of a dashboard period add up without touching the pairs;
    kept by outcomes.services.outcome_rollup_refresh. Small-number suppression happens when the
    dashboard reads the sums (monitoring.suppression), never here.
    """

    month = models.DateField()
    neighbourhood = models.ForeignKey(
        "core.Neighbourhood", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    instrument = models.CharField(max_length=20, choices=Instrument.choices)
    item = models.CharField(max_length=40)
    n = models.PositiveIntegerField()
    sum_intake = models.PositiveIntegerField()
    sum_end = models.PositiveIntegerField()
    better = models.PositiveIntegerField()
    paid = models.PositiveIntegerField()
    high = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("maandtotaal uitkomsten")
        verbose_name_plural = _("maandtotalen uitkomsten")
        indexes = [models.Index(fields=["municipality", "month"], name="outcome_monthly_muni_month")]

    def __str__(self) -> str:
        return f"{self.month:%m-%Y} {self.instrument}.{self.item}: {self.n}"
