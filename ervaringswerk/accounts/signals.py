"""Logins, logouts and failed logins go into the audit log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from ervaringswerk.audit.models import AuditAction
from ervaringswerk.audit.services import audit_record

from .middleware import SESSION_AUTH_AT, SESSION_SEEN_AT, _now
from .viewer import viewer_for


def on_login(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:  # the absolute and idle limits count from here (SessionLimitsMiddleware)
        session[SESSION_AUTH_AT] = session[SESSION_SEEN_AT] = _now()
    audit_record(
        action=AuditAction.LOGIN,
        viewer=viewer_for(user),
        object_type="accounts.user",
        object_repr=user.get_username(),
    )


def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(
            action=AuditAction.LOGOUT,
            viewer=viewer_for(user),
            object_type="accounts.user",
            object_repr=user.get_username(),
        )


def on_login_failed(sender, credentials, request=None, **kwargs):
    audit_record(
        action=AuditAction.LOGIN_FAILED,
        object_type="accounts.user",
        object_repr=str(credentials.get("username", ""))[:150],
    )


def connect():
    user_logged_in.connect(on_login, dispatch_uid="ew_login")
    user_logged_out.connect(on_logout, dispatch_uid="ew_logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="ew_login_failed")
