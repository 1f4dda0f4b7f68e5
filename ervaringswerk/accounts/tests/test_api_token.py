import re

from django.urls import reverse
from rest_framework.authtoken.models import Token

from ervaringswerk.audit.models import AuditEvent
from ervaringswerk.core.tenancy import Role


def test_a_user_creates_uses_and_revokes_a_personal_token(world, client_for, api_client):
    user = world.a.users[Role.PROFESSIONAL]
    client = client_for(user)
    page = client.post(reverse("accounts:api_token"), {"action": "create"}).content.decode()
    key = re.search(r'id="new-token">([0-9a-f]{40})<', page).group(1)
    assert Token.objects.get(user=user).key == key

    # Shown once: a later visit shows only the first characters.
    later = client.get(reverse("accounts:api_token")).content.decode()
    assert key not in later and key[:6] in later

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.get(reverse("api-me")).json()["role"] == "professional"

    client.post(reverse("accounts:api_token"), {"action": "revoke"})
    assert api_client.get(reverse("api-me")).status_code == 401
    assert AuditEvent.objects.filter(object_type="authtoken.token", actor=user).count() == 2


def test_renewing_replaces_the_old_token(world, client_for, api_client):
    user = world.a.users[Role.COORDINATOR]
    client = client_for(user)
    client.post(reverse("accounts:api_token"), {"action": "create"})
    old = Token.objects.get(user=user).key
    client.post(reverse("accounts:api_token"), {"action": "create"})
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert api_client.get(reverse("api-me")).status_code == 401
