"""NUL characters are refused at the door, for pages and API alike.

PostgreSQL cannot store U+0000 in text and refuses it even in a query parameter, which surfaced as a
500. Django's and DRF's CharFields already refuse it, but choice, list, JSON and hand-read filter
parameters did not. One check, `nul_fields`, runs before every page view (`core.access.rule_required`) and
every API view (`core.access.ViewerAPIMixin`); it looks at the query string, the form fields (not the
uploaded files: an XLSX is binary) and a JSON body, keys included, and names the fields that hold one.
"""

from django.utils.translation import gettext as _

NUL = "\x00"


def _walk(value, path: str, found: list[str]) -> None:
    if isinstance(value, str):
        if NUL in value:
            found.append(path)
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            if NUL in str(key):
                found.append(name.replace(NUL, ""))
            _walk(item, name.replace(NUL, ""), found)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _walk(item, f"{path}[{index}]" if path else f"[{index}]", found)


def nul_fields(*sources) -> list[str]:
    """Names of the fields (in QueryDicts or parsed JSON) whose name or value holds a NUL character."""
    found: list[str] = []
    for source in sources:
        if hasattr(source, "lists"):
            for key, values in source.lists():
                if NUL in key or any(NUL in str(v) for v in values if isinstance(v, str)):
                    found.append(key.replace(NUL, ""))
        else:
            _walk(source, "", found)
    return sorted(set(found))


def nul_message(fields: list[str]) -> str:
    return _("Een onzichtbaar teken (NUL) is niet toegestaan. Haal het weg uit: %(fields)s.") % {
        "fields": ", ".join(fields) or _("het adres")
    }
