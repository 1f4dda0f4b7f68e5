"""Who is looking: the user, their active membership, organisation, municipality and role.

Every selector and permission takes a Viewer, so scoping never depends on what a view remembers to do.
"""

from dataclasses import dataclass

from .models import Membership, Role

SESSION_MEMBERSHIP_KEY = "ew_membership_id"


@dataclass(frozen=True)
class Viewer:
    user: object
    membership: Membership | None = None

    @property
    def is_authenticated(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False))

    @property
    def is_platform_admin(self) -> bool:
        return self.is_authenticated and bool(self.user.is_superuser)

    @property
    def role(self) -> str | None:
        if self.membership is not None:
            return self.membership.role
        if self.is_platform_admin:
            return Role.ADMINISTRATOR
        return None

    @property
    def organisation(self):
        return self.membership.organisation if self.membership else None

    @property
    def municipality(self):
        return self.membership.organisation.municipality if self.membership else None

    @property
    def municipality_id(self):
        return self.membership.municipality_id if self.membership else None

    def has_role(self, *roles: str) -> bool:
        return self.role in roles


ANONYMOUS = Viewer(user=None)


def viewer_for(user, membership_id=None) -> Viewer:
    """Build the viewer for a user, preferring the membership chosen in the session."""
    if user is None or not user.is_authenticated:
        return Viewer(user=user)
    memberships = (
        Membership.objects.filter(user=user, is_active=True, organisation__is_active=True)
        .select_related("organisation", "organisation__municipality")
        .order_by("created_at")
    )
    chosen = None
    if membership_id:
        chosen = next((m for m in memberships if str(m.pk) == str(membership_id)), None)
    if chosen is None:
        chosen = next(iter(memberships), None)
    return Viewer(user=user, membership=chosen)
