from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ervaringswerk.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
