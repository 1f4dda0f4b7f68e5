from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from ervaringswerk.audit.context import bind_request

from .permissions import second_factor_verified
from .selectors import must_use_second_factor
from .viewer import SESSION_MEMBERSHIP_KEY, SESSION_SSO_ROLES_KEY, viewer_for

# Session keys: when the user signed in and when they were last seen (POSIX seconds).
SESSION_AUTH_AT = "ew_auth_at"
SESSION_SEEN_AT = "ew_seen_at"
# Writing the session on every request would cost a database write per page; once a minute is enough
# for a limit measured in minutes.
_SEEN_RESOLUTION = 60


def _now() -> float:
    return timezone.now().timestamp()


class ViewerMiddleware:
    """Attach request.viewer (lazily: static files and health checks never touch the database)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.viewer = SimpleLazyObject(
            lambda: viewer_for(
                request.user,
                request.session.get(SESSION_MEMBERSHIP_KEY),
                sso_roles=request.session.get(SESSION_SSO_ROLES_KEY),
            )
        )
        with bind_request(request):
            return self.get_response(request)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; `Cache-Control: no-store` on every response to a signed-in
    user and on the whole API, so no personal page or record stays in a browser's or proxy's cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.EW_PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if request.path_info.startswith("/api/") or getattr(user, "is_authenticated", False):
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response


class SessionLimitsMiddleware:
    """End a browser session after `EW_SESSION_IDLE_MINUTES` without a request (30 by default) and, whatever
    the activity, `SESSION_COOKIE_AGE` after the login (8 hours). The login records its moment
    (accounts.signals.on_login); a session without one (an older session, a test's force_login) starts
    counting now."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if auth.SESSION_KEY in request.session:
            expired = self._check(request)
            if expired:
                auth.logout(request)
                if not request.path_info.startswith("/api/"):
                    messages.info(request, expired)
                    return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    @staticmethod
    def _check(request) -> str | None:
        session, now = request.session, _now()
        started = session.get(SESSION_AUTH_AT)
        seen = session.get(SESSION_SEEN_AT)
        if started is None:
            session[SESSION_AUTH_AT] = started = now
        if now - started > settings.SESSION_COOKIE_AGE:
            hours = round(settings.SESSION_COOKIE_AGE / 3600)
            return _("U bent uitgelogd: u was langer dan %(hours)s uur ingelogd. Log opnieuw in.") % {
                "hours": hours
            }
        if seen is not None and now - seen > settings.EW_SESSION_IDLE_MINUTES * 60:
            return _("U bent uitgelogd omdat u %(minutes)s minuten niets heeft gedaan. Log opnieuw in.") % {
                "minutes": settings.EW_SESSION_IDLE_MINUTES
            }
        if seen is None or now - seen >= _SEEN_RESOLUTION:
            session[SESSION_SEEN_AT] = now
        return None


# Paths a user who still has to pass or set up the second factor may reach: the code step and the enrolment
# page themselves, signing out, the language switch, static files, health and metrics.
_SECOND_FACTOR_OPEN = (
    "/static/",
    "/i18n/",
    "/health/",
    "/metrics/",
)
_SECOND_FACTOR_OPEN_NAMES = {
    "accounts:logout",
    "accounts:login_code",
    "accounts:two_factor",
    "accounts:passkey_login_begin",
    "accounts:passkey_login_complete",
    "accounts:passkey_jsi18n",
}


class SecondFactorMiddleware:
    """Before anything else: a signed-in session whose user has a second factor passes it (the code step),
    and a user who must have one (accounts.selectors.must_use_second_factor) sets it up first. The API
    answers 403 instead of redirecting."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not second_factor_verified(request) and not self._open(request):
            if user.second_factor_enabled:
                return self._refuse(
                    request, "accounts:login_code", _("Vul eerst de code uit uw app in."), message=False
                )
            if must_use_second_factor(user=user):
                return self._refuse(
                    request,
                    "accounts:two_factor",
                    _("Stel eerst tweestapsverificatie in: dat is verplicht voor uw account."),
                )
        return self.get_response(request)

    @staticmethod
    def _open(request) -> bool:
        if request.path_info.startswith(_SECOND_FACTOR_OPEN):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in _SECOND_FACTOR_OPEN_NAMES

    @staticmethod
    def _refuse(request, url_name: str, text: str, message: bool = True):
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {"type": "about:blank", "title": text, "status": 403},
                status=403,
                content_type="application/problem+json",
            )
        if message:
            messages.warning(request, text)
        target = reverse(url_name)
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
