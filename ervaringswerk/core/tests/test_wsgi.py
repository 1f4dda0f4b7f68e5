"""The WSGI entry point loads the de-identifier before the first request (regression: under gunicorn the
first request that checked free text loaded deduce itself and ran past the 60-second worker timeout)."""

import importlib
import sys

from ervaringswerk.core import freetext


def test_loading_the_wsgi_application_loads_deduce_first(monkeypatch):
    calls = []
    monkeypatch.setattr(freetext, "warm_up", lambda: calls.append("warm"))
    monkeypatch.delenv("EW_PRELOAD_DEID", raising=False)
    sys.modules.pop("config.wsgi", None)
    importlib.import_module("config.wsgi")
    assert calls == ["warm"]


def test_the_preload_can_be_switched_off(monkeypatch):
    calls = []
    monkeypatch.setattr(freetext, "warm_up", lambda: calls.append("warm"))
    monkeypatch.setenv("EW_PRELOAD_DEID", "0")
    sys.modules.pop("config.wsgi", None)
    importlib.import_module("config.wsgi")
    assert calls == []
