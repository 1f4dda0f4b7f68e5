"""Where a webhook may go (SSRF protection, docs/api.md "Gebeurtenissen (webhooks)").

A subscription's URL is checked when it is saved and again before every attempt (a name can point
elsewhere by then: DNS rebinding). The delivery connects to the very address that was checked, so a
second DNS answer cannot slip in between the check and the connection.

- `https` only; `http` only to a loopback address, and only where loopback targets are allowed.
- No user name or password in the URL, no fragment.
- Every address the host name resolves to must be public (`ipaddress.is_global`): private networks
  (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16: cloud metadata), shared CGN space,
  multicast, reserved and unspecified addresses are refused. Loopback (127/8, ::1) only when
  EW_WEBHOOK_ALLOW_LOOPBACK is on (default: on outside production, for the demo and the tests).
- EW_WEBHOOK_ALLOWED_NETWORKS (CIDR list) lets an operator allow an internal network on purpose.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # the name, for the Host header, SNI and the certificate check
    port: int
    path: str  # path and query
    address: str  # the checked IP address the connection goes to


def _allowed_networks() -> list:
    return [ipaddress.ip_network(net, strict=False) for net in settings.EW_WEBHOOK_ALLOWED_NETWORKS]


def _address_allowed(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if any(address in net for net in _allowed_networks()):
        return True
    if address.is_loopback:
        return bool(settings.EW_WEBHOOK_ALLOW_LOOPBACK)
    return address.is_global and not address.is_multicast


def _resolve(host: str, port: int) -> list[str]:
    try:
        return [ipaddress.ip_address(host).compressed]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise ValidationError(
            {"url": _("Dit adres is niet te vinden (de naam bestaat niet in DNS).")}, code="unresolvable"
        ) from exc
    return sorted({str(info[4][0]) for info in infos})


def url_check(url: str) -> None:
    """The syntax rules only (no DNS): for a form, before the slower check."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValidationError({"url": _("Geef een volledig https-adres op.")}, code="scheme")
    if parts.username or parts.password:
        raise ValidationError(
            {
                "url": _(
                    "Zet geen gebruikersnaam of wachtwoord in het adres; de handtekening bewijst de afzender."
                )
            },
            code="credentials",
        )
    if parts.fragment:
        raise ValidationError({"url": _("Een adres met een # wordt niet ondersteund.")}, code="fragment")


def target_resolve(url: str) -> Target:
    """Check `url` and return where to connect; ValidationError (on `url`) when it may not be used."""
    url_check(url)
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise ValidationError({"url": _("Het poortnummer in dit adres klopt niet.")}, code="port") from exc
    addresses = _resolve(host, port)
    if not addresses:
        raise ValidationError({"url": _("Dit adres is niet te vinden (de naam bestaat niet in DNS).")})
    parsed = [ipaddress.ip_address(a) for a in addresses]
    if not all(_address_allowed(a) for a in parsed):
        raise ValidationError(
            {
                "url": _(
                    "Dit adres ligt in een intern of privé-netwerk; webhooks gaan alleen naar openbare "
                    "adressen."
                )
            },
            code="private_network",
        )
    if parts.scheme == "http" and not all(a.is_loopback for a in parsed):
        raise ValidationError(
            {"url": _("Gebruik https: gebeurtenissen gaan alleen versleuteld over het internet.")}
        )
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(scheme=parts.scheme, host=host, port=port, path=path, address=addresses[0])
