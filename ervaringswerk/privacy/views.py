"""Pages for data subjects' rights: my data (JSON, PDF), who looked at my file, erasing a peer worker."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ervaringswerk.audit.services import audit_export
from ervaringswerk.core.access import rule_required
from ervaringswerk.pool.models import PeerWorker
from ervaringswerk.pool.selectors import peer_worker_for_user

from . import services
from .permissions import can_erase_peer_worker, can_export_own_data, can_view_own_access_log
from .selectors import access_log, erasable_peer_get, subject_data


def _own_peer(request) -> PeerWorker:
    peer = peer_worker_for_user(viewer=request.viewer)
    if peer is None:
        raise Http404
    return peer


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _own_data_audited(request, fmt: str) -> dict:
    """The viewer's own data for an export, with the export's audit event."""
    peer = _own_peer(request)
    data = subject_data(viewer=request.viewer, peer=peer)
    audit_export(
        viewer=request.viewer,
        object_type="pool.peerworker",
        description="",
        obj=peer,
        details={"format": fmt},
    )
    return data


@rule_required(can_export_own_data)
def my_export(request):
    """Everything held about me (GDPR art. 15 and 20), as JSON."""
    data = _own_data_audited(request, "json")
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens-ervaringswerk.json"'
    return _no_store(response)


def render_subject_pdf(data: dict) -> bytes:
    from weasyprint import HTML

    sections = []
    for key, value in data.items():
        if key == "about_this_export":
            continue
        rows = value if isinstance(value, list) else [value]
        columns = sorted({c for row in rows if isinstance(row, dict) for c in row})
        sections.append({"key": key, "rows": rows, "columns": columns})
    html = render_to_string("privacy/subject_export_pdf.html", {"sections": sections, "data": data})
    return HTML(string=html).write_pdf()


@rule_required(can_export_own_data)
def my_export_pdf(request):
    data = _own_data_audited(request, "pdf")
    response = HttpResponse(render_subject_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens-ervaringswerk.pdf"'
    return _no_store(response)


@rule_required(can_view_own_access_log)
def my_access_log(request):
    """Who looked at my file: role and organisation, when (NEN 7513 access overview for the subject)."""
    peer = _own_peer(request)
    events = list(access_log(peer=peer))
    from ervaringswerk.core.tenancy import Role

    return _no_store(
        render(
            request,
            "privacy/access_log.html",
            {"peer": peer, "events": events, "roles": dict(Role.choices)},
        )
    )


@rule_required(can_erase_peer_worker)
def peer_erase(request, pk):
    peer = erasable_peer_get(viewer=request.viewer, pk=pk)
    if peer is None:
        raise Http404
    if not can_erase_peer_worker(request.viewer, peer):
        raise PermissionDenied
    refusal = services.peer_worker_erase_refusal(peer)
    if request.method == "POST" and refusal is None:
        if request.POST.get("bevestig") != "ja":
            messages.error(request, _("Vink aan dat u begrijpt dat wissen niet ongedaan kan worden."))
        else:
            try:
                erasure = services.peer_worker_erase(viewer=request.viewer, peer=peer)
            except ValidationError as exc:
                refusal = " ".join(exc.messages)
            else:
                messages.success(
                    request,
                    _("De gegevens zijn gewist. De uren blijven onder het pseudoniem %(p)s bewaard.")
                    % {"p": erasure.pseudonym},
                )
                return redirect("pool:overview" if request.viewer.has_role("coordinator") else "core:home")
    return _no_store(render(request, "privacy/peer_erase.html", {"peer": peer, "refusal": refusal}))
