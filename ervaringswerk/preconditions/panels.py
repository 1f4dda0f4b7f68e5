"""The "Mijn werk" panel: open preconditions rounds of the peer worker's organisation (anonymous answer)."""

from .selectors import rounds_open_for_peer


def my_work(request, peer) -> list[tuple[str, dict]]:
    rounds = rounds_open_for_peer(peer=peer)
    if not rounds:
        return []
    return [("preconditions/panels/my_work.html", {"rounds": rounds})]
