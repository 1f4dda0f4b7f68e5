from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.navigation import NavItem

from .permissions import can_view_requests

NAV_ITEMS = [NavItem("deployment:request_list", _("Verzoeken"), can_view_requests, order=30)]
