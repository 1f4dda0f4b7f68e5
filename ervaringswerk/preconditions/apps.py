from django.apps import AppConfig


class PreconditionsConfig(AppConfig):
    name = "ervaringswerk.preconditions"
    label = "preconditions"
    default_auto_field = "django.db.models.BigAutoField"
