from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ervaringswerk.core"
    label = "core"
    verbose_name = _("Gemeenten en referentiegegevens")
    default_auto_field = "django.db.models.BigAutoField"
