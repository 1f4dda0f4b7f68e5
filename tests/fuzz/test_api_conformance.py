"""Issue 17 item 5: Schemathesis over the whole OpenAPI document, as a coordinator, a peer worker and a
policy advisor (`make fuzz`, docs/api.md; not part of the SQLite and PostgreSQL passes of `make test`).

Every operation in the document is called with generated data (examples, coverage, 5 generated cases),
authenticated with a personal token of the role's login in municipality A of the shared `world`
(conftest.py), seeded with the peer worker's own profile, another peer worker, a programme, two open
requests and an active assignment, so reads and writes meet real objects. Each answer must be no server
error and agree with the document: status code, content type, body and headers.

Left out on purpose: `positive_data_acceptance` (schema-valid input must be accepted). Our rules are
stricter than the schema can say: an end date before the start, a programme of another municipality, a
peer worker the caller may not see are documented 400/403/404 problem+json answers that the schema's types
cannot express; the other checks still hold those answers to the document.

The schema is loaded at collection, so Schemathesis makes one test item per operation (its lazy
`from_fixture` loader sets `Node._nodeid`, which pytest 9.2 no longer has).
"""

import datetime
import json
from decimal import Decimal

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ervaringswerk.accounts.services import api_token_create
from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment.models import AssignmentStatus
from ervaringswerk.deployment.tests.factories import make_assignment, make_request
from ervaringswerk.hours.tests.factories import programme_for
from ervaringswerk.pool.tests.factories import make_peer

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

FUZZ_SETTINGS = settings(
    max_examples=5,
    derandomize=True,
    deadline=None,
    # The seeded world is a function-scoped fixture on purpose: each operation starts from the same data
    # (its examples share it, inside the test's transaction).
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)


def load_schema():
    """The document `/api/v1/openapi.json` serves (and `make lint` exports for spectral), made by the same
    generator at collection; the calls go to the Django app through WSGI. (Fetching it through WSGI here
    would open a database transaction, ATOMIC_REQUESTS, before pytest-django allows one.)"""
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(document)))
    loaded.app = get_wsgi_application()
    return loaded


schema = load_schema()
pytestmark = pytest.mark.fuzz


def seed(world) -> None:
    """Real objects for the operations to meet: the peer worker's own profile with an assignment under a
    programme, another peer worker, an open request."""
    t = world.a
    own = make_peer(t, user=t.users[Role.PEER_WORKER], first_name="Eigen", last_name="Profiel")
    make_peer(t, first_name="Tweede", last_name="Peer")
    programme_for(t, start=timezone.localdate() - datetime.timedelta(days=90))
    request = make_request(t, title="Steun bij schulden")
    make_assignment(request, own, hours=Decimal(2), status=AssignmentStatus.ACTIVE)
    make_request(t, title="Inloop eenzaamheid")


@pytest.fixture
def token_for(world):
    seed(world)

    made: dict[str, dict[str, str]] = {}

    def make(role: str) -> dict[str, str]:
        """One token per role and operation (its examples reuse it; a user may hold only ten)."""
        if role not in made:
            _, key = api_token_create(viewer=viewer_for(world.a.users[role]), name="schemathesis")
            made[role] = {"Authorization": f"Token {key}"}
        return made[role]

    return make


@schema.parametrize()
@FUZZ_SETTINGS
def test_api_conforms_as_coordinator(case, token_for):
    case.call_and_validate(headers=token_for(Role.COORDINATOR), checks=CHECKS)


@schema.parametrize()
@FUZZ_SETTINGS
def test_api_conforms_as_peer_worker(case, token_for):
    case.call_and_validate(headers=token_for(Role.PEER_WORKER), checks=CHECKS)


@schema.parametrize()
@FUZZ_SETTINGS
def test_api_conforms_as_policy_advisor(case, token_for):
    case.call_and_validate(headers=token_for(Role.POLICY_ADVISOR), checks=CHECKS)
