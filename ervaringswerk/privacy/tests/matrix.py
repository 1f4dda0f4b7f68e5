from django.urls import reverse

from ervaringswerk.core.tenancy import Role
from ervaringswerk.core.testing import api, page
from ervaringswerk.pool.tests.matrix import _own, _peer

PEER_ONLY = {Role.PEER_WORKER}
ERASERS = {Role.COORDINATOR, Role.ADMINISTRATOR}

ROWS = [
    page("privacy:my_export", _own("privacy:my_export"), PEER_ONLY),
    page("privacy:my_export_pdf", _own("privacy:my_export_pdf"), PEER_ONLY),
    page("privacy:my_access_log", _own("privacy:my_access_log"), PEER_ONLY),
    # A GET shows what erasing does (or why it cannot); another municipality's id is 404.
    page("privacy:peer_erase", lambda w: reverse("privacy:peer_erase", args=[_peer(w)]), ERASERS, other=404),
    api("api-me-export", _own("api-me-export"), PEER_ONLY),
    # POST only: a GET is 405 for whoever passes the rule, 401/403 for the rest.
    api(
        "peer-worker-erase",
        lambda w: reverse("peer-worker-erase", args=[_peer(w)]),
        ERASERS,
        ok=405,
        other=405,
    ),
]
