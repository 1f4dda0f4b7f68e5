"""Invitation links: signed, never stored, checked with clear Dutch refusals."""

import datetime
import secrets
import uuid

from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Invitation

VALID_FOR = datetime.timedelta(hours=72)
SALT = "ervaringswerk.invitation:"


def new_nonce() -> str:
    return secrets.token_urlsafe(32)


def invitation_token(invitation: Invitation) -> str:
    return signing.Signer(salt=SALT + invitation.nonce).sign(str(invitation.pk))


def invitation_path(invitation_id: str) -> str:
    """The link as it goes into the e-mail (registered as the 'invitation' link builder)."""
    invitation = Invitation.objects.select_related("municipality").get(pk=invitation_id)
    return reverse(
        "invitations:accept",
        kwargs={"gemeente": invitation.municipality.slug, "token": invitation_token(invitation)},
    )


class InvitationRefused(Exception):
    def __init__(self, message: str, status: int = 410):
        super().__init__(message)
        self.message = message
        self.status = status


def invitation_check(*, gemeente: str, token: str, user=None, now=None) -> Invitation:
    """The invitation behind a link, or InvitationRefused saying why not (in words the person can act on)."""
    now = now or timezone.now()
    invalid = InvitationRefused(
        _(
            "Deze uitnodigingslink klopt niet. Controleer of u de hele link uit de e-mail gebruikt, of vraag "
            "de beheerder van uw gemeente om een nieuwe uitnodiging."
        ),
        status=404,
    )
    pk, sep, _signature = (token or "").partition(":")
    if not sep:
        raise invalid
    try:
        invitation = Invitation.objects.select_related("municipality", "user").get(pk=uuid.UUID(pk))
    except (Invitation.DoesNotExist, ValueError) as exc:
        raise invalid from exc
    try:
        signing.Signer(salt=SALT + invitation.nonce).unsign(token)
    except signing.BadSignature as exc:
        newer = Invitation.objects.filter(user_id=invitation.user_id, created_at__gt=invitation.created_at)
        if invitation.revoked_at or newer.exists():
            raise InvitationRefused(
                _(
                    "Deze link is vervangen door een nieuwere uitnodiging. "
                    "Gebruik de link uit de laatste e-mail."
                )
            ) from exc
        raise invalid from exc
    if invitation.municipality.slug != gemeente:
        raise InvitationRefused(
            _(
                "Deze uitnodiging hoort bij een andere gemeente dan in de link staat. "
                "Gebruik de link precies zoals hij in de e-mail staat."
            ),
            status=404,
        )
    if user is not None and user.is_authenticated and user.pk != invitation.user_id:
        raise InvitationRefused(
            _(
                "U bent ingelogd als iemand anders dan de persoon die is uitgenodigd. Log eerst uit en open "
                "de link daarna opnieuw."
            ),
            status=403,
        )
    if invitation.used_at:
        raise InvitationRefused(
            _(
                "Deze uitnodiging is al gebruikt: een link werkt maar één keer. Log in met uw "
                "gebruikersnaam en wachtwoord. Wachtwoord vergeten? Vraag de beheerder van uw gemeente "
                "om een nieuwe uitnodiging."
            )
        )
    if invitation.revoked_at:
        raise InvitationRefused(
            _("Deze uitnodiging is ingetrokken of vervangen. Gebruik de link uit de laatste e-mail.")
        )
    if invitation.expires_at <= now:
        raise InvitationRefused(
            _(
                "Deze uitnodiging is verlopen: een link is 72 uur geldig. Vraag de beheerder van gemeente "
                "%(name)s om een nieuwe uitnodiging."
            )
            % {"name": invitation.municipality.name}
        )
    return invitation
