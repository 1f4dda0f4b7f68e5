"""The pool's panel on "Mijn werk": profile completeness, pause state and the check-in."""

from django.utils import timezone

from .selectors import open_talk_signal, own_check_ins, peer_availability, profile_completeness


def my_work(request, peer) -> list[tuple[str, dict]]:
    today = timezone.localdate()
    last = own_check_ins(viewer=request.viewer, peer=peer).first()
    return [
        (
            "pool/panels/my_work.html",
            {
                "peer": peer,
                "completeness": profile_completeness(peer=peer),
                "availability": peer_availability(peer=peer, day=today),
                "paused_now": peer.self_paused_on(today),
                "pause_planned": peer.pause_start is not None and peer.pause_start > today,
                "last_check_in": last,
                "talk_open": open_talk_signal(viewer=request.viewer, peer=peer) is not None,
            },
        )
    ]
