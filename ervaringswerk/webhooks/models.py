"""Webhook subscriptions and their deliveries (docs/api.md, "Gebeurtenissen (webhooks)").

A delivery carries ids and links only (never special-category data): the receiver reads the rest through
the API with its own rights."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.models import TenantModel

# CloudEvents `type` = TYPE_PREFIX + kind (reverse-DNS, as the CloudEvents spec recommends).
TYPE_PREFIX = "nl.ervaringswerk."


class EventKind(models.TextChoices):
    REQUEST_SUBMITTED = "deployment-request.submitted", _("Verzoek ingediend")
    OFFER_ACCEPTED = "offer.accepted", _("Aanbod geaccepteerd")
    OFFER_DECLINED = "offer.declined", _("Aanbod afgewezen")
    ASSIGNMENT_STARTED = "assignment.started", _("Inzet gestart")
    ASSIGNMENT_ENDED = "assignment.ended", _("Inzet beëindigd")
    TIME_ENTRY_APPROVED = "time-entry.approved", _("Uren goedgekeurd")
    STATEMENT_ISSUED = "hire-out-statement.issued", _("Urenstaat uitgegeven")
    REPORT_READY = "evaluation-report.ready", _("Evaluatierapport klaar")


class WebhookSubscription(TenantModel):
    """An endpoint of another system that wants to hear about some kinds of event in this municipality."""

    name = models.CharField(_("naam"), max_length=100)
    url = models.URLField(_("adres (URL)"), max_length=500)
    kinds = models.JSONField(_("soorten gebeurtenissen"), default=list)
    # The signing key: stored as it is, because the server must compute the signature with it (a digest
    # would not do). Shown once, at creation or rotation; never in a page or an API answer afterwards.
    secret = models.CharField(_("geheim"), max_length=100, editable=False)
    is_active = models.BooleanField(_("actief"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "created_at"]
        verbose_name = _("webhookabonnement")
        verbose_name_plural = _("webhookabonnementen")

    def __str__(self) -> str:
        return self.name


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("wacht op (nieuwe) poging")
    DELIVERED = "delivered", _("afgeleverd")
    FAILED = "failed", _("opgegeven")


class WebhookDelivery(TenantModel):
    """One event for one subscription. `id` is the delivery's idempotency key (header `webhook-id`);
    `event_id` is the CloudEvents `id`, the same for every subscription that gets this event."""

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField(default=uuid.uuid4, editable=False)
    kind = models.CharField(_("soort"), max_length=40, choices=EventKind.choices)
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("bericht"))  # the CloudEvent exactly as sent, the same bytes on every attempt
    status = models.CharField(
        _("status"), max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("laatste poging"), null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(_("antwoordcode"), null=True, blank=True)
    error = models.CharField(_("fout"), max_length=200, blank=True)
    delivered_at = models.DateTimeField(_("afgeleverd op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webhookaflevering")
        verbose_name_plural = _("webhookafleveringen")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhooks_due_idx")]
