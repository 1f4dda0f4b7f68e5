from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.navigation import NavItem

from .permissions import can_manage_api_token, can_manage_own_account

NAV_ITEMS = [
    NavItem("accounts:password_change", _("Wachtwoord"), can_manage_own_account, order=94),
    NavItem("accounts:api_token", _("API-token"), can_manage_api_token, order=95),
]
