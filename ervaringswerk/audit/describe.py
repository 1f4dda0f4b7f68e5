"""The one rule for what the audit log may say about an object.

Every text the log stores about an object comes from `describe(obj)`. Anyone who may read the log
(a coordinator, a municipality's administrator, the platform administrator) may read that text, so it
never holds a person's name, a lived-experience domain, a check-in, or free text (request titles,
minutes, notes). By default it is "<verbose name> <first 8 characters of the id>"; only reference and
organisational objects, whose names are not personal data, register something more telling.
`audit/tests/test_describe.py` checks the rule for every TenantModel.
"""

from collections.abc import Callable

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.text import capfirst

MAX_LENGTH = 200

_SAFE: dict[str, Callable[[models.Model], str]] = {}


# Lists of these are not reads of personal data (reference and organisational data): not audited.
NOT_PERSONAL = {
    "core.municipality",
    "core.neighbourhood",
    "core.experiencedomain",
    "organisations.organisation",
    "organisations.programme",
}


def is_personal(model) -> bool:
    return model._meta.label_lower not in NOT_PERSONAL


def register(label: str, describer: Callable[[models.Model], str]) -> None:
    """Let a model say more than its type and id; only for objects whose text is not personal data."""
    _SAFE[label.lower()] = describer


def registered() -> set[str]:
    return set(_SAFE)


def short_id(pk) -> str:
    return str(pk).replace("-", "")[:8] if pk is not None else ""


def default_description(obj: models.Model) -> str:
    return f"{capfirst(str(obj._meta.verbose_name))} {short_id(obj.pk)}".strip()


def describe(obj: models.Model | None) -> str:
    if obj is None:
        return ""
    describer = _SAFE.get(obj._meta.label_lower)
    # Stored in the site's language (Dutch), whatever language the current request uses.
    with translation.override(settings.LANGUAGE_CODE):
        text = describer(obj) if describer else default_description(obj)
        return str(text)[:MAX_LENGTH]


def _named(obj) -> str:
    return f"{capfirst(str(obj._meta.verbose_name))} {obj.name}"


# Organisational and reference data: their names describe an organisation or a category, not a person.
register("core.municipality", _named)
register("core.neighbourhood", _named)
register("organisations.organisation", _named)
register("organisations.programme", _named)
# A login is NOT described by its username (often a name): after an erasure no event about the login
# may name the person. Who acted is kept once, in the actor's username snapshot.
# An issued statement by its number (a sequence per issuer, no names).
register(
    "hours.hireoutstatement",
    lambda s: f"{capfirst(str(s._meta.verbose_name))} {s.number or short_id(s.pk)}",
)
