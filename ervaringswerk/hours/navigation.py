from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.navigation import NavItem

from .permissions import can_view_programmes, can_view_statements

NAV_ITEMS = [
    NavItem("hours:programmes", _("Programma's"), can_view_programmes, order=62),
    NavItem("hours:statements", _("Urenstaten"), can_view_statements, order=63),
]
