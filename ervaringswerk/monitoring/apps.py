from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "ervaringswerk.monitoring"
    label = "monitoring"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
