"""docs/privacy.md promises only what a test proves: every row of its promise tables names a test, and
every test it names exists (file, and function when given as `path::test_name` or `::test_name` after a
path in the same cell). Paths are relative to `ervaringswerk/` unless they start with `tests/` or
`ervaringswerk/`, as the page says."""

import ast
import re
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
DOC = REPO / "docs" / "privacy.md"
CODE = re.compile(r"`([^`]+)`")
TEST_REF = re.compile(r"^(?P<path>[\w./-]*test[\w./-]*\.py|[\w./-]+/tests/?)?(?:::(?P<name>\w+))?$")


def _resolve(path: str) -> Path:
    if path.startswith(("tests/", "ervaringswerk/")):
        return REPO / path
    return REPO / "ervaringswerk" / path


@cache
def _tests_in(file: Path) -> frozenset[str]:
    tree = ast.parse(file.read_text())
    return frozenset(
        node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    )


def _rows() -> list[tuple[int, list[str]]]:
    """(line number, cells) of every table row whose table has a "proven by" or "test" column."""
    rows, header = [], None
    for number, line in enumerate(DOC.read_text().splitlines(), start=1):
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = [c.lower() for c in cells]
            continue
        if set(line) <= set("|- :"):
            continue
        column = next((i for i, h in enumerate(header) if "proven by" in h or h == "test"), None)
        if column is not None:
            rows.append((number, cells[column:]))
    return rows


def _references(cell: str) -> list[tuple[str, str | None]]:
    """(path, test name or None) for every test reference in a cell; `::name` takes the last path."""
    found, last = [], None
    for code in CODE.findall(cell):
        match = TEST_REF.match(code.strip())
        if not match or not (match["path"] or match["name"]):
            continue
        path = match["path"] or last
        if path is None:
            continue
        last = path if path.endswith(".py") else last
        found.append((path, match["name"]))
    return found


def test_every_promise_row_names_a_test():
    missing = [number for number, cells in _rows() if not any(_references(" ".join(cells)))]
    assert not missing, f"docs/privacy.md rows without a test, at lines {missing}"


def test_every_test_named_in_the_privacy_page_exists():
    problems = []
    for number, cells in _rows():
        for path, name in _references(" ".join(cells)):
            file = _resolve(path)
            if not file.exists():
                problems.append(f"line {number}: no file {path}")
            elif name and file.is_file() and name not in _tests_in(file):
                problems.append(f"line {number}: no test {name} in {path}")
    assert not problems, "\n".join(problems)


def test_the_checker_sees_the_references_and_would_catch_a_wrong_one():
    refs = _references("`audit/tests/test_audit.py::test_a`, `::test_b`, `tests/test_permission_matrix.py`")
    assert refs == [
        ("audit/tests/test_audit.py", "test_a"),
        ("audit/tests/test_audit.py", "test_b"),
        ("tests/test_permission_matrix.py", None),
    ]
    assert len(_rows()) > 80
    assert "test_a" not in _tests_in(_resolve("audit/tests/test_audit.py"))
