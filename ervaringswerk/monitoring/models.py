"""The only table of monitoring: a job record for an evaluation report being generated.

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
