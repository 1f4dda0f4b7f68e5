from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.models import TenantModel


class Invitation(TenantModel):
    """A one-time link (72 hours) where an invited person chooses a password.

    The link is never stored: it is a signature over the invitation id with a secret salt (`nonce`) and
    the server's SECRET_KEY, rebuilt when the e-mail is sent. Resending replaces the nonce, so an older
    link stops working; using it sets `used_at`, so it works once.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(_("e-mailadres"))
    nonce = models.CharField(max_length=64)
    expires_at = models.DateTimeField(_("geldig tot"))
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("vervangen of ingetrokken op"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{_('Uitnodiging')} {self.user}"
