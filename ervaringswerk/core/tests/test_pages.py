import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse

from conftest import PASSWORD
from ervaringswerk.core import views
from ervaringswerk.core.tenancy import Role

START = {
    Role.PEER_WORKER: "/mijn-werk/",
    Role.COORDINATOR: "/pool/",
    Role.PROFESSIONAL: "/verzoeken/",
    Role.TEAM_LEAD: "/verzoeken/",
    Role.POLICY_ADVISOR: "/monitoring/",
    Role.ADMINISTRATOR: "/beheer/",
}


@pytest.mark.parametrize("role", list(START))
def test_login_through_the_form_lands_on_the_role_start_page(world, client, role):
    user = world.a.users[role]
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == START[role]
    assert response.status_code == 200


def test_user_without_membership_gets_a_clear_page(db, client):
    from ervaringswerk.accounts.services import user_create

    user = user_create(username="zonder.rol", password=PASSWORD)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("core:home"))
    assert response.status_code == 403
    assert "nog geen rol" in response.content.decode()


def test_login_form_keeps_username_and_explains(world, client):
    response = client.post(reverse("accounts:login"), {"username": "coordinator.aastad", "password": "fout"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "kennen we niet" in page
    assert 'value="coordinator.aastad"' in page
    assert 'aria-invalid="true"' in page or "utrecht-alert--error" in page


def test_empty_and_oversized_login_fields_are_refused_kindly(world, client):
    response = client.post(reverse("accounts:login"), {"username": "", "password": ""})
    assert response.status_code == 200 and "Dit veld is vereist" in response.content.decode()
    response = client.post(reverse("accounts:login"), {"username": "x" * 5000, "password": "y" * 5000})
    assert response.status_code == 200
    assert "niet meer dan 150 tekens" in response.content.decode()


def test_repeated_failures_lock_the_account_temporarily(world, client, settings):
    username = world.a.users[Role.COORDINATOR].username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": username, "password": "fout"})
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Te veel mislukte inlogpogingen" in response.content.decode()


def test_error_pages_are_dutch(world, client_for):
    client = client_for(world.a.users[Role.PEER_WORKER])
    not_found = client.get("/bestaat-niet/")
    assert not_found.status_code == 404 and "Deze pagina bestaat niet" in not_found.content.decode()
    forbidden = client.get(reverse("pool:overview"))
    assert forbidden.status_code == 403 and "geen toegang" in forbidden.content.decode()


def test_server_error_page_is_dutch_and_needs_no_database():
    request = RequestFactory().get("/ergens/")
    response = views.server_error(request)
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
    api = views.server_error(RequestFactory().get("/api/v1/iets/"))
    assert api.status_code == 500 and api["Content-Type"] == "application/problem+json"


def test_health_reports_database_status(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["database"]["status"] == "ok"


def test_health_is_503_when_the_database_fails(client, db):
    from django.db import OperationalError

    broken = mock.Mock(vendor="postgresql")
    broken.cursor.side_effect = OperationalError("connection refused")
    with mock.patch.object(views, "connection", broken):
        response = client.get(reverse("health"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == {"status": "error", "vendor": "postgresql", "error": "OperationalError"}


def test_pages_send_security_headers(world, client_for):
    response = client_for(world.a.users[Role.COORDINATOR]).get(reverse("pool:overview"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_dutch_is_the_default_even_for_an_english_browser(world, client_for):
    client = client_for(world.a.users[Role.COORDINATOR])
    response = client.get(reverse("pool:overview"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="nl"' in response.content.decode()


def test_load_demo_is_idempotent(db, settings):
    from ervaringswerk.accounts.models import Membership, User
    from ervaringswerk.organisations.models import Organisation

    settings.DEBUG = True
    call_command("load_demo", "--quiet-logins")
    counts = (User.objects.count(), Membership.objects.count(), Organisation.objects.count())
    call_command("load_demo", "--quiet-logins")
    assert (User.objects.count(), Membership.objects.count(), Organisation.objects.count()) == counts
    assert set(User.objects.values_list("username", flat=True)) >= {
        "beheer",
        *(
            f"{r}.{m}"
            for r in ("coordinator", "peer", "professional", "teamlead", "policy")
            for m in ("helmond", "utrecht")
        ),
    }


def test_load_demo_is_refused_without_debug(db, settings):
    settings.DEBUG = False
    settings.EW_DEMO = False
    with pytest.raises(CommandError, match="EW_DEMO"):
        call_command("load_demo")


def test_load_demo_runs_with_debug_off_in_demo_mode_but_never_in_production(db, settings):
    """`make demo` runs like the product (DEBUG off) and says so with EW_DEMO; production never loads it."""
    from ervaringswerk.accounts.models import User

    settings.DEBUG = False
    settings.EW_DEMO = True
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="productie"):
        call_command("load_demo", "--quiet-logins")
    assert not User.objects.filter(username="coordinator.helmond").exists()
    settings.PRODUCTION = False
    call_command("load_demo", "--quiet-logins")
    assert User.objects.filter(username="coordinator.helmond").exists()


def test_make_demo_serves_with_debug_off():
    makefile = (Path(__file__).resolve().parents[3] / "Makefile").read_text()
    demo_recipe = makefile.split("\ndemo:")[1].split("\n\n")[0]
    assert "DJANGO_DEBUG=0" in demo_recipe and "EW_DEMO=1" in demo_recipe


def test_static_files_are_served_with_debug_off(client, settings):
    """The demo has DEBUG off, so Django's static view is gone: WhiteNoise serves the files."""
    settings.DEBUG = False
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content])


def test_dutch_error_pages_with_debug_off(client, db, settings):
    settings.DEBUG = False
    page = client.get("/bestaat-niet/")
    assert page.status_code == 404 and "Deze pagina bestaat niet" in page.content.decode()
    assert "Page not found" not in page.content.decode()
    api = client.get("/api/v1/bestaat-niet/")
    assert api.status_code == 404 and api["Content-Type"] == "application/problem+json"


def test_check_deploy_with_production_settings_reports_nothing():
    root = Path(__file__).resolve().parents[3]
    env = {
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "x9!" + "k" * 20 + "Q7#p2L@v8Zr$" + "m" * 20 + "w4&",
        "DJANGO_ALLOWED_HOSTS": "ervaringswerk.example.nl",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
