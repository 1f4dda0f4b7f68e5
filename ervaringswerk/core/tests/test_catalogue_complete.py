"""English is complete as the second language (issue 18.3): every Dutch label written in a template
(`{% translate %}`, `{% blocktranslate %}`) or in Python (`_()`, `gettext_lazy()`, ...) has an English
translation in one of the catalogues, except the words that are the same in both languages.

Read from the source, not from `makemessages`: the test needs no gettext tools and names the file of
every label that is missing, so a new string without its English fails here before a user sees it."""

import ast
import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

ROOT = Path(settings.BASE_DIR)

# Labels that English writes the same way (checked one by one when they were listed).
SAME_IN_ENGLISH = {
    "Budget",
    "Passkey %(n)s",
    "Passkeys",
    "Check-in",
    "Code",
    "code",
    "Contact",
    "details",
    "Download CSV",
    "Download Excel",
    "Download Excel (XLSX)",
    "Download PDF",
    "exact",
    "Gender",
    "Go/no-go",
    "Instrument",
    "Intake",
    "Moment",
    "object",
    "Object",
    "Open",
    "Open data (JSON)",
    "Partner",
    "partner",
    "Per",
    "Percentage",
    "Pool",
    "Register",
    "Score",
    "Start",
    "Status",
    "status",
    "Team",
    "Week",
    "week",
    "Week %(n)s (%(from)s – %(to)s)",
    "1 week",
    "%(kind)s: %(title)s",
    "check-in",
    "check-ins",
    "Conflict",
    "Empowerment",
    "gender",
    "Go",
    "Hindi",
    "instrument",
    "Man",
    "Menu",
    "moment",
    "No-go",
    "pool",
    "postcode",
    "Professional",
    "professional",
    "score",
    "scores",
    "Tigrinya",
    "training",
    "Urdu",
    "%(peer)s · week %(n)s (%(from)s – %(to)s)",
}

_TRANSLATE = re.compile(r'{%\s*(?:translate|trans)\s+"((?:[^"\\]|\\.)*)"(?:\s+as\s+\w+)?\s*%}')
_BLOCK = re.compile(r"{%\s*blocktrans(?:late)?\b([^%]*)%}(.*?){%\s*endblocktrans(?:late)?\s*%}", re.S)
_VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")
_PLURAL = re.compile(r"{%\s*plural\s*%}")
_GETTEXT = {"_", "gettext", "gettext_lazy", "pgettext", "ngettext", "ngettext_lazy"}


def _templates():
    for path in sorted(
        [*ROOT.glob("templates/**/*.html"), *ROOT.glob("ervaringswerk/*/templates/**/*.html")]
    ):
        yield path, path.read_text(encoding="utf-8")


def _python_files():
    for path in sorted(ROOT.glob("ervaringswerk/**/*.py")):
        if "tests" not in path.parts and "migrations" not in path.parts:
            yield path


def labels():
    """(file, singular, plural or None) for every literal label in the source."""
    for path, text in _templates():
        for match in _TRANSLATE.finditer(text):
            yield path, match.group(1), None
        for match in _BLOCK.finditer(text):
            options, body = match.group(1), match.group(2)
            if "context" in options or "trimmed" in options:
                continue
            parts = _PLURAL.split(body)
            if any("{%" in part for part in parts):
                continue  # a tag inside the block: not a literal we can rebuild here
            ids = [_VARIABLE.sub(lambda v: f"%({v.group(1)})s", part.replace("%", "%%")) for part in parts]
            yield path, ids[0], ids[1] if len(ids) == 2 else None
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in _GETTEXT or not node.args:
                continue
            args = [
                a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
                for a in node.args
            ]
            if name.startswith("pgettext"):
                continue
            if name.startswith("ngettext") and len(args) >= 2 and args[0] and args[1]:
                yield path, args[0], args[1]
            elif args[0]:
                yield path, args[0], None


def _untranslated(singular: str, plural: str | None) -> bool:
    if plural is not None:
        return (
            translation.ngettext(singular, plural, 1) == singular
            and translation.ngettext(singular, plural, 2) == plural
        )
    return translation.gettext(singular) == singular


def test_the_scan_finds_the_labels_it_checks():
    """Guard against a scan that silently finds nothing (a changed tag syntax would make the test below
    pass vacuously)."""
    found = list(labels())
    assert len(found) > 3000
    assert any(s == "Uren beoordelen" for _p, s, _pl in found)  # {% translate %}
    assert any(
        pl and "urenregels wachten op beoordeling" in pl for _p, _s, pl in found
    )  # blocktranslate count
    assert any(s == "Kies een soort werk." for _p, s, _pl in found)  # gettext in Python


def test_every_label_has_its_english():
    with translation.override("en"):
        missing = sorted(
            {
                f"{path.relative_to(ROOT)}: {singular}"
                for path, singular, plural in labels()
                if singular not in SAME_IN_ENGLISH and _untranslated(singular, plural)
            }
        )
    assert not missing, "Labels without English (add them to the app's locale/en catalogue):\n" + "\n".join(
        missing
    )


def test_no_label_says_optional_itself():
    """The field template adds "(niet verplicht)" to every optional field; a label that says it too was read
    as "Bewonerscodes (niet verplicht) (niet verplicht)" (issue 18.3)."""
    doubled = sorted(
        {
            f"{path.relative_to(ROOT)}: {singular}"
            for path, singular, _plural in labels()
            if path.suffix == ".py" and singular.rstrip().endswith("(niet verplicht)")
        }
    )
    assert not doubled, "Labels that say '(niet verplicht)' themselves:\n" + "\n".join(doubled)
