"""Aggregates only. Nothing here returns a row about a single person."""

from django.db.models import Count

from ervaringswerk.deployment.models import DeploymentRequest, RequestStatus
from ervaringswerk.organisations.models import Organisation
from ervaringswerk.pool.models import PeerStatus, PeerWorker


def municipal_overview(*, viewer) -> dict:
    municipality_id = viewer.municipality_id
    peers = dict(
        PeerWorker.objects.filter(municipality_id=municipality_id)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    requests = dict(
        DeploymentRequest.objects.filter(municipality_id=municipality_id)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    organisations = dict(
        Organisation.objects.filter(municipality_id=municipality_id)
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {
        "peers_by_status": [(label, peers.get(value, 0)) for value, label in PeerStatus.choices],
        "peers_active": peers.get(PeerStatus.ACTIVE, 0),
        "requests_by_status": [(label, requests.get(value, 0)) for value, label in RequestStatus.choices],
        "organisations": sum(organisations.values()),
    }
