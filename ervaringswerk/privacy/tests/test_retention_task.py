"""The retention terms are applied every day by Celery beat (config/celery.py), not only by hand."""

from celery.schedules import crontab

from config.celery import BEAT_SCHEDULE, app
from ervaringswerk.audit import context as audit_context
from ervaringswerk.privacy import retention, tasks


def test_beat_runs_the_retention_task_once_a_day():
    name = "ervaringswerk.privacy.tasks.retention_daily"
    entries = [e for e in BEAT_SCHEDULE.values() if e["task"] == name]
    assert len(entries) == 1
    schedule = entries[0]["schedule"]
    assert isinstance(schedule, crontab)
    # Once a day, at night: one hour and one minute, every day of the week and month.
    assert len(schedule.hour) == 1 and len(schedule.minute) == 1
    assert len(schedule.day_of_week) == 7 and len(schedule.day_of_month) == 31
    app.loader.import_default_modules()
    assert name in app.tasks


def test_the_task_applies_the_terms_through_the_service_as_the_system(monkeypatch):
    calls = []

    def fake_run(**kwargs):
        ctx = audit_context.current()
        calls.append((kwargs, ctx.channel if ctx else None))
        return ["regel 1", "regel 2"]

    monkeypatch.setattr(retention, "retention_run", fake_run)
    result = tasks.retention_daily.apply().get()
    assert calls == [({"dry_run": False}, "system")]
    assert result == {"lines": 2}


def test_the_task_really_runs_the_retention_job(world, monkeypatch):
    seen = []
    real = retention.retention_run

    def spying(**kwargs):
        lines = real(**kwargs)
        seen.extend(lines)
        return lines

    monkeypatch.setattr(retention, "retention_run", spying)
    result = tasks.retention_daily.delay().get()
    assert seen and result == {"lines": len(seen)}  # one line per municipality and category
