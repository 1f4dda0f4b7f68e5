from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ervaringswerk.accounts.models import Role
from ervaringswerk.accounts.permissions import can_view_platform_admin
from ervaringswerk.accounts.selectors import user_count_by_municipality
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
    """For load balancers and monitoring: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = {"status": "ok", "vendor": connection.vendor}
        status = 200
    except Exception as exc:  # noqa: BLE001 - any database failure means unhealthy
        database = {"status": "error", "vendor": connection.vendor, "error": exc.__class__.__name__}
        status = 503
    return JsonResponse({"status": "ok" if status == 200 else "error", "database": database}, status=status)


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


def server_error(request):
    if _wants_json(request):
        return json_problem_response(500, _("Er ging iets mis aan onze kant. Probeer het later opnieuw."))
    # No context processors: the error may come from them or from the database.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render({"title": _("Er ging iets mis")}))


def api_not_found(request, path=""):
    """The API's last route: an unknown path under /api/v1/ is a problem+json 404 whether DEBUG is on or
    off (Django's technical 404 page would answer HTML while debugging)."""
    return page_not_found(request)
