from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.navigation import NavItem

from .permissions import can_view_preconditions

NAV_ITEMS = [NavItem("preconditions:overview", _("Randvoorwaarden"), can_view_preconditions, order=65)]
