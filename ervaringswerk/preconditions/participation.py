"""The participation key of a preconditions round: a keyed hash (HMAC-SHA256) of round and peer worker.

It lets the database refuse a second answer (unique per round) without storing who answered: the hash
differs per round, so participations cannot be linked across rounds, and without the key (derived from
SECRET_KEY with a salt of its own) nobody can tell whose it is. See docs/privacy.md.
"""

from django.conf import settings
from django.utils.crypto import salted_hmac

SALT = "ervaringswerk.preconditions.round-participation"


def participant_key(*, round_id, peer_id, secret: str | None = None) -> str:
    return salted_hmac(SALT, f"{round_id}:{peer_id}", secret=secret, algorithm="sha256").hexdigest()


def participant_keys(*, round_id, peer_id) -> list[str]:
    """The key under the current secret and under every fallback (a rotated SECRET_KEY during an open round
    must not let anyone answer twice)."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [participant_key(round_id=round_id, peer_id=peer_id, secret=s) for s in secrets]
