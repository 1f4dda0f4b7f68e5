"""Signing a delivery, after the Standard Webhooks specification (standardwebhooks.com), so that receivers
can use its libraries or the ten lines in docs/api.md.

Headers: `webhook-id` (the delivery id: the same on every retry, for de-duplication), `webhook-timestamp`
(Unix seconds of this attempt) and `webhook-signature: v1,<base64 HMAC-SHA256>` over
`"<webhook-id>.<webhook-timestamp>.<body>"` with the subscription's secret (the bytes after `whsec_`,
base64-decoded). A receiver refuses a timestamp more than five minutes away from its clock (replays)."""

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"  # noqa: S105 - the prefix of every secret, not a secret
TOLERANCE_SECONDS = 300


def secret_new() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def signature(*, secret: str, delivery_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{delivery_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signature_valid(*, secret: str, headers, body: bytes, now: int) -> bool:
    """What a receiver does (used by the tests): the timestamp is recent and one signature matches."""
    try:
        timestamp = int(headers["webhook-timestamp"])
    except (KeyError, TypeError, ValueError):
        return False
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        return False
    expected = signature(
        secret=secret, delivery_id=headers.get("webhook-id", ""), timestamp=timestamp, body=body
    )
    offered = (headers.get("webhook-signature") or "").split()
    return any(hmac.compare_digest(expected, candidate) for candidate in offered)
