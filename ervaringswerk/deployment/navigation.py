from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.navigation import NavItem

from .permissions import can_view_assignments, can_view_idle_pool, can_view_queue, can_view_requests

NAV_ITEMS = [
    NavItem("deployment:request_list", _("Verzoeken"), can_view_requests, order=30),
    NavItem("deployment:queue", _("Wachtrij"), can_view_queue, order=31),
    NavItem("deployment:assignment_list", _("Inzet"), can_view_assignments, order=32),
    NavItem("deployment:idle_pool", _("Zonder inzet"), can_view_idle_pool, order=33),
]
