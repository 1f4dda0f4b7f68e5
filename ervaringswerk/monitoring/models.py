"""Monitoring's tables: a job record for an evaluation report being generated, and the hours rollup.

Generation runs outside the request (a background thread here; a worker queue in production, see
docs/monitoring-and-evaluation.md); the page polls the record's status and progress.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.models import TenantModel


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    RUNNING = "running", _("Bezig")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")


class EvaluationReport(TenantModel):
    programme_ref = models.UUIDField(_("programma"), null=True, blank=True)
    title = models.CharField(_("titel"), max_length=200)
    period_start = models.DateField(_("van"))
    period_end = models.DateField(_("tot en met"))
    neighbourhood = models.ForeignKey(
        "core.Neighbourhood", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aims = models.TextField(_("doelen van het programma"), max_length=5000, blank=True)
    lessons = models.TextField(_("lessen uit de leerbijeenkomsten"), max_length=5000, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The disclosure rule the report was made with (suppression.Audience): a report with the funder's
    # exact work figures is only shown to viewers who may read them exactly.
    audience = models.CharField(_("afscherming voor"), max_length=20, default="public")
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    step = models.CharField(_("stap"), max_length=200, blank=True)
    error = models.CharField(_("fout"), max_length=300, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    xlsx = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("evaluatierapport")
        verbose_name_plural = _("evaluatierapporten")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)


class HoursDimension(models.TextChoices):
    PROGRAMME = "programme", _("Programma")
    ORGANISATION = "organisation", _("Organisatie (waarvoor gewerkt)")
    KIND = "kind", _("Soort werk")
    NEIGHBOURHOOD = "neighbourhood", _("Wijk")


class HoursMonthly(TenantModel):
    """Monthly rollup of the counting time entries: minutes per month, peer worker, dimension and key.

    One row per (month, peer worker, dimension, key) with at least one counting entry: `key` is the
    programme, the organisation worked for (partner, else the peer worker's own organisation), the kind
    of work or the neighbourhood (through the assignment's request), as text; "" for none. The peer is
    kept so that the dashboard can count *distinct* peer workers over any run of whole months (for
    suppression). Kept in step by `services.hours_rollup_refresh`, which the signal receivers call on
    every write of a time entry, and rebuilt by `manage.py monitoring_hours_rollup` after bulk loads.
    Read only through `selectors`, whose outputs are suppressed like every other aggregate.
    """

    month = models.DateField(_("maand"))
    peer = models.ForeignKey("pool.PeerWorker", on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(_("indeling"), max_length=20, choices=HoursDimension.choices)
    key = models.CharField(_("sleutel"), max_length=40, blank=True)
    minutes = models.PositiveIntegerField(_("minuten"))

    class Meta:
        verbose_name = _("uren per maand (rollup)")
        verbose_name_plural = _("uren per maand (rollup)")
        constraints = [
            models.UniqueConstraint(fields=["peer", "month", "dimension", "key"], name="hours_monthly_unique")
        ]
        indexes = [
            # covering (PostgreSQL): the dashboard's reads are index-only scans, no visit to the table
            models.Index(
                fields=["municipality", "dimension", "month"],
                include=["peer", "key", "minutes"],
                name="hours_monthly_dim_month_cov",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m-%Y} {self.dimension}={self.key or '-'}: {self.minutes} min"


MONTH_FIELDS = tuple(f"minutes_{month:02d}" for month in range(1, 13))


class HoursYearly(TenantModel):
    """The monthly hours rollup folded per calendar year: one row per (year, peer worker, dimension, key).

    `months` is a 12-bit mask of the months with counting minutes (bit 0 = January) and `minutes_01` ..
    `minutes_12` are that row's minutes per month. The dashboard counts *distinct* peer workers per key
    over a run of whole months: from this table that reads one row per peer worker and key per year
    touched (those whose mask meets the period's months) instead of one per month, about a fifth of the
    rows for twelve months. Derived from HoursMonthly by `services.hours_rollup_refresh` for the same
    peer workers and years, so it is kept in step by the same signal receivers and rebuilt by the same
    command; stale rows get mask 0 and are ignored. Read only through `selectors`.
    """

    year = models.PositiveSmallIntegerField(_("jaar"))
    peer = models.ForeignKey("pool.PeerWorker", on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(_("indeling"), max_length=20, choices=HoursDimension.choices)
    key = models.CharField(_("sleutel"), max_length=40, blank=True)
    months = models.PositiveIntegerField(_("maanden (bitmasker)"), default=0)
    minutes_01 = models.PositiveIntegerField(default=0)
    minutes_02 = models.PositiveIntegerField(default=0)
    minutes_03 = models.PositiveIntegerField(default=0)
    minutes_04 = models.PositiveIntegerField(default=0)
    minutes_05 = models.PositiveIntegerField(default=0)
    minutes_06 = models.PositiveIntegerField(default=0)
    minutes_07 = models.PositiveIntegerField(default=0)
    minutes_08 = models.PositiveIntegerField(default=0)
    minutes_09 = models.PositiveIntegerField(default=0)
    minutes_10 = models.PositiveIntegerField(default=0)
    minutes_11 = models.PositiveIntegerField(default=0)
    minutes_12 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("uren per jaar (rollup)")
        verbose_name_plural = _("uren per jaar (rollup)")
        constraints = [
            models.UniqueConstraint(fields=["peer", "year", "dimension", "key"], name="hours_yearly_unique")
        ]
        indexes = [models.Index(fields=["municipality", "year", "dimension"], name="hours_yearly_year_dim")]

    def __str__(self) -> str:
        return f"{self.year} {self.dimension}={self.key or '-'}: {self.months:012b}"
