"""Test support: run two calls in two real PostgreSQL transactions, the second one while the first holds
its row lock, and prove that the second one really waited for that lock.

How one race goes:
1. the first call runs in thread "first" on its own connection; when it reaches `pause_at` (a function in a
   service module, called after the lock is taken), it stops there, still inside its transaction;
2. the second call starts in thread "second" on its own connection;
3. the main thread polls `pg_stat_activity` until the second backend waits on a lock
   (`wait_event_type = 'Lock'`), or until the second call has finished without ever waiting;
4. only then does the first call go on and commit; the second one then sees its rows.

No sleeps: the order is forced by events and by polling the database. Without the lock, the second call
does not wait: it finishes while the first is still paused, `RaceOutcome.second_waited` is False and the
test's assertions on the stored rows fail, every time.
"""

import threading
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, connections

TIMEOUT = 30  # only a safety net against a hung test; nothing is timed


@dataclass
class RaceOutcome:
    results: dict = field(default_factory=dict)  # "first"/"second" -> return value or ValidationError
    second_waited: bool = False


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _waits_on_lock(pid: int) -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return bool(row) and row[0] == "Lock"


def race(monkeypatch, *, module, pause_at: str, first, second) -> RaceOutcome:
    """Run `first()` and `second()` as described above; `module.pause_at` is where the first one pauses."""
    assert connection.vendor == "postgresql", "row-lock races are proven on PostgreSQL"  # noqa: S101
    real = getattr(module, pause_at)
    first_paused, first_may_go = threading.Event(), threading.Event()
    second_pid: list[int] = []
    second_ready, second_done = threading.Event(), threading.Event()
    outcome = RaceOutcome()

    def paused(*args, **kwargs):
        result = real(*args, **kwargs)
        if threading.current_thread().name == "first" and not first_paused.is_set():
            first_paused.set()
            first_may_go.wait(TIMEOUT)
        return result

    monkeypatch.setattr(module, pause_at, paused)

    def run(name, call):
        try:
            if name == "second":
                second_pid.append(_backend_pid())
                second_ready.set()
            outcome.results[name] = call()
        except ValidationError as exc:
            outcome.results[name] = exc
        finally:
            if name == "second":
                second_done.set()
            connection.close()

    one = threading.Thread(target=run, args=("first", first), name="first")
    two = threading.Thread(target=run, args=("second", second), name="second")
    try:
        one.start()
        assert first_paused.wait(TIMEOUT), "the first call never reached the pause point"  # noqa: S101
        two.start()
        assert second_ready.wait(TIMEOUT), "the second call never started"  # noqa: S101
        while not second_done.wait(0.005):  # a poll interval, not an ordering: the database decides
            if _waits_on_lock(second_pid[0]):
                outcome.second_waited = True
                break
    finally:
        first_may_go.set()
        one.join(TIMEOUT)
        two.join(TIMEOUT)
    return outcome
