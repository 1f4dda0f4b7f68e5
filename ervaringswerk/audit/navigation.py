from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.navigation import NavItem

from .permissions import can_browse_audit

NAV_ITEMS = [NavItem("audit:list", _("Auditlog"), can_browse_audit, order=85)]
