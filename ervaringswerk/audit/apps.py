from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ervaringswerk.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
