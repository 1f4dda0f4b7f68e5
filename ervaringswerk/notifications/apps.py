from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "ervaringswerk.notifications"
    label = "notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
