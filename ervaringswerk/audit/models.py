"""The audit log (NEN 7513 style): who did or saw what, when, from which organisation.

Rows are append-only. The model refuses updates and deletes; on PostgreSQL a trigger refuses them too
(migration 0002), so not even a raw query through the application's own connection can rewrite history.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("aangemaakt")
    UPDATE = "update", _("gewijzigd")
    DELETE = "delete", _("verwijderd")
    VIEW = "view", _("bekeken")
    EXPORT = "export", _("geëxporteerd")
    LOGIN = "login", _("ingelogd")
    LOGIN_FAILED = "login_failed", _("inlogpoging mislukt")
    LOGOUT = "logout", _("uitgelogd")
    LIST = "list", _("lijst bekeken")
    ERASE = "erase", _("gewist")
    RETENTION = "retention", _("bewaartermijn toegepast")
    # Sign-in security (accounts): the second factor and passwords.
    TWO_FACTOR_ENABLED = "2fa_enabled", _("tweestapsverificatie ingesteld")
    TWO_FACTOR_DISABLED = "2fa_disabled", _("tweestapsverificatie verwijderd")
    TWO_FACTOR_FAILED = "2fa_failed", _("verkeerde code bij inloggen")
    RECOVERY_CODE_USED = "recovery_code_used", _("herstelcode gebruikt")
    RECOVERY_CODES_RENEWED = "recovery_renewed", _("nieuwe herstelcodes gemaakt")
    PASSKEY_ADDED = "passkey_added", _("passkey toegevoegd")
    PASSKEY_REMOVED = "passkey_removed", _("passkey verwijderd")
    PASSKEY_USED = "passkey_used", _("ingelogd met passkey")
    PASSWORD_CHANGED = "password_changed", _("wachtwoord gewijzigd")
    PASSWORD_RESET_REQUESTED = "reset_requested", _("wachtwoordherstel aangevraagd")
    PASSWORD_RESET = "password_reset", _("wachtwoord hersteld via e-mail")
    PASSWORD_RESET_LIMITED = "reset_limited", _("wachtwoordherstel begrensd (geen e-mail)")


class AuditImmutableError(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutableError("Audit events cannot be changed.")

    def delete(self):
        raise AuditImmutableError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Nullable only for platform-level events (a platform administrator's login, a new tenant).
    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A default rather than auto_now_add so the retention tests can write events of years ago.
    timestamp = models.DateTimeField(_("tijdstip"), default=timezone.now, editable=False, db_index=True)
    # No database constraint and no cascade: deleting a user or an organisation must never UPDATE or
    # DELETE audit rows (the triggers refuse both). The snapshots below keep who it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker (login)"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_username = models.CharField(_("gebruiker"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie (koppeling)"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation_name = models.CharField(_("organisatie"), max_length=150, blank=True)
    role = models.CharField(_("rol"), max_length=30, blank=True)
    action = models.CharField(_("actie"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("soort object"), max_length=100, blank=True)
    object_id = models.CharField(_("object-id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    # Names of changed fields only: values may be special-category personal data.
    changed_fields = models.JSONField(_("gewijzigde velden"), default=list, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    path = models.CharField(_("adres"), max_length=300, blank=True)
    channel = models.CharField(_("kanaal"), max_length=20, blank=True)  # web, api, command
    # For list reads and exports: {"count": n, "ids": [...] (first 100), "filters": {name: value}}.
    # Built only by audit.services, which keeps free-text filter values out (see _safe_filters).
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-timestamp"]
        # Related-object access and deletion collectors use the base manager: make it refuse too.
        base_manager_name = "objects"
        indexes = [
            models.Index(fields=["municipality", "-timestamp"], name="audit_muni_time"),
            # Counting recent events of one kind (the reset-mail limit, accounts.services).
            models.Index(fields=["action", "-timestamp"], name="audit_action_time"),
        ]

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditImmutableError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError("Audit events cannot be deleted.")
