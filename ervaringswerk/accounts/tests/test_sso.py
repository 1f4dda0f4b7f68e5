"""Single sign-on, end to end against a real OpenID Provider: the django-oidc-provider project in
tests/oidc_provider/, started in a subprocess on a free loopback port with its own SQLite database.
The flow is driven as a browser would, with a requests session: the login button, the provider's login
and consent pages, the callback, and the session that results."""

import base64
import hashlib
import html
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from ervaringswerk.accounts.models import Role
from ervaringswerk.accounts.services import membership_create
from ervaringswerk.accounts.sso_config import (
    BACKEND,
    ROLES,
    SSOConfigurationError,
    oidc_settings,
    parse_group_roles,
)
from ervaringswerk.audit.models import AuditAction, AuditEvent

REPO = Path(__file__).resolve().parents[3]
CLIENT_ID = "ervaringswerk-test"
CLIENT_SECRET = "test-client-secret-only-for-the-local-provider"  # noqa: S105 - test fixture
OP_PASSWORD = "op-wachtwoord"  # noqa: S105 - test fixture
GROUP_ROLES = "ew-coordinatoren=coordinator,ew-professionals=professional"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env_for(site: str, callback: str) -> dict:
    """What an operator puts in the environment (docs/deployment.md), for the provider at `site`."""
    issuer = f"{site}/openid"
    return {
        "EW_OIDC_NAME": "Aastad-account",
        "EW_OIDC_ISSUER": issuer,
        "EW_OIDC_AUTHORIZATION_ENDPOINT": f"{issuer}/authorize",
        "EW_OIDC_TOKEN_ENDPOINT": f"{issuer}/token",
        "EW_OIDC_USERINFO_ENDPOINT": f"{issuer}/userinfo",
        "EW_OIDC_JWKS_ENDPOINT": f"{issuer}/jwks",
        "EW_OIDC_CLIENT_ID": CLIENT_ID,
        "EW_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "EW_OIDC_MATCH_CLAIM": "email",
        "EW_OIDC_USER_FIELD": "email",
        "EW_OIDC_GROUP_ROLES": GROUP_ROLES,
        "EW_OIDC_END_SESSION_ENDPOINT": f"{issuer}/end-session",
    }


@pytest.fixture(scope="module")
def provider(tmp_path_factory, live_server):
    """The OpenID Provider, running until the test ends. Its users (by e-mail, with groups):
    coordinator@aastad.test (ew-coordinatoren), intranet@aastad.test (alleen-intranet, not mapped),
    dubbel@aastad.test (ew-professionals), onbekend@aastad.test (no Ervaringswerk account)."""
    tmp_path = tmp_path_factory.mktemp("op")
    port = _free_port()
    site = f"http://127.0.0.1:{port}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "EW_"))},
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OP_SITE_URL": site,
        "OP_DATABASE": str(tmp_path / "op.sqlite3"),
        "PYTHONPATH": str(REPO),
    }
    spec = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uri": f"{live_server.url}{reverse('accounts:sso_callback')}",
        "post_logout_redirect_uri": f"{live_server.url}{reverse('accounts:login')}",
        "users": [
            {"username": "c.jansen", "email": "coordinator@aastad.test", "groups": ["ew-coordinatoren", "x"]},
            {"username": "i.devries", "email": "intranet@aastad.test", "groups": ["alleen-intranet"]},
            {"username": "d.bakker", "email": "dubbel@aastad.test", "groups": ["ew-professionals"]},
            {"username": "o.onbekend", "email": "onbekend@aastad.test", "groups": ["ew-coordinatoren"]},
            # The same coordinator, at the provider with a second factor (amr otp, acr substantial).
            {
                "username": "c.jansen.mfa",
                "email": "coordinator@aastad.test",
                "groups": ["ew-coordinatoren", "mfa"],
            },
        ],
    }
    for person in spec["users"]:
        person["password"] = OP_PASSWORD
    subprocess.run(  # noqa: S603 - our own interpreter and module, fixed arguments
        [sys.executable, "-m", "tests.oidc_provider.setup_op", json.dumps(spec)],
        env=env,
        cwd=REPO,
        check=True,
        timeout=180,
    )
    log = (tmp_path / "op.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        discovery = f"{site}/openid/.well-known/openid-configuration"
        deadline = time.monotonic() + 60  # a wait limit for start-up on a loaded machine, not a speed test
        while True:
            try:
                if requests.get(discovery, timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert process.poll() is None, (tmp_path / "op.log").read_text()
            assert time.monotonic() < deadline, "the test provider did not start"
            time.sleep(0.2)
        yield {"site": site, "discovery": requests.get(discovery, timeout=5).json(), "live": live_server.url}
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture
def sso(provider, settings, world):
    """Ervaringswerk configured for the provider from an environment, as in production."""
    values = oidc_settings(_env_for(provider["site"], provider["live"]))
    for name, value in values.items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    settings.EW_SITE_URL = provider["live"]
    users = world.a.users
    for role, email in (
        (Role.COORDINATOR, "coordinator@aastad.test"),
        (Role.PROFESSIONAL, "intranet@aastad.test"),
    ):
        users[role].email = email
        users[role].save()
    # A team lead who is also a professional; the provider grants only the professional group.
    users[Role.TEAM_LEAD].email = "dubbel@aastad.test"
    users[Role.TEAM_LEAD].save()
    membership_create(
        user=users[Role.TEAM_LEAD], organisation=world.a.organisations["team"], role=Role.PROFESSIONAL
    )
    return provider


def _hidden_inputs(page: str) -> dict:
    found = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and value and 'type="hidden"' in tag:
            found[name.group(1)] = html.unescape(value.group(1))
    return found


def _start(browser: requests.Session, live: str) -> tuple[str, dict]:
    """The login page's button, then our redirect to the provider. Returns that URL and its parameters."""
    login_page = browser.get(f"{live}/inloggen/").text
    button = re.search(
        r'<a[^>]*id="sso-login"[^>]*href="([^"]+)"[^>]*>\s*Inloggen met Aastad-account', login_page
    )
    assert button, "no SSO button on the login page"
    response = browser.get(live + html.unescape(button.group(1)), allow_redirects=False)
    assert response.status_code == 302
    location = response.headers["Location"]
    return location, {k: v[0] for k, v in parse_qs(urlparse(location).query).items()}


def _provider_login_and_consent(browser: requests.Session, authorize_url: str, username: str):
    """At the provider: its login form, then its consent page; returns the response after consent."""
    login = browser.get(authorize_url)  # not signed in there: sent to the provider's login page
    assert "Test provider: sign in" in login.text
    form = _hidden_inputs(login.text)
    consent = browser.post(
        login.url,
        data={**form, "username": username, "password": OP_PASSWORD},
        headers={"Referer": login.url},
    )
    assert "Request for Permission" in consent.text, consent.text[:500]
    decision = _hidden_inputs(consent.text)
    return browser.post(
        urlparse(consent.url)._replace(query="").geturl(),
        data={**decision, "allow": "Authorize"},
        headers={"Referer": consent.url},
    )


def _sso_sign_in(live: str, username: str) -> tuple[requests.Session, requests.Response]:
    browser = requests.Session()
    authorize_url, _params = _start(browser, live)
    return browser, _provider_login_and_consent(browser, authorize_url, username)


def _me(browser: requests.Session, live: str):
    return browser.get(f"{live}/api/v1/me/", headers={"Accept": "application/json"})


@pytest.mark.django_db(transaction=True)
def test_sso_signs_in_through_the_real_provider_with_the_mapped_role(sso):
    live = sso["live"]
    browser = requests.Session()
    authorize_url, params = _start(browser, live)
    assert authorize_url.startswith(sso["discovery"]["authorization_endpoint"])
    assert params["response_type"] == "code" and params["client_id"] == CLIENT_ID

    after = _provider_login_and_consent(browser, authorize_url, "c.jansen")
    assert after.status_code == 200 and after.url.startswith(live) and "inloggen" not in after.url, after.url
    me = _me(browser, live).json()
    assert me["role"] == "coordinator" and me["municipality_code"] == "GM0001"
    login = AuditEvent.objects.filter(action=AuditAction.LOGIN, actor_username="coordinator.aastad")
    assert login.exists()


@pytest.mark.django_db(transaction=True)
def test_a_user_whose_groups_are_not_mapped_is_refused_in_dutch(sso):
    live = sso["live"]
    browser = requests.Session()
    authorize_url, _params = _start(browser, live)
    refused = _provider_login_and_consent(browser, authorize_url, "i.devries")
    assert refused.status_code == 403
    assert "geen van uw groepen daar geeft toegang tot Ervaringswerk" in refused.text
    assert _me(browser, live).status_code == 401  # not signed in


@pytest.mark.django_db(transaction=True)
def test_a_provider_user_without_an_account_is_refused(sso):
    browser = requests.Session()
    authorize_url, _params = _start(browser, sso["live"])
    refused = _provider_login_and_consent(browser, authorize_url, "o.onbekend")
    assert refused.status_code == 403 and "geen Ervaringswerk-account" in refused.text
    assert _me(browser, sso["live"]).status_code == 401


@pytest.mark.django_db(transaction=True)
def test_roles_come_only_through_the_mapping(sso, world):
    """The team lead is also a professional; the provider grants only the professional group, so the
    session is a professional's and the team lead membership cannot be used."""
    browser = requests.Session()
    authorize_url, _params = _start(browser, sso["live"])
    _provider_login_and_consent(browser, authorize_url, "d.bakker")
    assert _me(browser, sso["live"]).json()["role"] == "professional"
    # Such a session cannot make an API token (a token would carry the team lead membership too).
    page = browser.get(f"{sso['live']}{reverse('accounts:api_token')}").text
    assert 'id="create-refused"' in page and "een token krijgt al uw rollen" in page


@pytest.mark.django_db(transaction=True)
def test_pkce_code_challenge_is_sent_and_the_provider_checks_it(sso):
    live = sso["live"]
    browser = requests.Session()
    authorize_url, params = _start(browser, live)
    assert params["code_challenge_method"] == "S256"
    # The challenge is the S256 of the verifier kept in our session (RFC 7636 §4.2).
    session = SessionStore(session_key=browser.cookies["sessionid"])
    verifier = session["oidc_states"][params["state"]]["code_verifier"]
    assert 43 <= len(verifier) <= 128
    expected = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    assert params["code_challenge"] == expected
    assert params.get("nonce") and params["scope"].split()[0] == "openid"

    # With a different verifier at the token exchange the provider refuses the code: no sign-in.
    session["oidc_states"][params["state"]]["code_verifier"] = "x" * 64
    session.save()
    refused = _provider_login_and_consent(browser, authorize_url, "c.jansen")
    assert refused.status_code == 403 and "niet gelukt" in refused.text
    assert _me(browser, live).status_code == 401


def test_without_configuration_there_is_no_button_and_no_sso_pages(client, db):
    assert 'id="sso-login"' not in client.get(reverse("accounts:login")).content.decode()
    assert client.get(reverse("accounts:sso_login")).status_code == 404
    assert client.get(reverse("accounts:sso_callback")).status_code == 404


def test_the_button_names_the_configured_provider(client, db, settings):
    for name, value in oidc_settings(_env_for("http://127.0.0.1:9", "")).items():
        setattr(settings, name, value)
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Inloggen met Aastad-account" in page and reverse("accounts:sso_login") in page
    redirect = client.get(reverse("accounts:sso_login"))
    assert redirect.status_code == 302 and redirect["Location"].startswith(
        "http://127.0.0.1:9/openid/authorize?"
    )


def test_configuration_comes_from_the_environment_and_is_checked():
    assert oidc_settings({}) == {"EW_OIDC_ENABLED": False, "EW_OIDC_NAME": "", "EW_OIDC_GROUP_ROLES": {}}
    values = oidc_settings(_env_for("https://login.example.nl", ""))
    assert values["OIDC_USE_PKCE"] is True and values["OIDC_PKCE_CODE_CHALLENGE_METHOD"] == "S256"
    assert values["OIDC_CREATE_USER"] is False
    assert values["EW_OIDC_GROUP_ROLES"] == {
        "ew-coordinatoren": "coordinator",
        "ew-professionals": "professional",
    }
    with pytest.raises(SSOConfigurationError, match="half configured"):
        oidc_settings({"EW_OIDC_ISSUER": "https://login.example.nl"})
    with pytest.raises(SSOConfigurationError, match="unknown role"):
        parse_group_roles("beheer=superuser")
    with pytest.raises(SSOConfigurationError, match="mapped twice"):
        parse_group_roles("a=coordinator,a=professional")
    assert parse_group_roles("") == {}  # no mapping, no role
    assert set(ROLES) == set(Role.values)


# --- single sign-on and the second factor (EW_REQUIRE_2FA) ------------------------------------------


def _require_2fa(settings, *, amr="", acr=""):
    settings.EW_REQUIRE_2FA = True
    values = oidc_settings(
        {
            **_env_for(settings.EW_OIDC_ISSUER.removesuffix("/openid"), ""),
            "EW_OIDC_MFA_AMR": amr,
            "EW_OIDC_MFA_ACR": acr,
        }
    )
    for name in ("EW_OIDC_MFA_AMR", "EW_OIDC_MFA_ACR", "OIDC_AUTH_REQUEST_EXTRA_PARAMS"):
        setattr(settings, name, values[name])


@pytest.mark.django_db(transaction=True)
def test_the_providers_second_factor_counts_only_when_its_amr_or_acr_is_configured(sso, settings):
    """The coordinator has no second factor of ours. The provider says it asked for a one-time code
    (amr otp, acr substantial): with that amr or acr configured the session counts as two-factor."""
    live = sso["live"]
    for config in ({"amr": "otp,hwk"}, {"acr": "urn:test:loa:substantial"}):
        _require_2fa(settings, **config)
        browser, after = _sso_sign_in(live, "c.jansen.mfa")
        assert after.status_code == 200 and "tweestapsverificatie" not in after.url, after.url
        me = _me(browser, live)
        assert me.status_code == 200 and me.json()["role"] == "coordinator", config
        session = SessionStore(session_key=browser.cookies["sessionid"])
        assert session["ew_sso_mfa"] is True
    # The same provider answer without our configuration is a password only: set up our second factor.
    _require_2fa(settings)
    browser, after = _sso_sign_in(live, "c.jansen.mfa")
    assert after.url.startswith(f"{live}{reverse('accounts:two_factor')}"), after.url
    assert _me(browser, live).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_without_the_providers_second_factor_our_code_step_follows_sso(sso, settings, world):
    import pyotp

    from ervaringswerk.accounts.services import totp_enrolment_confirm, totp_enrolment_start

    _require_2fa(settings, amr="otp")
    user = world.a.users[Role.COORDINATOR]
    device = totp_enrolment_start(user=user)
    totp = pyotp.TOTP(base64.b32encode(device.bin_key).decode())
    totp_enrolment_confirm(user=user, code=totp.now())
    live = sso["live"]
    # Password only at the provider (amr pwd): not signed in yet, the code step follows.
    browser, after = _sso_sign_in(live, "c.jansen")
    assert after.url.startswith(f"{live}{reverse('accounts:login_code')}"), after.url
    assert _me(browser, live).status_code == 401
    # A wrong code is refused in Dutch and signs nobody in.
    step = f"{live}{reverse('accounts:login_code')}"
    wrong = browser.post(
        step, data={**_hidden_inputs(after.text), "code": "000000"}, headers={"Referer": step}
    )
    assert "Deze code klopt niet" in wrong.text and _me(browser, live).status_code == 401
    device.refresh_from_db()
    device.throttling_failure_timestamp = None  # the wrong code slowed the next try down; no waiting here
    device.throttling_failure_count = 0
    device.save()
    # The right code: signed in, with the role the provider's group maps to (SSO roles kept).
    page = browser.get(step).text
    # The next time step's code (the current one was used at enrolment; a code works once).
    code = totp.at(time.time() + 30)
    done = browser.post(step, data={**_hidden_inputs(page), "code": code}, headers={"Referer": step})
    assert done.status_code == 200 and "inloggen" not in done.url, done.url
    me = _me(browser, live)
    assert me.status_code == 200 and me.json()["role"] == "coordinator"
    session = SessionStore(session_key=browser.cookies["sessionid"])
    assert session["ew_sso_roles"] == ["coordinator"] and not session.get("ew_sso_mfa")


@pytest.mark.django_db(transaction=True)
def test_logging_out_ends_the_provider_session_too(sso, settings):
    """RP-initiated logout: our logout sends the browser to the provider's end_session_endpoint with the
    ID token as hint; the provider ends its session and sends the browser back to our login page."""
    live = sso["live"]
    browser, after = _sso_sign_in(live, "c.jansen")
    assert _me(browser, live).status_code == 200
    assert browser.cookies.get("op_sessionid")
    page = browser.get(f"{live}/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    out = browser.post(
        f"{live}{reverse('accounts:logout')}",
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": f"{live}/"},
        allow_redirects=False,
    )
    assert out.status_code == 302
    location = out.headers["Location"]
    assert location.startswith(sso["discovery"]["end_session_endpoint"])
    query = {k: v[0] for k, v in parse_qs(urlparse(location).query).items()}
    assert query["post_logout_redirect_uri"] == f"{live}{reverse('accounts:login')}"
    assert query["id_token_hint"].count(".") == 2 and query["client_id"] == CLIENT_ID
    back = browser.get(location)
    assert back.url == f"{live}{reverse('accounts:login')}"
    assert _me(browser, live).status_code == 401
    # Signed out at the provider as well: the next SSO start asks for the provider's password again.
    authorize_url, _params = _start(browser, live)
    assert "Test provider: sign in" in browser.get(authorize_url).text
    # Our session no longer holds the ID token.
    assert "oidc_id_token" not in SessionStore(session_key=browser.cookies.get("sessionid", "x")).load()


def test_a_password_login_logs_out_locally_only(world, client, settings):
    for name, value in oidc_settings(_env_for("http://127.0.0.1:9", "")).items():
        setattr(settings, name, value)
    client.force_login(world.a.users[Role.COORDINATOR])
    out = client.post(reverse("accounts:logout"))
    assert out.status_code == 302 and not out["Location"].startswith("http://127.0.0.1:9")


def test_second_factor_and_logout_settings_come_from_the_environment():
    env = _env_for("https://login.example.nl", "")
    plain = oidc_settings({k: v for k, v in env.items() if k != "EW_OIDC_END_SESSION_ENDPOINT"})
    # Nothing configured: the provider's word on a second factor never counts; logout stays local and no
    # ID token is kept.
    assert plain["EW_OIDC_MFA_AMR"] == frozenset() and plain["EW_OIDC_MFA_ACR"] == frozenset()
    assert plain["OIDC_AUTH_REQUEST_EXTRA_PARAMS"] == {}
    assert plain["OIDC_STORE_ID_TOKEN"] is False and "OIDC_OP_LOGOUT_URL_METHOD" not in plain
    values = oidc_settings({**env, "EW_OIDC_MFA_AMR": " otp, hwk ,", "EW_OIDC_MFA_ACR": "urn:a urn:b"})
    assert values["EW_OIDC_MFA_AMR"] == {"otp", "hwk"} and values["EW_OIDC_MFA_ACR"] == {"urn:a", "urn:b"}
    # The wanted level is asked for; what counts is still what the ID token says.
    assert values["OIDC_AUTH_REQUEST_EXTRA_PARAMS"] == {"acr_values": "urn:a urn:b"}
    assert values["OIDC_STORE_ID_TOKEN"] is True  # only as the id_token_hint for the provider's logout
    assert values["OIDC_OP_LOGOUT_URL_METHOD"] == "ervaringswerk.accounts.sso.provider_logout_url"
    assert values["EW_OIDC_END_SESSION_ENDPOINT"] == "https://login.example.nl/openid/end-session"
    with pytest.raises(SSOConfigurationError, match="pwd"):
        oidc_settings({**env, "EW_OIDC_MFA_AMR": "pwd"})  # a password alone is never a second factor
