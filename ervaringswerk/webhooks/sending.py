"""One HTTP attempt of a delivery: connect to the checked address (targets.py), POST the CloudEvent,
read the status, never follow a redirect, never read more than a little of the answer."""

from dataclasses import dataclass

import certifi
import urllib3
from django.conf import settings

from .targets import Target

USER_AGENT = "Ervaringswerk-Webhooks/1"


@dataclass(frozen=True)
class Outcome:
    status: int | None  # the HTTP status, None when no answer came
    error: str = ""  # the kind of failure (an exception class name), never the answer's text

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def post(target: Target, *, body: bytes, headers: dict) -> Outcome:
    timeout = urllib3.Timeout(
        connect=settings.EW_WEBHOOK_CONNECT_TIMEOUT, read=settings.EW_WEBHOOK_READ_TIMEOUT
    )
    default_port = 443 if target.scheme == "https" else 80
    host_header = target.host if target.port == default_port else f"{target.host}:{target.port}"
    if ":" in target.host and target.port == default_port:  # an IPv6 literal
        host_header = f"[{target.host}]"
    if target.scheme == "https":
        pool: urllib3.HTTPConnectionPool = urllib3.HTTPSConnectionPool(
            target.address,
            target.port,
            timeout=timeout,
            retries=False,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
            server_hostname=target.host,
            assert_hostname=target.host,
        )
    else:
        pool = urllib3.HTTPConnectionPool(target.address, target.port, timeout=timeout, retries=False)
    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body,
            headers={
                **headers,
                "Host": host_header,
                "User-Agent": USER_AGENT,
                "Content-Type": "application/cloudevents+json; charset=utf-8",
            },
            redirect=False,
            preload_content=False,
            assert_same_host=False,
        )
        try:
            response.read(1024, decode_content=False)  # drain a little; the text is not kept
        finally:
            response.release_conn()
        return Outcome(status=response.status)
    except urllib3.exceptions.HTTPError as exc:
        return Outcome(status=None, error=exc.__class__.__name__)
    except OSError as exc:
        return Outcome(status=None, error=exc.__class__.__name__)
    finally:
        pool.close()
