from django.db.models import QuerySet

from ervaringswerk.accounts.models import Role

from .models import PeerWorker


def peer_worker_list(*, viewer) -> QuerySet[PeerWorker]:
    """Coordinators see their own pool organisation's peer workers; a peer worker only themself."""
    qs = PeerWorker.objects.filter(municipality_id=viewer.municipality_id).select_related("organisation")
    if viewer.role == Role.COORDINATOR:
        return qs.filter(organisation_id=viewer.organisation.pk)
    if viewer.role == Role.PEER_WORKER:
        return qs.filter(user_id=viewer.user.pk)
    return qs.none()


def peer_worker_get(*, viewer, pk) -> PeerWorker:
    return peer_worker_list(viewer=viewer).get(pk=pk)


def peer_worker_for_user(*, viewer) -> PeerWorker | None:
    return (
        PeerWorker.objects.filter(municipality_id=viewer.municipality_id, user_id=viewer.user.pk)
        .select_related("organisation")
        .first()
    )
