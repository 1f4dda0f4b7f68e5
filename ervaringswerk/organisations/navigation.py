from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.navigation import NavItem
from ervaringswerk.core.permissions import STAFF_ROLES

from .permissions import can_view_organisations, can_view_positions

NAV_ITEMS = [
    NavItem("organisations:list", _("Organisaties"), can_view_organisations, order=80, roles=STAFF_ROLES),
    NavItem("positions:list", _("Functieplaatsen"), can_view_positions, order=81, roles=STAFF_ROLES),
]
