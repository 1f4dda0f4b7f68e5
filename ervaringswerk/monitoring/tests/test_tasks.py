"""Background tasks: idempotent, retried with backoff on transient trouble, visible with the broker down."""

import datetime

import pytest
from django.db import OperationalError

from config.celery import BEAT_SCHEDULE, app
from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.tenancy import Role
from ervaringswerk.monitoring import services, tasks
from ervaringswerk.monitoring.models import EvaluationReport, HoursMonthly, ReportStatus
from ervaringswerk.monitoring.services import report_request

D = datetime.date


def _viewer(world):
    return viewer_for(world.a.users[Role.POLICY_ADVISOR])


def _count_pdfs(monkeypatch) -> list:
    calls = []
    real = services.render_pdf

    def counting(content):
        calls.append(content["report"].pk)
        return real(content)

    monkeypatch.setattr(services, "render_pdf", counting)
    return calls


def test_report_task_delivered_twice_builds_the_report_once(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    pdfs = _count_pdfs(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(viewer=_viewer(world), start=D(2026, 1, 1), end=D(2026, 3, 31))
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and bytes(report.pdf).startswith(b"%PDF")
    first_pdf, first_finished = bytes(report.pdf), report.finished_at
    # A second delivery (acks late after a lost worker, or the requeue) finds it done and does nothing.
    assert tasks.report_generate_task.apply(args=[str(report.pk)]).get() is False
    assert tasks.report_generate_task.delay(str(report.pk)).get() is False
    report.refresh_from_db()
    assert pdfs == [report.pk]
    assert bytes(report.pdf) == first_pdf and report.finished_at == first_finished


@pytest.fixture
def retries_in_process(settings):
    """Eager apply() runs a retry in this process, as a worker would, only when it does not propagate."""
    settings.CELERY_TASK_EAGER_PROPAGATES = False


def test_report_task_retries_transient_database_errors_then_succeeds(world, monkeypatch, retries_in_process):
    report = report_request(viewer=_viewer(world), start=D(2026, 1, 1), end=D(2026, 3, 31))
    real = services.report_content
    failures = []

    def flaky(rep):
        if len(failures) < 2:
            failures.append(rep.pk)
            raise OperationalError("server closed the connection unexpectedly")
        return real(rep)

    monkeypatch.setattr(services, "report_content", flaky)
    result = tasks.report_generate_task.apply(args=[str(report.pk)])
    assert result.get() is True
    report.refresh_from_db()
    assert len(failures) == 2  # two transient failures, then the third attempt built it
    assert report.status == ReportStatus.DONE and report.progress == 100


def test_report_task_gives_up_visibly_after_its_retries(world, monkeypatch, retries_in_process):
    report = report_request(viewer=_viewer(world), start=D(2026, 1, 1), end=D(2026, 3, 31))
    attempts = []

    def down(rep):
        attempts.append(1)
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(services, "report_content", down)
    assert tasks.report_generate_task.apply(args=[str(report.pk)]).get() is False
    report.refresh_from_db()
    assert len(attempts) == tasks.REPORT_MAX_RETRIES + 1
    assert report.status == ReportStatus.FAILED and report.error == "OperationalError"


def test_a_programming_error_fails_the_report_at_once_without_retrying(world, monkeypatch):
    report = report_request(viewer=_viewer(world), start=D(2026, 1, 1), end=D(2026, 3, 31))
    attempts = []

    def broken(rep):
        attempts.append(1)
        raise KeyError("table")

    monkeypatch.setattr(services, "report_content", broken)
    tasks.report_generate_task.apply(args=[str(report.pk)])
    report.refresh_from_db()
    assert attempts == [1] and report.status == ReportStatus.FAILED and report.error == "KeyError"


def test_backoff_grows_exponentially_and_is_capped():
    assert [tasks.backoff(n) for n in range(7)] == [2, 4, 8, 16, 32, 60, 60]


@pytest.fixture
def broker_down(settings):
    """A real broker connection to a closed port: publishing fails as it does with Redis stopped."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    app._after_fork()  # drop pooled connections to the configured broker, as a forked worker does
    yield
    app._after_fork()


def test_with_the_broker_down_a_report_waits_visibly_and_is_requeued_later(
    world, broker_down, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(viewer=_viewer(world), start=D(2026, 1, 1), end=D(2026, 3, 31))
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED
    assert report.step == "Wacht op de achtergrondverwerking"
    # Still down: the requeue finds it and fails to publish again, nothing lost.
    EvaluationReport.objects.filter(pk=report.pk).update(
        created_at=report.created_at - datetime.timedelta(hours=1)
    )
    assert tasks.reports_requeue() == 0
    # The broker is back (eager here): the requeue publishes it and the report is built.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert tasks.reports_requeue() == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert tasks.reports_requeue() == 0  # done reports are not queued again


def test_rollups_rebuild_restores_the_rollup_and_a_second_run_changes_nothing(world):
    import random

    from .test_peer_aggregates import _city

    _city(world, "a", random.Random(5), peers=6)
    municipality = world.a.municipality

    def snapshot():
        return sorted(
            HoursMonthly.objects.filter(municipality=municipality, minutes__gt=0).values_list(
                "peer_id", "month", "dimension", "key", "minutes"
            )
        )

    kept_by_signals = snapshot()
    assert kept_by_signals
    HoursMonthly.objects.filter(municipality=municipality).delete()  # as after a bulk load (COPY)
    first = tasks.rollups_rebuild.apply(args=[str(municipality.pk)]).get()
    assert first[str(municipality.pk)]["hours"] == len(kept_by_signals)
    assert snapshot() == kept_by_signals
    second = tasks.rollups_rebuild.apply(args=[str(municipality.pk)]).get()
    assert second[str(municipality.pk)]["hours"] == 0
    assert snapshot() == kept_by_signals


def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()
    for name, entry in BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name


def test_a_notification_task_delivered_twice_sends_one_email(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    from ervaringswerk.notifications.models import Notification
    from ervaringswerk.notifications.services import notification_send
    from ervaringswerk.notifications.tasks import notification_deliver_task

    user = world.a.users[Role.COORDINATOR]
    user.email = "coordinator@example.invalid"
    user.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_send(
            recipient=user, municipality=world.a.municipality, kind="hours_returned", key="t:1", title="Test"
        )
    assert len(mailoutbox) == 1  # queued on commit, run eagerly here
    assert notification_deliver_task.apply(args=[str(notification.pk)]).get() is False
    assert len(mailoutbox) == 1
    assert Notification.objects.get(pk=notification.pk).emailed_at is not None


def test_a_refusing_mail_server_is_retried_with_backoff(world, settings, monkeypatch):
    import smtplib

    from ervaringswerk.notifications import services as notification_services
    from ervaringswerk.notifications.services import notification_send
    from ervaringswerk.notifications.tasks import notification_deliver_task

    settings.CELERY_TASK_EAGER_PROPAGATES = False  # let the retries run in this process
    user = world.a.users[Role.COORDINATOR]
    user.email = "coordinator@example.invalid"
    user.save(update_fields=["email"])
    notification = notification_send(
        recipient=user, municipality=world.a.municipality, kind="hours_returned", key="t:2", title="Test"
    )
    calls = []
    real = notification_services.send_mail

    def refusing(**kwargs):
        calls.append(1)
        if len(calls) < 3:
            raise smtplib.SMTPServerDisconnected("try later")
        return real(**kwargs)

    monkeypatch.setattr(notification_services, "send_mail", refusing)
    assert notification_deliver_task.apply(args=[str(notification.pk)]).get() is True
    assert len(calls) == 3
