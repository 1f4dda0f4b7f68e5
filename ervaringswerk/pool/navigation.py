from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.navigation import NavItem

from .permissions import can_view_pool

NAV_ITEMS = [NavItem("pool:overview", _("Pool"), can_view_pool, order=20)]
