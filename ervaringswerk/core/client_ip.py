"""The client's address, for the login lockout (django-axes) and the audit log.

The connecting address (REMOTE_ADDR) is the client unless it is one of the reverse proxies named in
`EW_TRUSTED_PROXIES`. Only then is `X-Forwarded-For` read, from the right: every hop a trusted proxy
added is skipped, and the first address no trusted proxy vouches for is the client. A header sent by
anyone else is ignored, so a forged `X-Forwarded-For` can neither dodge the lockout nor put a false
address in the audit log.

django-ipware (pinned for django-axes) is not used for this decision: its trusted-proxy check looks at the
addresses inside the header, which the client writes itself, not at the address that actually connected.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return any(address.version == n.version and address in n for n in networks)


def client_ip(request) -> str | None:
    remote = _parse(request.META.get("REMOTE_ADDR", "") or "")
    if remote is None:
        return None
    networks = _networks(tuple(getattr(settings, "EW_TRUSTED_PROXIES", ()) or ()))
    if not networks or not _trusted(remote, networks):
        return str(remote)
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    client = remote
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            break  # garbage in the chain: trust nothing left of it
        client = address
        if not _trusted(address, networks):
            break
    return str(client)
