"""Build the Viewer (`ervaringswerk.core.tenancy.Viewer`) for a user from their memberships."""

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser

from ervaringswerk.accounts.models import Membership, User
from ervaringswerk.core.tenancy import ANONYMOUS, Viewer

__all__ = [
    "ANONYMOUS",
    "SESSION_MEMBERSHIP_KEY",
    "SESSION_SSO_MFA_KEY",
    "SESSION_SSO_ROLES_KEY",
    "Viewer",
    "viewer_for",
]

SESSION_MEMBERSHIP_KEY = "ew_membership_id"
SESSION_SSO_ROLES_KEY = "ew_sso_roles"
# True when the session came through single sign-on and the provider's ID token says a second factor was
# used in a way EW_OIDC_MFA_AMR / EW_OIDC_MFA_ACR accepts (accounts/sso.py).
SESSION_SSO_MFA_KEY = "ew_sso_mfa"


def viewer_for(
    user: User | AnonymousUser | None, membership_id: object = None, sso_roles: Iterable[str] | None = None
) -> Viewer:
    """Build the viewer for a user, preferring the membership chosen in the session. A single sign-on
    session (`sso_roles`, from the provider's mapped groups) may use only memberships with those roles."""
    if user is None or not user.is_authenticated:
        return Viewer(user=user)
    memberships = (
        Membership.objects.filter(user=user, is_active=True, organisation__is_active=True)
        .select_related("organisation", "organisation__municipality")
        .order_by("created_at")
    )
    roles = tuple(sorted(sso_roles)) if sso_roles is not None else None
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    chosen = None
    if membership_id:
        chosen = next((m for m in memberships if str(m.pk) == str(membership_id)), None)
    if chosen is None:
        chosen = next(iter(memberships), None)
    return Viewer(user=user, membership=chosen, sso_roles=roles)
