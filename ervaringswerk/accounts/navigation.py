from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.navigation import NavItem

from .permissions import can_manage_api_token

NAV_ITEMS = [NavItem("accounts:api_token", _("API-token"), can_manage_api_token, order=95)]
