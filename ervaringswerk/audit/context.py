"""The actor behind the current unit of work, for audit events written deep inside services.

A request binds it in ViewerMiddleware (and again in the API once DRF has authenticated a token);
a management command binds it with `acting_as`.
"""

import contextlib
import contextvars
from dataclasses import dataclass

from ervaringswerk.core.client_ip import client_ip
from ervaringswerk.core.tenancy import Viewer


@dataclass
class AuditContext:
    viewer_getter: object = None  # callable returning a Viewer, evaluated only when an event is written
    ip_address: str | None = None
    path: str = ""
    channel: str = "web"

    @property
    def viewer(self):
        return self.viewer_getter() if callable(self.viewer_getter) else None


_current: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar("ew_audit", default=None)


def current() -> AuditContext | None:
    return _current.get()


def _client_ip(request) -> str | None:
    # X-Forwarded-For only from the configured trusted proxies (EW_TRUSTED_PROXIES, docs/deployment.md).
    return client_ip(request)


@contextlib.contextmanager
def bind_request(request):
    token = _current.set(
        AuditContext(
            viewer_getter=lambda: getattr(request, "viewer", None),
            ip_address=_client_ip(request),
            path=request.path[:300],
            channel="api" if request.path.startswith("/api/") else "web",
        )
    )
    try:
        yield
    finally:
        _current.reset(token)


def rebind_viewer(viewer: Viewer, channel: str = "api") -> None:
    """After DRF authenticated a token user, make audit events name that user."""
    ctx = _current.get()
    if ctx is None:
        _current.set(AuditContext(viewer_getter=lambda: viewer, channel=channel))
    else:
        ctx.viewer_getter = lambda: viewer
        ctx.channel = channel


@contextlib.contextmanager
def acting_as(viewer: Viewer | None, channel: str = "command"):
    token = _current.set(AuditContext(viewer_getter=lambda: viewer, channel=channel))
    try:
        yield
    finally:
        _current.reset(token)


@contextlib.contextmanager
def anonymous(*, path: str, channel: str = "public"):
    """A write by nobody we may identify (a resident answering the anonymous survey): events get no actor,
    no IP address and only the given `path` (without the code in the URL, which leads to a trajectory)."""
    outer = _current.get()
    if outer is not None and outer.channel == "suppressed":  # bulk demo loading stays silent
        yield
        return
    token = _current.set(AuditContext(viewer_getter=None, ip_address=None, path=path, channel=channel))
    try:
        yield
    finally:
        _current.reset(token)


@contextlib.contextmanager
def suppressed():
    """Bulk demo loading: no per-row events (the command records one summary event instead)."""
    token = _current.set(AuditContext(viewer_getter=None, channel="suppressed"))
    try:
        yield
    finally:
        _current.reset(token)
