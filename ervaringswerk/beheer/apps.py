from django.apps import AppConfig


class BeheerConfig(AppConfig):
    """A municipality's own administration (issue 13): new municipalities, the administrator's console,
    invitations. Its own app because it writes across core, organisations and accounts through their
    services, and none of those should depend on the others' pages."""

    name = "ervaringswerk.beheer"
    label = "beheer"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ervaringswerk.notifications.registry import register_link_builder

        from .invitations import invitation_path

        register_link_builder("invitation", invitation_path)
