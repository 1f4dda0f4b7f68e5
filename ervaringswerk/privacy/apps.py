from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Data subjects' rights (access, erasure) and retention. The last app: it reads and, for erasure
    and retention only, writes the data of every earlier app, always with an audit event."""

    name = "ervaringswerk.privacy"
    label = "privacy"
    default_auto_field = "django.db.models.BigAutoField"
