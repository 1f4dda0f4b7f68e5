"""Peer workers (ervaringsdeskundigen) in a pool. Issue 3 extends this with lived experience and
disclosure, boundaries, growth and check-ins."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.models import TenantModel


class PeerStatus(models.TextChoices):
    ACTIVE = "active", _("Actief")
    PAUSED = "paused", _("Gepauzeerd")
    LEFT = "left", _("Vertrokken")


class PeerWorker(TenantModel):
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
    status = models.CharField(
        _("status"), max_length=20, choices=PeerStatus.choices, default=PeerStatus.ACTIVE
    )
    weekly_hours = models.DecimalField(
        _("beschikbare uren per week"), max_digits=4, decimal_places=1, default=0
    )
    max_residents = models.PositiveSmallIntegerField(_("maximaal aantal bewoners tegelijk"), default=0)

    class Meta:
        verbose_name = _("ervaringsdeskundige")
        verbose_name_plural = _("ervaringsdeskundigen")
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["municipality", "status"], name="peer_muni_status")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"
