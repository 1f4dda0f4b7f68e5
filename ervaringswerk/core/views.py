import hmac
import os
import sys

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError, connection, transaction
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from ervaringswerk.accounts.selectors import user_count_by_municipality
from ervaringswerk.core.permissions import can_view_platform_admin
from ervaringswerk.core.tenancy import Role
from ervaringswerk.organisations.selectors import organisation_count_by_municipality

from .access import rule_required
from .api.errors import json_problem_response
from .panels import render_panels
from .permissions import can_view_my_work
from .selectors import municipality_list

START_PAGES = {
    Role.PEER_WORKER: "core:my_work",
    Role.COORDINATOR: "pool:overview",
    Role.PROFESSIONAL: "deployment:request_list",
    Role.TEAM_LEAD: "deployment:request_list",
    Role.POLICY_ADVISOR: "monitoring:overview",
    Role.ADMINISTRATOR: "core:admin_home",
}


@login_required
def home(request):
    """Each role lands on its own start page."""
    role = request.viewer.role
    if role is None:
        return render(request, "core/no_role.html", status=403)
    return redirect(START_PAGES[role])


@rule_required(can_view_my_work)
def my_work(request):
    from ervaringswerk.pool.selectors import peer_worker_for_user

    peer = peer_worker_for_user(viewer=request.viewer)
    panels = render_panels("my_work", request, peer=peer) if peer else []
    return render(request, "core/my_work.html", {"peer": peer, "panels": panels})


@rule_required(can_view_platform_admin)
def admin_home(request):
    municipalities = list(municipality_list(viewer=request.viewer))
    organisations = organisation_count_by_municipality(viewer=request.viewer)
    users = user_count_by_municipality(viewer=request.viewer)
    rows = [
        {"municipality": m, "organisations": organisations.get(m.pk, 0), "users": users.get(m.pk, 0)}
        for m in municipalities
    ]
    # Apps add their parts (the beheer app: new municipality, onboarding checklist, the console).
    panels = render_panels("admin_home", request)
    return render(request, "core/admin_home.html", {"rows": rows, "panels": panels})


@transaction.non_atomic_requests  # with the database down, opening a request transaction would already fail
@require_GET
@never_cache
def health(request):
    """For load balancers and monitoring: database, Redis (the broker) and the worker's heartbeat apart.

    200 "ok" when all answer; 200 "degraded" when the database answers but Redis or the worker does
    not (pages work, background jobs wait); 503 "error" when the database does not answer. In eager
    mode (the embedded demo) there is no broker or worker to ask: they report "eager".
    """
    from . import runtime

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = {"status": "ok", "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - any database failure means unhealthy
        database = {"status": "error", "vendor": connection.vendor, "error": exc.__class__.__name__}
    if settings.CELERY_TASK_ALWAYS_EAGER:
        broker = {"status": "eager"}
        worker = {"status": "eager"}
    else:
        try:
            client = runtime.redis_client()
            client.ping()
            broker = {"status": "ok"}
            age = runtime.heartbeat_age(client=client)
            if age is None:
                worker = {"status": "error", "error": "no heartbeat"}
            else:
                fresh = age <= settings.EW_WORKER_HEARTBEAT_MAX_AGE
                worker = {"status": "ok" if fresh else "error", "heartbeat_age_seconds": round(age, 1)}
        except Exception as exc:  # noqa: BLE001 - any Redis failure means the broker is down
            broker = {"status": "error", "error": exc.__class__.__name__}
            worker = {"status": "unknown"}
    if database["status"] != "ok":
        overall, status = "error", 503
    elif broker["status"] in ("ok", "eager") and worker["status"] in ("ok", "eager"):
        overall, status = "ok", 200
    else:
        overall, status = "degraded", 200
    return JsonResponse(
        {"status": overall, "database": database, "redis": broker, "worker": worker}, status=status
    )


@transaction.non_atomic_requests
@require_GET
@never_cache
def metrics(request):
    """Prometheus metrics (django-prometheus), for the monitoring system only: a bearer token
    (EW_METRICS_TOKEN) or a client address on EW_METRICS_ALLOWED_IPS. Otherwise 404, as if absent.
    With PROMETHEUS_MULTIPROC_DIR set (several gunicorn workers) the workers' figures are merged."""
    from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
    from prometheus_client import REGISTRY as DEFAULT_REGISTRY

    token = settings.EW_METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    by_token = bool(token) and hmac.compare_digest(given.encode(), token.encode())
    by_address = request.META.get("REMOTE_ADDR") in settings.EW_METRICS_ALLOWED_IPS
    if not (by_token or by_address):
        raise Http404
    registry = DEFAULT_REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    if _wants_json(request):
        return json_problem_response(400, _("Het verzoek kon niet worden gelezen."))
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    if _wants_json(request):
        return json_problem_response(403, _("U heeft geen toegang tot deze gegevens."))
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    if _wants_json(request):
        return json_problem_response(404, _("Dit adres of object bestaat niet."))
    return render(request, "404.html", status=404)


# Seconds a client is asked to wait when the database is unreachable (Retry-After on the 503).
DATABASE_RETRY_AFTER = 10


def database_unavailable(exc: BaseException | None) -> bool:
    """True for the errors a stopped, restarting or unreachable database gives (not for bad SQL or a
    constraint): psycopg's OperationalError/InterfaceError, which Django wraps in its own classes."""
    while exc is not None:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def service_unavailable(request):
    """The answer while the database is down: 503 with Retry-After, the Dutch page or problem+json.
    Rendered without the database (no context processors, no session, no user)."""
    if _wants_json(request):
        response = json_problem_response(
            503, _("De dienst is tijdelijk niet beschikbaar. Probeer het over enkele seconden opnieuw.")
        )
    else:
        response = HttpResponse(loader.get_template("503.html").render({}), status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    if _wants_json(request):
        return json_problem_response(500, _("Er ging iets mis aan onze kant. Probeer het later opnieuw."))
    # No context processors: the error may come from them or from the database.

    return HttpResponseServerError(loader.get_template("500.html").render({"title": _("Er ging iets mis")}))


@csrf_exempt  # it changes nothing; without this a POST to an unknown path was Django's English CSRF page
def api_not_found(request, path=""):
    """The API's last route: an unknown path under /api/v1/ is a problem+json 404 whether DEBUG is on or
    off (Django's technical 404 page would answer HTML while debugging), for every method."""
    return page_not_found(request)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without (or with an old) CSRF token. Under /api/ a problem+json 403,
    elsewhere the Dutch page that says what to do; Django's own page is English and technical."""
    if _wants_json(request):
        return json_problem_response(
            403,
            _("Het verzoek mist een geldig CSRF-token. Gebruik een API-token, of laad de pagina opnieuw."),
        )
    return render(request, "403_csrf.html", status=403)
