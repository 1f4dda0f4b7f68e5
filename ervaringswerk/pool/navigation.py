from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.navigation import NavItem

from .permissions import can_edit_own_profile, can_view_pool

NAV_ITEMS = [
    NavItem("pool:overview", _("Pool"), can_view_pool, order=20),
    NavItem("pool:my_profile", _("Mijn profiel"), can_edit_own_profile, order=15),
]
