from django.apps import AppConfig


class MatchingConfig(AppConfig):
    """The engine (`matching.engine`) has no Django inside; the app holds only its Django adapter."""

    name = "ervaringswerk.matching"
    label = "matching"
    default_auto_field = "django.db.models.BigAutoField"
