"""Panels that apps contribute to shared start pages ("Mijn werk"), without editing each other's templates.

An app defines `<app>/panels.py` with a function named after the page, e.g.
`def my_work(request, peer) -> list[tuple[str, dict]]` returning (template name, context) pairs.
"""

from importlib import import_module

from django.apps import apps
from django.template.loader import render_to_string


def render_panels(page: str, request, **kwargs) -> list[str]:
    html = []
    for config in apps.get_app_configs():
        if not config.name.startswith("ervaringswerk."):
            continue
        try:
            module = import_module(f"{config.name}.panels")
        except ModuleNotFoundError:
            continue
        hook = getattr(module, page, None)
        if hook is None:
            continue
        for template_name, context in hook(request, **kwargs):
            html.append(render_to_string(template_name, context, request=request))
    return html
