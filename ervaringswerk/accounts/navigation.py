from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.navigation import NavItem
from ervaringswerk.core.tenancy import Role

from .permissions import can_manage_api_token, can_manage_own_account

NAV_ITEMS = [
    NavItem("accounts:password_change", _("Wachtwoord"), can_manage_own_account, order=94),
    # Tokens link another system: the roles that do that see it in the menu (the page stays open to all).
    NavItem(
        "accounts:api_token",
        _("API-token"),
        can_manage_api_token,
        order=95,
        roles=(Role.COORDINATOR, Role.POLICY_ADVISOR, Role.ADMINISTRATOR),
    ),
]
