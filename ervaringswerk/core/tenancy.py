"""The kernel's words for who is looking: the six roles and the Viewer.

Every selector and permission rule takes a Viewer, so scoping never depends on what a view remembers to do.
This module imports no domain app at run time (import-linter keeps that: "The kernel (core) imports no
domain app"); the user and membership types come from `accounts` for the type checker only. The Viewer is
built by `accounts.viewer.viewer_for`, which reads the memberships.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from ervaringswerk.accounts.models import Membership, User
    from ervaringswerk.core.models import Municipality
    from ervaringswerk.organisations.models import Organisation


class Role(models.TextChoices):
    PEER_WORKER = "peer_worker", _("Ervaringsdeskundige")
    COORDINATOR = "coordinator", _("Coördinator")
    PROFESSIONAL = "professional", _("Professional")
    TEAM_LEAD = "team_lead", _("Teamleider / manager")
    POLICY_ADVISOR = "policy_advisor", _("Beleidsadviseur")
    ADMINISTRATOR = "administrator", _("Beheerder")


@dataclass(frozen=True)
class Viewer:
    """The user, their active membership, and through it organisation, municipality and role."""

    user: User | AnonymousUser | None
    membership: Membership | None = None
    # Signed in through single sign-on: only memberships with these roles (accounts/sso.py); else None.
    sso_roles: tuple[str, ...] | None = None

    @property
    def is_authenticated(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False))

    @property
    def is_platform_admin(self) -> bool:
        return self.is_authenticated and bool(getattr(self.user, "is_superuser", False))

    @property
    def role(self) -> str | None:
        if self.membership is not None:
            return self.membership.role
        if self.is_platform_admin:
            return Role.ADMINISTRATOR
        return None

    @property
    def organisation(self) -> Organisation | None:
        return self.membership.organisation if self.membership else None

    @property
    def organisation_id(self) -> uuid.UUID | None:
        return self.membership.organisation_id if self.membership else None

    @property
    def user_id(self) -> uuid.UUID | None:
        """The user's id; None for an anonymous viewer or the system."""
        return getattr(self.user, "pk", None)

    @property
    def municipality(self) -> Municipality | None:
        return self.membership.organisation.municipality if self.membership else None

    @property
    def municipality_id(self) -> uuid.UUID | None:
        return self.membership.municipality_id if self.membership else None

    def has_role(self, *roles: str) -> bool:
        return self.role in roles


ANONYMOUS = Viewer(user=None)
