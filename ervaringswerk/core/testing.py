"""Support for the permission matrix: every URL × every role (plus anonymous, the platform administrator
and a coordinator of another municipality), each cell an expected HTTP status.

Every app lists its rows in `<app>/tests/matrix.py` as ROWS. tests/test_permission_matrix.py collects
them and fails for any named URL without a row, so a new page cannot ship unexamined.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from ervaringswerk.core.tenancy import Role

TENANT_ROLES = [
    Role.PEER_WORKER,
    Role.COORDINATOR,
    Role.PROFESSIONAL,
    Role.TEAM_LEAD,
    Role.POLICY_ADVISOR,
    Role.ADMINISTRATOR,
]
COLUMNS = ["anonymous", *[str(r) for r in TENANT_ROLES], "platform_admin", "other"]


@dataclass
class Row:
    url_name: str
    path: Callable  # world -> path
    expect: dict = field(default_factory=dict)  # column -> status
    method: str = "get"
    data: dict | None = None


def page(url_name, path, allowed, *, other=None, platform_admin=403, anonymous=302, denied=403, ok=200):
    """An HTML page: anonymous users are sent to the login page, roles outside `allowed` get `denied`."""
    expect = {"anonymous": anonymous, "platform_admin": platform_admin}
    for role in TENANT_ROLES:
        expect[str(role)] = ok if role in allowed else denied
    expect["other"] = other if other is not None else (ok if Role.COORDINATOR in allowed else denied)
    return Row(url_name, path, expect)


def api(url_name, path, allowed, *, other=None, platform_admin=403, ok=200, denied=403):
    """An API endpoint: anonymous callers get 401 (with WWW-Authenticate), the rest as for pages."""
    row = page(
        url_name,
        path,
        allowed,
        other=other,
        platform_admin=platform_admin,
        anonymous=401,
        ok=ok,
        denied=denied,
    )
    return row


def same_for_all(url_name, path, status, *, anonymous=None, method="get"):
    expect = dict.fromkeys(COLUMNS, status)
    if anonymous is not None:
        expect["anonymous"] = anonymous
    return Row(url_name, path, expect, method=method)
