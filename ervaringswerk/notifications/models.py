"""Notifications: one row per event per person (in-app list `/meldingen/`), e-mailed once when the
person wants e-mail for that kind. The unique (recipient, key) makes sending idempotent: the same event
can be reported any number of times, the person hears about it once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.models import TenantModel


class NotificationKind(models.TextChoices):
    OFFER_NEW = "offer_new", _("Nieuw aanbod")
    OFFER_ANSWERED = "offer_answered", _("Aanbod geaccepteerd of afgewezen")
    HOURS_RETURNED = "hours_returned", _("Uren teruggegeven")
    AGREEMENT_REVIEW = "agreement_review", _("Evaluatiedatum van een werkafspraak nadert")
    INTERVISION_OVERDUE = "intervision_overdue", _("Intervisie achterstallig")
    SESSION_UPCOMING = "session_upcoming", _("Herinnering aan een bijeenkomst")
    INVITATION = "invitation", _("Uitnodigingen")
    API_TOKEN = "api_token", _("API-tokens")
    PRECONDITIONS_ROUND = "preconditions_round", _("Rondes randvoorwaarden")


# Kinds whose e-mail a person cannot switch off: without it they could never log in.
ALWAYS_EMAIL = frozenset({NotificationKind.INVITATION})


class Notification(TenantModel):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("soort"), max_length=30, choices=NotificationKind.choices)
    # The event's identity, e.g. "offer:<id>:new". Never personal data: it is an id and a verb.
    key = models.CharField(_("sleutel"), max_length=200)
    title = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("bericht"), blank=True)
    url = models.CharField(_("adres"), max_length=300, blank=True)
    # A link that must not be stored (an invitation link is a credential): built at delivery time by a
    # registered builder from `subject_id` (notifications.registry), so a background worker can do it too.
    link_builder = models.CharField(max_length=60, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("gemaild op"), null=True, blank=True)
    email_skipped = models.CharField(_("niet gemaild omdat"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="unique_notification_per_event"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class NotificationPreference(TenantModel):
    """A person's choice per kind: e-mail on or off (the in-app list always shows everything)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("soort"), max_length=30, choices=NotificationKind.choices)
    email = models.BooleanField(_("ook per e-mail"), default=True)

    class Meta:
        verbose_name = _("meldingsvoorkeur")
        verbose_name_plural = _("meldingsvoorkeuren")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "kind"], name="unique_notification_preference"
            ),
        ]
