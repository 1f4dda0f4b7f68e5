from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.exceptions import OTPWebAuthnApiError
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential
from webauthn.helpers.exceptions import WebAuthnException

from ervaringswerk.audit.models import AuditAction
from ervaringswerk.audit.selectors import audit_recent_count
from ervaringswerk.audit.services import audit_record
from ervaringswerk.core.tenancy import Viewer

if TYPE_CHECKING:
    from ervaringswerk.organisations.models import Organisation

from .models import ApiToken, Membership, RetiredApiTokenNotice, User
from .viewer import viewer_for


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_superuser: bool = False,
) -> User:
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def membership_create(*, user: User, organisation: Organisation, role: str) -> Membership:
    # The municipality always follows the organisation: a membership can never straddle two tenants.
    membership = Membership(
        user=user, organisation=organisation, role=role, municipality=organisation.municipality
    )
    membership.full_clean()
    membership.save()
    return membership


class ApiTokenRefused(Exception):
    """Creating a token is not allowed now; the message says why, in Dutch."""


def api_token_expiry() -> timedelta:
    return timedelta(days=settings.EW_API_TOKEN_DAYS)


@transaction.atomic
def api_token_create(*, viewer: Viewer, name: str) -> tuple[ApiToken, str]:
    """A new personal token. Returns the row and the token itself, which exists only in this return
    value: the database keeps its digest. The caller shows it once."""
    name = (name or "").strip()
    if not name:
        raise ApiTokenRefused(_("Geef het token een naam, zodat u het later herkent."))
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ApiTokenRefused(_("De naam is te lang (hoogstens 100 tekens)."))
    # Lock the user's row so two parallel requests cannot both pass the limit.
    User.objects.select_for_update().filter(pk=viewer.user.pk).first()
    if ApiToken.objects.filter(user=viewer.user).count() >= settings.EW_API_TOKEN_MAX_PER_USER:
        raise ApiTokenRefused(
            _("U heeft al %(n)s API-tokens. Trek er eerst een in.")
            % {"n": settings.EW_API_TOKEN_MAX_PER_USER}
        )
    api_token, key = ApiToken.objects.create(user=viewer.user, expiry=api_token_expiry(), name=name)
    RetiredApiTokenNotice.objects.filter(user=viewer.user).delete()
    audit_record(action=AuditAction.CREATE, obj=api_token, viewer=viewer, changed_fields=["name", "expiry"])
    return api_token, key


def api_token_list(*, viewer: Viewer) -> QuerySet[ApiToken]:
    """The viewer's own tokens; nobody sees another person's tokens."""
    return ApiToken.objects.filter(user=viewer.user).order_by("-created")


@transaction.atomic
def api_token_revoke(*, viewer: Viewer, token_id: object) -> bool:
    """Delete one of the viewer's own tokens; it stops working at once. False when there is no such
    token of theirs (another person's token id is treated as unknown)."""
    api_token = ApiToken.objects.filter(user=viewer.user, pk=token_id).first()
    if api_token is None:
        return False
    audit_record(action=AuditAction.DELETE, obj=api_token, viewer=viewer)
    api_token.delete()
    return True


# --- passwords (the change itself is Django's; these record it) ---------------------------------------


def password_change_record(*, user: User) -> None:
    """The user changed their own password while signed in."""
    audit_record(action=AuditAction.PASSWORD_CHANGED, obj=user, viewer=viewer_for(user))


def password_reset_request_record(*, user: User) -> None:
    """A reset link was mailed for this account (only known accounts get one, and an event)."""
    audit_record(action=AuditAction.PASSWORD_RESET_REQUESTED, obj=user, viewer=viewer_for(user))


RESET_WINDOW = timedelta(hours=1)


@transaction.atomic
def password_reset_mail_permit(*, user: User, client_ip: str | None) -> bool:
    """May a reset link be mailed to this account now? At most EW_PASSWORD_RESET_MAILS_PER_ADDRESS mails
    per e-mail address (all accounts with it) and EW_PASSWORD_RESET_MAILS_PER_IP per client address in
    the last hour, counted in the audit log's "reset requested" events. Yes: the event is written (the mail
    follows). No: a "reset limited" event says which limit, and nothing is mailed. The page answers the
    same either way (accounts.views.PasswordResetView)."""
    # Lock the accounts of this address, so parallel requests for it are counted one after another.
    same_address = list(
        User.objects.select_for_update().filter(email__iexact=user.email).values_list("pk", flat=True)
    )
    since = timezone.now() - RESET_WINDOW
    by_address = audit_recent_count(
        action=AuditAction.PASSWORD_RESET_REQUESTED,
        since=since,
        object_type=User._meta.label_lower,
        object_ids=[str(pk) for pk in same_address],
    )
    limit = ""
    if by_address >= settings.EW_PASSWORD_RESET_MAILS_PER_ADDRESS:
        limit = "address"
    elif client_ip and (
        audit_recent_count(action=AuditAction.PASSWORD_RESET_REQUESTED, since=since, ip_address=client_ip)
        >= settings.EW_PASSWORD_RESET_MAILS_PER_IP
    ):
        limit = "ip"
    if limit:
        audit_record(
            action=AuditAction.PASSWORD_RESET_LIMITED,
            obj=user,
            viewer=viewer_for(user),
            details={"limit": limit},
        )
        return False
    password_reset_request_record(user=user)
    return True


def password_reset_record(*, user: User) -> None:
    """A new password was set through a reset link (the holder of the mailbox acted as the user)."""
    audit_record(action=AuditAction.PASSWORD_RESET, obj=user, viewer=viewer_for(user))


# --- second factor (django-otp: one TOTP app and a set of one-time recovery codes per user) -------------

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "Authenticator-app"
RECOVERY_NAME = "Herstelcodes"


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of a code typed after the password: the device that accepted it, or why not."""

    device: object | None = None
    wait_seconds: int = 0  # > 0: too many wrong codes, try again after this

    @property
    def ok(self) -> bool:
        return self.device is not None


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())[:16]


@transaction.atomic
def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """The unconfirmed TOTP device whose key the enrolment page shows; the same one on every reload."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _set_enabled(user: User, enabled: bool) -> None:
    # A queryset update: the 2FA event below is the record, not a generic "user changed" line.
    User.objects.filter(pk=user.pk).update(second_factor_enabled=enabled)
    user.second_factor_enabled = enabled


@transaction.atomic
def totp_enrolment_confirm(*, user: User, code: str) -> tuple[TOTPDevice | None, list[str]]:
    """Confirm the app with a code it shows. Returns the device and the new recovery codes (shown once),
    or (None, []) for a wrong code."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("id").first()
    if device is None or not device.verify_token(normalise_code(code)):
        audit_record(
            action=AuditAction.TWO_FACTOR_FAILED,
            obj=user,
            viewer=viewer_for(user),
            details={"step": "enrolment"},
        )
        return None, []
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    _set_enabled(user, True)
    audit_record(action=AuditAction.TWO_FACTOR_ENABLED, obj=user, viewer=viewer_for(user))
    return device, codes


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    """A new set of recovery codes; the old ones stop working."""
    codes = _new_recovery_codes(user)
    audit_record(action=AuditAction.RECOVERY_CODES_RENEWED, obj=user, viewer=viewer_for(user))
    return codes


@transaction.atomic
def second_factor_remove(*, user: User, viewer: Viewer | None = None) -> None:
    """Remove the app and the recovery codes (by the user, or by the platform administrator for a lost
    phone). Other sessions of the user end (the session hash changes)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    WebAuthnCredential.objects.filter(user=user).delete()  # passkeys come on top of the app: they go too
    _set_enabled(user, False)
    audit_record(action=AuditAction.TWO_FACTOR_DISABLED, obj=user, viewer=viewer or viewer_for(user))


@transaction.atomic
def second_factor_check(*, user: User, code: str) -> CodeCheck:
    """Check a code typed after the password: the app's current code or one unused recovery code.

    Wrong codes are audited and slow the next try down (1, 2, 4 ... seconds, django-otp's throttling);
    a used recovery code is gone and audited with the number left."""
    token = normalise_code(code)
    # Six digits go to the app; anything else is a recovery code (8 letters and digits).
    is_recovery = not (len(token) == 6 and token.isdigit())
    model = StaticDevice if is_recovery else TOTPDevice
    for device in model.objects.select_for_update().filter(user=user, confirmed=True).order_by("id"):
        allowed, data = device.verify_is_allowed()
        if not allowed:
            until = (data or {}).get("locked_until")
            wait = int((until - timezone.now()).total_seconds()) + 1 if until else 1
            return CodeCheck(wait_seconds=max(1, wait))
        if device.verify_token(token):
            if is_recovery:
                audit_record(
                    action=AuditAction.RECOVERY_CODE_USED,
                    obj=user,
                    viewer=viewer_for(user),
                    details={"left": device.token_set.count()},
                )
            return CodeCheck(device=device)
    audit_record(
        action=AuditAction.TWO_FACTOR_FAILED, obj=user, viewer=viewer_for(user), details={"step": "login"}
    )
    return CodeCheck()


# --- passkeys (django-otp-webauthn): a further second factor for a user who has the app already ---------

PASSKEY_MAX_PER_USER = 10


class PasskeyRefused(Exception):
    """A passkey ceremony that does not go on; the message (Dutch) is for the person."""


def _passkey_refusal(error: Exception) -> PasskeyRefused:
    # The package's API errors carry a translated message; py_webauthn's say what failed in English
    # (signature, origin, challenge): the person gets one Dutch sentence, the details stay out of the page.
    if isinstance(error, OTPWebAuthnApiError) and error.code == "credential_not_found":
        return PasskeyRefused(_("Deze passkey kennen we niet (meer) voor uw account."))
    return PasskeyRefused(_("De passkey kon niet worden gecontroleerd. Probeer het opnieuw."))


def passkey_register_begin(*, user: User, helper: WebAuthnHelper) -> tuple[dict, dict]:
    """Options for the browser to make a passkey, and the state (challenge) for the session. Only for a
    user with a second factor: a passkey is one more way to pass the code step, recovery codes included."""
    if not user.second_factor_enabled:
        raise PasskeyRefused(
            _("Zet eerst tweestapsverificatie met een app aan; daarna kunt u een passkey toevoegen.")
        )
    if WebAuthnCredential.objects.filter(user=user).count() >= PASSKEY_MAX_PER_USER:
        raise PasskeyRefused(
            _("U heeft al %(n)s passkeys. Verwijder er eerst een.") % {"n": PASSKEY_MAX_PER_USER}
        )
    return helper.register_begin(user=user)


@transaction.atomic
def passkey_register_complete(
    *, user: User, helper: WebAuthnHelper, state: dict, data: dict
) -> WebAuthnCredential:
    """Check the browser's answer against the state and store the passkey (public key only)."""
    if not user.second_factor_enabled:
        raise PasskeyRefused(
            _("Zet eerst tweestapsverificatie met een app aan; daarna kunt u een passkey toevoegen.")
        )
    try:
        credential = helper.register_complete(user=user, state=state, data=data)
    except (OTPWebAuthnApiError, WebAuthnException, ValueError, KeyError, TypeError) as error:
        raise _passkey_refusal(error) from error
    number = WebAuthnCredential.objects.filter(user=user).count()
    credential.name = _("Passkey %(n)s") % {"n": number}
    credential.save(update_fields=["name"])
    audit_record(
        action=AuditAction.PASSKEY_ADDED, obj=user, viewer=viewer_for(user), details={"passkeys": number}
    )
    return credential


@transaction.atomic
def passkey_remove(*, user: User, passkey_id: object) -> bool:
    """Remove one of the user's own passkeys; it stops working at once. False for an id that is not theirs."""
    credential = WebAuthnCredential.objects.filter(user=user, pk=passkey_id).first()
    if credential is None:
        return False
    credential.delete()
    audit_record(
        action=AuditAction.PASSKEY_REMOVED,
        obj=user,
        viewer=viewer_for(user),
        details={"passkeys": WebAuthnCredential.objects.filter(user=user).count()},
    )
    return True


def passkey_login_begin(*, user: User, helper: WebAuthnHelper) -> tuple[dict, dict]:
    """Options for the code step: a challenge, limited to this user's own passkeys."""
    if not WebAuthnCredential.objects.filter(user=user, confirmed=True).exists():
        raise PasskeyRefused(_("Voor uw account is geen passkey ingesteld."))
    return helper.authenticate_begin(user=user, require_user_verification=False)


def passkey_login_complete(
    *, user: User, helper: WebAuthnHelper, state: dict, data: dict
) -> WebAuthnCredential:
    """Check a passkey's signature for the code step. Only a confirmed passkey of this user, of an active
    account, counts; a passkey of another account is refused (django-otp-webauthn's user check) and, like
    every refusal, audited as a failed second factor (outside the check's transaction, so it stays)."""
    try:
        with transaction.atomic():
            credential = helper.authenticate_complete(user=user, state=state, data=data)
            if not credential.confirmed or credential.user_id != user.pk or not user.is_active:
                raise PasskeyRefused(_("De passkey kon niet worden gecontroleerd. Probeer het opnieuw."))
            audit_record(action=AuditAction.PASSKEY_USED, obj=user, viewer=viewer_for(user))
    except (PasskeyRefused, OTPWebAuthnApiError, WebAuthnException, ValueError, KeyError, TypeError) as error:
        audit_record(
            action=AuditAction.TWO_FACTOR_FAILED,
            obj=user,
            viewer=viewer_for(user),
            details={"step": "login", "method": "passkey"},
        )
        if isinstance(error, PasskeyRefused):
            raise
        raise _passkey_refusal(error) from error
    return credential
