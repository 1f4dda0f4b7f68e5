from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from rest_framework.authtoken.models import Token

from ervaringswerk.audit.models import AuditAction
from ervaringswerk.audit.services import audit_record
from ervaringswerk.core.tenancy import Viewer

if TYPE_CHECKING:
    from ervaringswerk.organisations.models import Organisation

from .models import Membership, User


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


@transaction.atomic
def api_token_renew(*, viewer: Viewer) -> Token:
    """Replace the user's personal API token; the old one stops working at once."""
    Token.objects.filter(user=viewer.user).delete()
    token = Token.objects.create(user=viewer.user)
    audit_record(
        action=AuditAction.CREATE,
        viewer=viewer,
        object_type="authtoken.token",
        object_repr=f"API-token van {viewer.user.get_username()}",
    )
    return token


@transaction.atomic
def api_token_revoke(*, viewer: Viewer) -> None:
    deleted, _ = Token.objects.filter(user=viewer.user).delete()
    if deleted:
        audit_record(
            action=AuditAction.DELETE,
            viewer=viewer,
            object_type="authtoken.token",
            object_repr=f"API-token van {viewer.user.get_username()}",
        )
