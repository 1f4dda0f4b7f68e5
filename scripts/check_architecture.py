"""House rules that ruff, mypy and import-linter cannot express. Run by `make lint` and by
`ervaringswerk/core/tests/test_architecture.py`.

1. No view, form, serializer or API module touches a manager (`Model.objects.…`): pages and API read through
   a viewer-scoped selector and write through a service (docs/architecture.md, "Layers").

`ALLOWED` is a ratchet: the calls that broke the rule when it was written, per file. Lower a number (or
delete a line) when you remove a call; the check fails when a file has more calls than its number, and also
when it has fewer, so the list stays true.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ROOT / "ervaringswerk"

# file (relative to the repository) -> number of `.objects.` uses it may still have (37 on 2026-12-03)
ALLOWED: dict[str, int] = {
    "ervaringswerk/activities/api/views.py": 4,
    "ervaringswerk/activities/forms.py": 12,
    "ervaringswerk/activities/public_views.py": 1,
    "ervaringswerk/activities/views.py": 2,
    "ervaringswerk/beheer/forms.py": 4,
    "ervaringswerk/beheer/views.py": 2,
    "ervaringswerk/deployment/api/serializers.py": 3,
    "ervaringswerk/hours/api/views.py": 2,
    "ervaringswerk/hours/go_no_go_views.py": 1,
    "ervaringswerk/monitoring/views.py": 1,
    "ervaringswerk/organisations/position_views.py": 2,
    "ervaringswerk/pool/api/views.py": 1,
    "ervaringswerk/pool/views.py": 1,
}


def is_presentation(path: Path) -> bool:
    """A view, form, serializer or API module (tests and migrations excluded)."""
    parts = path.relative_to(APPS).parts
    if "tests" in parts or "migrations" in parts:
        return False
    name = path.stem
    if name in {"selectors", "services", "permissions"}:
        return False
    return (
        "api" in parts[1:-1]
        or name in {"views", "forms", "serializers", "public_views"}
        or name.endswith(("_views", "_forms", "_serializers"))
    )


def manager_uses(path: Path) -> list[int]:
    """Line numbers of `<something>.objects.<attribute>` (a manager call or attribute)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return sorted(
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "objects"
    )


def problems() -> list[str]:
    found: dict[str, list[int]] = {}
    for path in sorted(APPS.rglob("*.py")):
        if is_presentation(path):
            lines = manager_uses(path)
            if lines:
                found[str(path.relative_to(ROOT))] = lines
    out = []
    for name, lines in found.items():
        allowed = ALLOWED.get(name, 0)
        if len(lines) > allowed:
            out.append(
                f"{name}: {len(lines)} use(s) of .objects. (allowed {allowed}) at lines "
                f"{', '.join(map(str, lines))}: read through a selector, write through a service"
            )
        elif len(lines) < allowed:
            out.append(f"{name}: {len(lines)} use(s) of .objects., fewer than {allowed}: lower ALLOWED")
    for name in sorted(set(ALLOWED) - set(found)):
        out.append(f"{name}: no use of .objects. left: delete its line from ALLOWED")
    return out


def main() -> int:
    found = problems()
    for line in found:
        print(line)  # noqa: T201 - a command-line check
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
