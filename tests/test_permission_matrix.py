"""Every URL × every role: the expected status of each cell (see ervaringswerk/core/testing.py)."""

from importlib import import_module

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from ervaringswerk.core.testing import COLUMNS

# Patterns that are not pages of ours: the Django admin's own views (admin:index has a row) and static files.
EXCLUDED_NAMESPACES = {"admin"}


def collect_rows():
    rows = []
    for config in apps.get_app_configs():
        if not config.name.startswith("ervaringswerk."):
            continue
        try:
            module = import_module(f"{config.name}.tests.matrix")
        except ModuleNotFoundError:
            continue
        rows.extend(module.ROWS)
    return rows


ROWS = collect_rows()


def named_patterns(resolver=None, namespace=None):
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            if ns in EXCLUDED_NAMESPACES:
                continue
            names |= named_patterns(pattern, full)
        elif isinstance(pattern, URLPattern):
            if pattern.name is None:
                names.add(f"<unnamed {pattern.pattern}>")
            else:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_url_has_a_row_in_the_matrix():
    covered = {row.url_name for row in ROWS}
    missing = sorted(named_patterns() - covered)
    assert not missing, f"URLs without a row in the permission matrix: {missing}"


def test_every_row_names_an_existing_url():
    unknown = sorted({row.url_name for row in ROWS} - named_patterns() - {"admin:index"})
    assert not unknown, f"Matrix rows for URLs that do not exist: {unknown}"


def test_every_row_has_every_column():
    incomplete = [row.url_name for row in ROWS if set(row.expect) != set(COLUMNS)]
    assert not incomplete, incomplete


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.method}:{r.url_name}" for r in ROWS])
def test_matrix_row(row, world, client_for):
    path = row.path(world)
    wrong = []
    for column in COLUMNS:
        client = client_for(world.user(column))
        response = getattr(client, row.method)(path, row.data or {})
        if response.status_code != row.expect[column]:
            wrong.append(f"{column}: expected {row.expect[column]}, got {response.status_code}")
    assert not wrong, f"{row.url_name} ({path}): " + "; ".join(wrong)
