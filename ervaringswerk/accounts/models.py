import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS

from ervaringswerk.core.models import TenantModel
from ervaringswerk.core.tenancy import Role

__all__ = ["Membership", "Role", "User"]  # Role lives in the kernel; this name stays for old imports


# django-stubs cannot type the reverse manager of knox's untyped token base (ApiToken.user): ignored.
class User(AbstractUser):  # type: ignore[django-manager-missing]
    """A login. What the user may do comes from memberships, never from the user row alone.

    A superuser is the platform host's administrator: tenants, users and reference data, not personal files.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Kept in step by accounts.services (enrolment, removal) so that no request needs a query to know
    # whether a session still has to pass the code step; part of the session hash (below).
    second_factor_enabled = models.BooleanField(_("tweestapsverificatie aan"), default=False, editable=False)

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret=None) -> str:
        # Django's hash of the password, plus a marker once a second factor is on: turning 2FA on or off
        # ends the user's other sessions, as a password change does (the current one is kept by
        # update_session_auth_hash). Without 2FA the hash is Django's own, so no session is lost on upgrade.
        value = self.password + ("|2fa" if self.second_factor_enabled else "")
        return salted_hmac(
            "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
            value,
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class Membership(TenantModel):
    """A user's role in an organisation. The municipality always equals the organisation's."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


class ApiToken(AbstractAuthToken):
    """A personal API token (django-rest-knox). Only a SHA-512 digest of the token is stored, with its
    first 15 characters (the `ew_` prefix and 12 of its 64 random hex digits) to find the row; the token
    itself is shown once, on creation, and can never be read back by anyone, the platform host included.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    digest = models.CharField(max_length=CONSTANTS.DIGEST_LENGTH, unique=True, editable=False)
    name = models.CharField(_("naam"), max_length=100)

    class Meta:
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.token_key[:9]}…)"

    @property
    def is_expired(self) -> bool:
        return self.expiry is not None and self.expiry <= timezone.now()

    @property
    def prefix(self) -> str:
        """What the owner sees to recognise a token: 'ew_' and its first six hex digits."""
        return self.token_key[:9]


class RetiredApiTokenNotice(models.Model):
    """A token of the old kind (stored readable) that migration accounts 0003 invalidated: its owner is
    told on the token page, until they create a new one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_created = models.DateTimeField(_("token gemaakt op"), null=True)
    retired_at = models.DateTimeField(_("ongeldig gemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("melding ingetrokken API-token")
        verbose_name_plural = _("meldingen ingetrokken API-tokens")

    def __str__(self) -> str:
        return f"{self.user} · {self.retired_at:%Y-%m-%d}"
