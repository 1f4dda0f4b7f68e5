from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.navigation import NavItem
from ervaringswerk.core.permissions import STAFF_ROLES

from .permissions import can_manage_outcome_settings, can_view_trajectories

NAV_ITEMS = [
    NavItem("outcomes:trajectory_list", _("Trajecten"), can_view_trajectories, order=55, roles=STAFF_ROLES),
    NavItem("outcomes:settings", _("Activering"), can_manage_outcome_settings, order=85),
]
