from django.apps import AppConfig


class DeploymentConfig(AppConfig):
    name = "ervaringswerk.deployment"
    label = "deployment"
    default_auto_field = "django.db.models.BigAutoField"
