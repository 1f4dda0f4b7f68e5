"""Requests for deployment (inzetverzoeken). Issue 4 extends this with matching, offers and agreements."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.models import TenantModel
from ervaringswerk.core.reference import DeploymentKind


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    OPEN = "open", _("Open")
    OFFERED = "offered", _("Aangeboden")
    MATCHED = "matched", _("Gematcht")
    ACTIVE = "active", _("Actief")
    ENDED = "ended", _("Afgerond")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


class Urgency(models.IntegerChoices):
    NORMAL = 1, _("Normaal")
    SOON = 2, _("Snel")
    URGENT = 3, _("Dringend")


class DeploymentRequest(TenantModel):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("aanvragende organisatie"),
        on_delete=models.PROTECT,
        related_name="deployment_requests",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("soort inzet"), max_length=40, choices=DeploymentKind.choices)
    title = models.CharField(_("titel"), max_length=150)
    neighbourhood = models.ForeignKey(
        "core.Neighbourhood", verbose_name=_("wijk"), on_delete=models.PROTECT, null=True, blank=True
    )
    hours_per_week = models.DecimalField(_("uren per week"), max_digits=4, decimal_places=1, default=2)
    urgency = models.PositiveSmallIntegerField(_("urgentie"), choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.DRAFT
    )

    class Meta:
        verbose_name = _("inzetverzoek")
        verbose_name_plural = _("inzetverzoeken")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["municipality", "status"], name="request_muni_status")]

    def __str__(self) -> str:
        return self.title


class AssignmentStatus(models.TextChoices):
    MATCHED = "matched", _("Gematcht")
    ACTIVE = "active", _("Actief")
    ENDED = "ended", _("Afgerond")
    CANCELLED = "cancelled", _("Geannuleerd")


# Assignments in these statuses take up a peer worker's hours (and, for individual support, a resident slot).
LOAD_STATUSES = (AssignmentStatus.MATCHED, AssignmentStatus.ACTIVE)


class Assignment(TenantModel):
    """A peer worker deployed on a request (inzet): created when the peer worker accepts an offer."""

    request = models.ForeignKey(
        DeploymentRequest, verbose_name=_("verzoek"), on_delete=models.PROTECT, related_name="assignments"
    )
    peer = models.ForeignKey(
        "pool.PeerWorker",
        verbose_name=_("ervaringsdeskundige"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    hours_per_week = models.DecimalField(_("uren per week"), max_digits=4, decimal_places=1)
    status = models.CharField(
        _("status"), max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.MATCHED
    )
    # Pseudonymous code of the resident (individual support only); never a name or BSN.
    resident_code = models.CharField(_("bewonerscode"), max_length=20, blank=True)
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)

    class Meta:
        verbose_name = _("inzet")
        verbose_name_plural = _("inzetten")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["municipality", "status"], name="assignment_muni_status"),
            models.Index(fields=["peer", "status"], name="assignment_peer_status"),
        ]

    def __str__(self) -> str:
        return f"{self.peer} · {self.request}"
