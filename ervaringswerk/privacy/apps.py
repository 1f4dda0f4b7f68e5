from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Data subjects' rights (access, erasure) and retention. The last app: it reads and, for erasure
    and retention only, writes the data of every earlier app, always with an audit event."""

    name = "ervaringswerk.privacy"
    label = "privacy"
    verbose_name = _("Privacy en bewaartermijnen")
    default_auto_field = "django.db.models.BigAutoField"
