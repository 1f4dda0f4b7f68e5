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
    aims = models.TextField(_("doelen van het programma"), blank=True)
    lessons = models.TextField(_("lessen uit de leerbijeenkomsten"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
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
            models.Index(fields=["municipality", "dimension", "month"], name="hours_monthly_dim_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m-%Y} {self.dimension}={self.key or '-'}: {self.minutes} min"
