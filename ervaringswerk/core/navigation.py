"""The main menu: each app lists its entries in its own `navigation.py` as NAV_ITEMS, shown to a viewer
only when the entry's permission rule allows it (so the menu never offers a page that answers 403) and,
where an entry names `roles`, only to those roles: the menu shows a role what it uses, not everything it
may open (a peer worker may read the organisations list, but does not need it in the menu)."""

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.permissions import can_view_my_work, can_view_platform_admin
from ervaringswerk.core.tenancy import Viewer


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    rule: object
    order: int = 50
    roles: tuple[str, ...] | None = None  # the roles whose menu shows it; None: every role the rule allows


def _all_items() -> list[NavItem]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("ervaringswerk."):
            continue
        try:
            module = import_module(f"{config.name}.navigation")
        except ModuleNotFoundError:
            continue
        items.extend(getattr(module, "NAV_ITEMS", []))
    return sorted(items, key=lambda item: item.order)


def items_for(viewer: Viewer, current_path: str) -> list[dict]:
    if not viewer.is_authenticated:
        return []
    result = []
    for item in _all_items():
        if item.roles is not None and viewer.role not in item.roles:
            continue
        if item.rule(viewer):
            result.append({"url": reverse(item.url_name), "label": item.label, "current": False})
    # One current entry: the longest URL the path starts with (/verzoeken/inzet/ is "Inzet", not also
    # "Verzoeken"), so aria-current="page" is announced once.
    matches = [entry for entry in result if entry["url"] != "/" and current_path.startswith(entry["url"])]
    if matches:
        max(matches, key=lambda entry: len(entry["url"]))["current"] = True
    return result


def _core_items() -> list[NavItem]:
    return [
        NavItem("core:my_work", _("Mijn werk"), can_view_my_work, order=10),
        NavItem("core:admin_home", _("Beheer"), can_view_platform_admin, order=90),
    ]


def __getattr__(name):
    # Lazy, so importing the registry does not import every permission module at start-up.
    if name == "NAV_ITEMS":
        return _core_items()
    raise AttributeError(name)
