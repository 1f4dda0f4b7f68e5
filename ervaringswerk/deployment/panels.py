"""The deployment panels on a peer worker's "Mijn werk": offers waiting for an answer, current deployments."""

from .selectors import current_assignments_for_peer, pending_offers_for_peer


def my_work(request, peer) -> list[tuple[str, dict]]:
    return [
        (
            "deployment/panels/my_work.html",
            {
                "offers": list(pending_offers_for_peer(peer=peer)),
                "assignments": list(current_assignments_for_peer(peer=peer)),
            },
        )
    ]
