from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ervaringswerk.audit.models import AuditAction
from ervaringswerk.audit.services import audit_record
from ervaringswerk.core.tenancy import Viewer

if TYPE_CHECKING:
    from ervaringswerk.organisations.models import Organisation

from .models import ApiToken, Membership, RetiredApiTokenNotice, User


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
