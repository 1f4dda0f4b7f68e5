"""Runtime tasks: the worker's heartbeat, which /health/ reads (core.runtime)."""

from celery import shared_task
from celery.signals import worker_ready

from .runtime import heartbeat_write


@shared_task(ignore_result=True, soft_time_limit=5, time_limit=10)
def worker_heartbeat() -> None:
    heartbeat_write()


@worker_ready.connect
def _heartbeat_on_start(**kwargs) -> None:
    heartbeat_write()
