from django.db import transaction

from .models import PeerWorker


@transaction.atomic
def peer_worker_create(*, organisation, first_name: str, last_name: str, user=None, **fields) -> PeerWorker:
    peer = PeerWorker(
        municipality=organisation.municipality,
        organisation=organisation,
        first_name=first_name,
        last_name=last_name,
        user=user,
        **fields,
    )
    peer.full_clean()
    peer.save()
    return peer
