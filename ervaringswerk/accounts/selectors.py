from collections.abc import Iterable

from django.db.models import Count, QuerySet

from ervaringswerk.core.tenancy import Viewer

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
