from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Events for other systems (issue 17, item 3): a municipality's administrator subscribes an HTTPS
    endpoint to event kinds; the worker delivers signed CloudEvents with retries. Early in INSTALLED_APPS
    (after audit): the apps where things happen (deployment, hours, monitoring) call its `event_publish`."""

    name = "ervaringswerk.webhooks"
    label = "webhooks"
    verbose_name = _("Gebeurtenissen (webhooks)")
