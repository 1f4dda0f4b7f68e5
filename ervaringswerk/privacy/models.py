"""Retention terms per municipality and the register of erasures."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.models import TenantModel

# Documented defaults (docs/dpia.md): months after the moment named per category.
DEFAULT_TERMS = {
    "check_ins_months": 12,
    "closed_trajectories_months": 24,
    "departed_peer_workers_months": 24,
    "audit_events_months": 60,
    "hours_months": 84,
}
# Fiscal retention (art. 52 AWR): hours and issued statements at least 7 years. The audit log at least
# 12 months (also enforced by the database, audit migration 0004).
MINIMUM_HOURS_MONTHS = 84
MINIMUM_AUDIT_MONTHS = 12


class RetentionPolicy(TenantModel):
    """A municipality's retention terms. Without a row, DEFAULT_TERMS apply."""

    check_ins_months = models.PositiveSmallIntegerField(
        _("check-ins (maanden na de datum)"),
        default=DEFAULT_TERMS["check_ins_months"],
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    closed_trajectories_months = models.PositiveSmallIntegerField(
        _("afgesloten trajecten (maanden na de einddatum)"),
        default=DEFAULT_TERMS["closed_trajectories_months"],
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    departed_peer_workers_months = models.PositiveSmallIntegerField(
        _("vertrokken ervaringsdeskundigen (maanden na vertrek)"),
        default=DEFAULT_TERMS["departed_peer_workers_months"],
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    audit_events_months = models.PositiveSmallIntegerField(
        _("auditlog (maanden)"),
        default=DEFAULT_TERMS["audit_events_months"],
        validators=[MinValueValidator(MINIMUM_AUDIT_MONTHS), MaxValueValidator(360)],
    )
    hours_months = models.PositiveSmallIntegerField(
        _("uren en urenstaten (maanden na de datum)"),
        default=DEFAULT_TERMS["hours_months"],
        validators=[MinValueValidator(MINIMUM_HOURS_MONTHS), MaxValueValidator(360)],
    )

    class Meta:
        verbose_name = _("bewaartermijnen")
        verbose_name_plural = _("bewaartermijnen")
        constraints = [
            models.UniqueConstraint(fields=["municipality"], name="one_retention_policy_per_municipality"),
            models.CheckConstraint(
                condition=models.Q(hours_months__gte=MINIMUM_HOURS_MONTHS),
                name="retention_hours_fiscal_minimum",
            ),
            models.CheckConstraint(
                condition=models.Q(audit_events_months__gte=MINIMUM_AUDIT_MONTHS),
                name="retention_audit_minimum",
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class ErasureKind(models.TextChoices):
    PEER_WORKER = "peer_worker", _("Ervaringsdeskundige")
    TRAJECTORY = "trajectory", _("Traject")


class Erasure(TenantModel):
    """That an object was erased, when, and why (request or retention). Holds no personal data."""

    kind = models.CharField(_("soort"), max_length=20, choices=ErasureKind.choices)
    object_id = models.UUIDField(_("object-id"))
    pseudonym = models.CharField(_("pseudoniem"), max_length=30)
    by_retention = models.BooleanField(_("door bewaartermijn"), default=False)

    class Meta:
        verbose_name = _("wissing")
        verbose_name_plural = _("wissingen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kind", "object_id"], name="erase_once"),
        ]

    def __str__(self) -> str:
        return self.pseudonym
