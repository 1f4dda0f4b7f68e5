"""Shared fixtures: a two-municipality world with one user per role, used by every app's tests."""

from dataclasses import dataclass, field

import pytest

from ervaringswerk.accounts.services import membership_create, user_create
from ervaringswerk.core.services import municipality_create, neighbourhood_create
from ervaringswerk.core.tenancy import Role
from ervaringswerk.organisations.models import OrganisationKind
from ervaringswerk.organisations.services import organisation_create

PASSWORD = "test-wachtwoord-ervaringswerk"  # noqa: S105 - test fixture

ROLE_ORGANISATION = {
    Role.PEER_WORKER: "pool",
    Role.COORDINATOR: "pool",
    Role.PROFESSIONAL: "team",
    Role.TEAM_LEAD: "team",
    Role.POLICY_ADVISOR: "gemeente",
    Role.ADMINISTRATOR: "gemeente",
}


@dataclass
class Tenant:
    municipality: object
    organisations: dict = field(default_factory=dict)
    neighbourhoods: list = field(default_factory=list)
    users: dict = field(default_factory=dict)  # role -> user


@dataclass
class World:
    a: Tenant
    b: Tenant
    platform_admin: object

    def user(self, column: str):
        """A matrix column: a role in A, 'other' (B's coordinator), 'platform_admin' or 'anonymous'."""
        if column == "anonymous":
            return None
        if column == "platform_admin":
            return self.platform_admin
        if column == "other":
            return self.b.users[Role.COORDINATOR]
        return self.a.users[column]


def make_tenant(name: str, code: str) -> Tenant:
    municipality = municipality_create(name=name, cbs_code=code)
    tenant = Tenant(municipality=municipality)
    tenant.neighbourhoods = [
        neighbourhood_create(municipality=municipality, name=f"{name}-{wijk}") for wijk in ("Noord", "Zuid")
    ]
    tenant.organisations = {
        "gemeente": organisation_create(
            municipality=municipality, name=f"Gemeente {name}", kind=OrganisationKind.MUNICIPALITY
        ),
        "pool": organisation_create(
            municipality=municipality, name=f"Welzijn {name}", kind=OrganisationKind.WELFARE
        ),
        "team": organisation_create(
            municipality=municipality,
            name=f"Wijkteam {name}",
            kind=OrganisationKind.NEIGHBOURHOOD_TEAM,
            neighbourhoods=tenant.neighbourhoods,
        ),
    }
    slug = municipality.slug
    for role, org_key in ROLE_ORGANISATION.items():
        user = user_create(
            username=f"{role}.{slug}", password=PASSWORD, first_name=role.label, last_name=name
        )
        membership_create(user=user, organisation=tenant.organisations[org_key], role=role)
        tenant.users[role] = user
    return tenant


@pytest.fixture
def world(db) -> World:
    return World(
        a=make_tenant("Aastad", "GM0001"),
        b=make_tenant("Beedorp", "GM0002"),
        platform_admin=user_create(username="platformbeheer", password=PASSWORD, is_superuser=True),
    )


@pytest.fixture
def client_for(client):
    """Log a test client in as a user (None stays anonymous)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


def pytest_configure(config):
    from django.conf import settings

    # Fast hashing in tests: thousands of logins, none of them real.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests sign in with force_login and a password only; the second-factor tests turn it on themselves.
    settings.EW_REQUIRE_2FA = False


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` (row locks, triggers, concurrency) run in the PostgreSQL pass of `make test`
    and are deselected, not skipped, on SQLite, where the feature they prove does not exist."""
    import os

    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    selected, deselected = [], []
    for item in items:
        (deselected if item.get_closest_marker("postgres") else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture(autouse=True)
def _sqlite_audit_rows_cleared_before_flush(request):
    """Transactional tests (live_server, transaction=True) end with a table flush, which the append-only
    audit triggers on SQLite refuse. Clear the audit rows first, with the triggers lifted for that one
    statement and restored exactly as they were."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or "live_server" in request.fixturenames
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_auditevent'"
        )
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        cursor.execute("DELETE FROM audit_auditevent")
        for _name, sql in triggers:
            cursor.execute(sql)
