from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from ervaringswerk.core.tenancy import Role, Viewer

from .models import Membership, RetiredApiTokenNotice, User


def user_count_by_municipality(*, viewer: Viewer) -> dict:
    qs = Membership.objects.filter(is_active=True)
    if not viewer.is_platform_admin:
        qs = qs.filter(municipality_id=viewer.municipality_id)
    return {
        row["municipality"]: row["n"]
        for row in qs.values("municipality").annotate(n=Count("user", distinct=True)).order_by()
    }


def retired_token_notices(*, viewer: Viewer) -> QuerySet[RetiredApiTokenNotice]:
    """Notices about the viewer's own tokens of the old kind (migration accounts 0003)."""
    return RetiredApiTokenNotice.objects.filter(user=viewer.user).order_by("retired_at")


def has_membership_outside(*, user_id: object, roles: Iterable[str]) -> bool:
    """Whether the user has an active membership with a role not in `roles`."""
    return Membership.objects.filter(user_id=user_id, is_active=True).exclude(role__in=roles).exists()


def has_usable_membership(*, user: User, roles: Iterable[str]) -> bool:
    """Whether the user has an active membership, in an active organisation, with one of `roles`."""
    return Membership.objects.filter(
        user=user, is_active=True, organisation__is_active=True, role__in=roles
    ).exists()


def active_users_matching(*, field: str, value: str, limit: int = 2) -> list[User]:
    """Active accounts whose `field` (email or username) equals `value`, case-insensitive."""
    if field not in ("email", "username"):
        raise ValueError(field)
    return list(User.objects.filter(**{f"{field}__iexact": value, "is_active": True})[:limit])


# --- second factor -------------------------------------------------------------------------------


def must_use_second_factor(*, user: User | AnonymousUser | None) -> bool:
    """With EW_REQUIRE_2FA on: every platform administrator and every role except peer workers; a peer
    worker too where their municipality requires it."""
    if not settings.EW_REQUIRE_2FA or user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    memberships = Membership.objects.filter(
        user=user, is_active=True, organisation__is_active=True
    ).select_related("municipality")
    return any(m.role != Role.PEER_WORKER or m.municipality.require_2fa_for_peer_workers for m in memberships)


def totp_device_for(*, user: User, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("id").first()


def recovery_codes_left(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def user_for_second_factor(*, user_id: str) -> User | None:
    """The user whose password was right, for the code step (active accounts only)."""
    return User.objects.filter(pk=user_id, is_active=True).first()


def active_members_by_organisation(*, organisation_ids: Iterable, roles: Iterable[str]) -> dict:
    """{organisation id: [users]} for the active logins with one of `roles` in these organisations."""
    result: dict = {}
    for membership in Membership.objects.filter(
        organisation_id__in=list(organisation_ids), role__in=list(roles), is_active=True, user__is_active=True
    ).select_related("user"):
        result.setdefault(membership.organisation_id, []).append(membership.user)
    return result


def passkey_list(*, user: User) -> QuerySet[WebAuthnCredential]:
    """The user's own passkeys (name, added, last used); nobody sees another person's."""
    return WebAuthnCredential.objects.filter(user=user).order_by("created_at")


def has_passkey(*, user: User) -> bool:
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
