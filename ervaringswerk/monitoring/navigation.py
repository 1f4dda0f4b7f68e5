from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.navigation import NavItem

from .permissions import can_view_monitoring

NAV_ITEMS = [
    NavItem("monitoring:overview", _("Gemeentelijk overzicht"), can_view_monitoring, order=60),
    NavItem("monitoring:reports", _("Evaluatierapporten"), can_view_monitoring, order=61),
]
