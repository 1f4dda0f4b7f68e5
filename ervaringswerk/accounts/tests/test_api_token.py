"""Personal API tokens: hashed at rest (django-rest-knox), named, expiring, shown once, listed and revoked
by their owner only, never readable afterwards (not in the admin either); the old readable tokens are
invalidated with a notice."""

import hashlib
import importlib
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.accounts.models import ApiToken, RetiredApiTokenNotice, Role
from ervaringswerk.accounts.services import ApiTokenRefused, api_token_create
from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.notifications.models import Notification

TOKEN = re.compile(r'id="new-token">(ew_[0-9a-f]{64})<')


def _create_on_page(client, name="Koppeling zaaksysteem"):
    response = client.post(reverse("accounts:api_token"), {"name": name})
    assert response.status_code == 200
    return response, TOKEN.search(response.content.decode()).group(1)


def _me(api_client, key):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api_client.get(reverse("api-me"))


def test_a_token_is_shown_once_and_only_its_digest_is_stored(world, client_for):
    user = world.a.users[Role.PROFESSIONAL]
    client = client_for(user)
    response, key = _create_on_page(client)
    assert "no-store" in response["Cache-Control"]

    row = ApiToken.objects.get(user=user)
    assert row.name == "Koppeling zaaksysteem"
    assert row.digest == hashlib.sha512(key.encode()).hexdigest()
    # No column of the row holds the token; what is kept readable is its lookup prefix (15 of 67 characters).
    stored = [str(v) for v in ApiToken.objects.filter(pk=row.pk).values().first().values()]
    assert key not in stored and all(len(v) < len(key) or v == row.digest for v in stored)
    assert row.token_key == key[:15]
    # Nor does the audit log.
    assert not any(key in str(e.object_repr) + str(e.details) for e in AuditEvent.objects.all())

    # Shown once: later the page shows the name and the first characters only.
    later = client.get(reverse("accounts:api_token"))
    html = later.content.decode()
    assert key not in html and key[:9] in html and "Koppeling zaaksysteem" in html
    assert "no-store" in later["Cache-Control"]


def test_the_token_has_its_users_scope_and_revoking_stops_it_with_audit_events(world, client_for, api_client):
    user = world.a.users[Role.PROFESSIONAL]
    client = client_for(user)
    _response, key = _create_on_page(client)
    assert _me(api_client, key).json()["role"] == "professional"

    token = ApiToken.objects.get(user=user)
    revoked = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert revoked.status_code == 302
    assert _me(api_client, key).status_code == 401
    assert not ApiToken.objects.filter(pk=token.pk).exists()

    events = AuditEvent.objects.filter(object_type="accounts.apitoken", actor=user, object_id=str(token.pk))
    assert sorted(events.values_list("action", flat=True)) == sorted([AuditAction.CREATE, AuditAction.DELETE])
    assert all("Koppeling" not in e.object_repr for e in events)  # the name is the user's text: not logged
    assert all(e.municipality_id == world.a.municipality.pk for e in events)


def test_a_token_expires_after_the_configured_days_and_use_does_not_extend_it(world, api_client, settings):
    user = world.a.users[Role.COORDINATOR]
    token, key = api_token_create(viewer=viewer_for(user), name="rapportage")
    assert settings.EW_API_TOKEN_DAYS == 90  # the default
    assert abs((token.expiry - token.created) - timedelta(days=90)) < timedelta(seconds=5)

    assert _me(api_client, key).status_code == 200
    token.refresh_from_db()
    first_expiry = token.expiry
    assert _me(api_client, key).status_code == 200
    token.refresh_from_db()
    assert token.expiry == first_expiry  # never renewed by use

    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    response = _me(api_client, key)
    assert response.status_code == 401 and "verlopen" in response.json()["detail"]
    # Kept, marked expired, for its owner to remove.
    assert ApiToken.objects.filter(pk=token.pk).exists()

    settings.EW_API_TOKEN_DAYS = 7
    short, _key = api_token_create(viewer=viewer_for(user), name="kort")
    assert abs((short.expiry - short.created) - timedelta(days=7)) < timedelta(seconds=5)


def test_the_page_marks_an_expired_token(world, client_for):
    user = world.a.users[Role.COORDINATOR]
    token, _key = api_token_create(viewer=viewer_for(user), name="oud")
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(days=1))
    assert "verlopen" in client_for(user).get(reverse("accounts:api_token")).content.decode()


def test_nobody_can_read_a_token_in_the_admin(world, client_for):
    user = world.a.users[Role.COORDINATOR]
    _token, key = api_token_create(viewer=viewer_for(user), name="koppeling")
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert not {"accounts.apitoken", "knox.authtoken", "authtoken.token", "authtoken.tokenproxy"} & registered

    client = client_for(world.platform_admin)
    for path in (
        reverse("admin:index"),
        reverse("admin:accounts_user_change", args=[user.pk]),
        "/admin/accounts/apitoken/",
        "/admin/knox/authtoken/",
    ):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert key not in response.content.decode() and key[15:] not in response.content.decode()
    assert client.get("/admin/accounts/apitoken/").status_code == 404


def test_a_user_lists_and_revokes_only_their_own_tokens(world, client_for, api_client):
    owner = world.a.users[Role.COORDINATOR]
    other = world.a.users[Role.PROFESSIONAL]
    theirs, key = api_token_create(viewer=viewer_for(owner), name="van de coordinator")
    client = client_for(other)
    assert "van de coordinator" not in client.get(reverse("accounts:api_token")).content.decode()
    assert client.post(reverse("accounts:api_token_revoke", args=[theirs.pk])).status_code == 404
    assert _me(api_client, key).status_code == 200


@pytest.mark.parametrize("route", ["token", "api-token"])  # /api/v1/tokens/ and /api/v1/me/tokens/
def test_the_api_lists_creates_once_and_revokes(world, api_client, route):
    user = world.a.users[Role.PEER_WORKER]
    api_client.force_login(user)
    created = api_client.post(reverse(f"{route}-list"), {"name": "agenda"}, format="json")
    assert created.status_code == 201 and created["Cache-Control"] == "no-store"
    body = created.json()
    assert re.fullmatch(r"ew_[0-9a-f]{64}", body["token"]) and body["name"] == "agenda"
    assert body["prefix"] == body["token"][:9] and body["expired"] is False

    listed = api_client.get(reverse(f"{route}-list")).json()
    assert listed["count"] == 1 and "token" not in listed["results"][0]
    assert body["token"] not in str(listed)

    api_client.logout()
    assert _me(api_client, body["token"]).json()["role"] == "peer_worker"
    # A token cannot make a new token (its expiry would mean nothing).
    refused = api_client.post(reverse(f"{route}-list"), {"name": "nog een"}, format="json")
    assert refused.status_code == 403 and ApiToken.objects.filter(user=user).count() == 1
    # But it can revoke, itself included.
    assert api_client.delete(reverse(f"{route}-detail", args=[body["id"]])).status_code == 204
    assert _me(api_client, body["token"]).status_code == 401


def test_the_api_refuses_another_users_token_and_an_empty_name(world, api_client):
    theirs, _key = api_token_create(viewer=viewer_for(world.a.users[Role.COORDINATOR]), name="x")
    api_client.force_login(world.a.users[Role.PROFESSIONAL])
    assert api_client.delete(reverse("api-token-detail", args=[theirs.pk])).status_code == 404
    assert ApiToken.objects.filter(pk=theirs.pk).exists()
    empty = api_client.post(reverse("api-token-list"), {"name": ""}, format="json")
    assert empty.status_code == 400 and empty.json()["invalid_params"][0]["name"] == "name"


def test_a_user_has_at_most_the_configured_number_of_tokens(world, client_for, settings):
    settings.EW_API_TOKEN_MAX_PER_USER = 2
    user = world.a.users[Role.TEAM_LEAD]
    for name in ("een", "twee"):
        api_token_create(viewer=viewer_for(user), name=name)
    with pytest.raises(ApiTokenRefused):
        api_token_create(viewer=viewer_for(user), name="drie")
    page = client_for(user).post(reverse("accounts:api_token"), {"name": "drie"})
    assert page.status_code == 400 and "Trek er eerst een in" in page.content.decode()
    assert ApiToken.objects.filter(user=user).count() == 2


def _editor():
    # What the migration uses of a schema editor (SQLite's own refuses to open inside a test's transaction).
    return SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)


def _legacy_table_with(user, key):
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp with time zone"
            " NOT NULL, user_id uuid NOT NULL)"
            if connection.vendor == "postgresql"
            else "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created datetime NOT NULL,"
            " user_id char(32) NOT NULL)"
        )
        user_id = str(user.pk) if connection.vendor == "postgresql" else user.pk.hex
        cursor.execute(
            "INSERT INTO authtoken_token (key, created, user_id) VALUES (%s, %s, %s)",
            [key, timezone.now() - timedelta(days=400), user_id],
        )


def test_old_readable_tokens_are_invalidated_with_a_notice(world, client_for, api_client):
    from django.apps import apps

    user = world.a.users[Role.COORDINATOR]
    old_key = "0123456789abcdef0123456789abcdef01234567"
    _legacy_table_with(user, old_key)
    migration = importlib.import_module("ervaringswerk.accounts.migrations.0003_retire_readable_tokens")
    migration.retire_readable_tokens(apps, _editor())

    assert "authtoken_token" not in connection.introspection.table_names()  # no readable copy is left
    response = _me(api_client, old_key)
    assert response.status_code == 401 and "oude soort" in response.json()["detail"]

    notification = Notification.objects.get(recipient=user, kind="api_token")
    assert notification.url == reverse("accounts:api_token") and notification.emailed_at is None
    client = client_for(user)
    page = client.get(reverse("accounts:api_token")).content.decode()
    assert 'id="retired-token-notice"' in page and "werkt sinds" in page
    # Another user without an old token sees no notice.
    assert "retired-token-notice" not in (
        client_for(world.a.users[Role.PROFESSIONAL]).get(reverse("accounts:api_token")).content.decode()
    )
    # Creating a new token answers the notice.
    client = client_for(user)
    _response, _key = _create_on_page(client)
    assert not RetiredApiTokenNotice.objects.filter(user=user).exists()
    assert "retired-token-notice" not in client.get(reverse("accounts:api_token")).content.decode()


def test_the_migration_does_nothing_without_the_old_table(world):
    from django.apps import apps

    migration = importlib.import_module("ervaringswerk.accounts.migrations.0003_retire_readable_tokens")
    migration.retire_readable_tokens(apps, _editor())
    assert not RetiredApiTokenNotice.objects.exists()
