"""The house rule no linter expresses: views, forms, serializers and API modules never touch a manager.

The check itself is `scripts/check_architecture.py` (also run by `make lint`); this test runs it in the suite
and proves it can fail.
"""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _check():
    path = ROOT / "scripts" / "check_architecture.py"
    spec = importlib.util.spec_from_file_location("check_architecture", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_manager_calls_in_views_forms_serializers_or_api_beyond_the_ratchet():
    assert _check().problems() == []


def test_the_check_finds_a_manager_call_in_a_view(tmp_path):
    check = _check()
    view = tmp_path / "views.py"
    view.write_text(
        "from x.models import Thing\n\n\ndef page(request):\n    return Thing.objects.filter(pk=1)\n"
    )
    assert check.manager_uses(view) == [5]
    assert check.is_presentation(check.APPS / "pool" / "views.py")
    assert check.is_presentation(check.APPS / "pool" / "api" / "serializers.py")
    assert not check.is_presentation(check.APPS / "pool" / "selectors.py")
    assert not check.is_presentation(check.APPS / "pool" / "tests" / "test_views.py")


def test_the_ratchet_only_shrinks(monkeypatch):
    check = _check()
    name = "ervaringswerk/pool/views.py"
    monkeypatch.setitem(check.ALLOWED, name, check.ALLOWED[name] + 1)
    assert any("lower ALLOWED" in line for line in check.problems())
    monkeypatch.setitem(check.ALLOWED, name, check.ALLOWED[name] - 2)
    assert any(line.startswith(name) and "allowed" in line for line in check.problems())
