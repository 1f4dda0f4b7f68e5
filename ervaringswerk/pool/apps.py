from django.apps import AppConfig


class PoolConfig(AppConfig):
    name = "ervaringswerk.pool"
    label = "pool"
    default_auto_field = "django.db.models.BigAutoField"
