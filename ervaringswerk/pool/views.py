from django.db.models import Count
from django.http import Http404
from django.shortcuts import render

from ervaringswerk.audit.services import audit_view
from ervaringswerk.core.access import rule_required

from .models import PeerStatus, PeerWorker
from .permissions import can_view_peer_worker, can_view_pool
from .selectors import peer_worker_get, peer_worker_list


@rule_required(can_view_pool)
def overview(request):
    peers = peer_worker_list(viewer=request.viewer)
    counts = {row["status"]: row["n"] for row in peers.values("status").annotate(n=Count("id")).order_by()}
    return render(
        request,
        "pool/overview.html",
        {
            "peers": peers,
            "counts": [(label, counts.get(value, 0)) for value, label in PeerStatus.choices],
            "total": sum(counts.values()),
        },
    )


@rule_required(can_view_peer_worker)
def detail(request, pk):
    try:
        peer = peer_worker_get(viewer=request.viewer, pk=pk)
    except PeerWorker.DoesNotExist as exc:
        raise Http404 from exc
    audit_view(viewer=request.viewer, obj=peer)
    return render(request, "pool/detail.html", {"peer": peer})
