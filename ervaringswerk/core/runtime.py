"""What /health/ asks of the runtime around Django: Redis (the broker) and the worker's heartbeat.

The worker writes a timestamp into Redis (core.tasks.worker_heartbeat, on start and every 15 s by
beat); /health/ reads its age. Short socket timeouts: a health check must answer quickly when Redis is
down, not hang the load balancer's probe.
"""

import time

from django.conf import settings

HEARTBEAT_KEY = "ervaringswerk:worker-heartbeat"


def redis_client():
    import redis

    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=0.5, socket_connect_timeout=0.5)


def heartbeat_write(*, client=None, now: float | None = None) -> None:
    client = client or redis_client()
    client.set(HEARTBEAT_KEY, str(now if now is not None else time.time()), ex=24 * 3600)


def heartbeat_age(*, client) -> float | None:
    """Seconds since the worker last wrote its heartbeat; None when it never did (or the key expired)."""
    value = client.get(HEARTBEAT_KEY)
    if value is None:
        return None
    return max(0.0, time.time() - float(value))
