from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.navigation import NavItem

from .permissions import can_view_activities, can_view_development, can_view_roster

NAV_ITEMS = [
    NavItem("activities:list", _("Activiteiten"), can_view_activities, order=40),
    NavItem("activities:roster", _("Inlooprooster"), can_view_roster, order=41),
    NavItem("activities:development", _("Intervisie"), can_view_development, order=42),
]
