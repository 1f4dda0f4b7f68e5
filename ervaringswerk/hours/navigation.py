from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.navigation import NavItem

from .permissions import can_review_hours, can_view_programmes, can_view_statements, can_write_own_hours

NAV_ITEMS = [
    NavItem("hours:my_hours", _("Mijn uren"), can_write_own_hours, order=16),
    NavItem("hours:review", _("Uren beoordelen"), can_review_hours, order=33),
    NavItem("hours:programmes", _("Programma's"), can_view_programmes, order=62),
    NavItem("hours:statements", _("Urenstaten"), can_view_statements, order=63),
]
