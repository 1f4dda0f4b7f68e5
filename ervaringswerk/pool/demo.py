"""Demo peer workers. Issue 3 grows this into the full pool (25+ people)."""

from .models import PeerStatus, PeerWorker

PEERS = [
    # (organisation key, first, last, login or None, status, weekly hours, max residents)
    ("helmond.welzijn", "Ruud", "Verhoeven", "peer.helmond", PeerStatus.ACTIVE, 12, 4),
    ("helmond.welzijn", "Anouk", "Bosmans", None, PeerStatus.ACTIVE, 12, 4),
    ("utrecht.welzijn", "Dewi", "Kartosen", "peer.utrecht", PeerStatus.ACTIVE, 16, 5),
    ("utrecht.welzijn", "Karim", "Benali", None, PeerStatus.PAUSED, 8, 2),
]


def load(ctx) -> None:
    for org_key, first, last, login, status, hours, residents in PEERS:
        organisation = ctx.organisations[org_key]
        PeerWorker.objects.get_or_create(
            municipality=organisation.municipality,
            organisation=organisation,
            first_name=first,
            last_name=last,
            defaults={
                "user": ctx.users.get(login) if login else None,
                "status": status,
                "weekly_hours": hours,
                "max_residents": residents,
            },
        )
