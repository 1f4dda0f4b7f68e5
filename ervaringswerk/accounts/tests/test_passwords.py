"""Issue 12, item 9: every user changes their own password, and resets it by e-mail without the page
telling whether an address has an account."""

import datetime
import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from ervaringswerk.accounts.models import Role
from ervaringswerk.audit.models import AuditAction, AuditEvent

NEW = "een-nieuw-lang-wachtwoord-voor-de-test"  # noqa: S105 - test value


def test_every_signed_in_user_can_change_their_password(world, client):
    for user in [*world.a.users.values(), world.platform_admin]:
        client.logout()
        client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
        response = client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
        )
        assert response.status_code == 302 and response.url == reverse("accounts:password_change_done")
        user.refresh_from_db()
        assert user.check_password(NEW)
        # Still signed in after the change (the session hash was updated).
        assert client.get(reverse("accounts:password_change_done")).status_code == 200
        event = AuditEvent.objects.get(action=AuditAction.PASSWORD_CHANGED, actor=user)
        assert event.object_id == str(user.pk) and NEW not in str(event.__dict__)


def test_a_wrong_current_password_is_refused_in_dutch_and_nothing_changes(world, client_for):
    user = world.a.users[Role.PEER_WORKER]
    client = client_for(user)
    page = client.post(
        reverse("accounts:password_change"),
        {"old_password": "fout", "new_password1": NEW, "new_password2": NEW},
    ).content.decode()
    assert "Uw huidige wachtwoord klopt niet" in page and "Controleer de invoer" in page
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    short = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "kort", "new_password2": "kort"},
    ).content.decode()
    assert 'aria-invalid="true"' in short


def test_changing_the_password_ends_other_sessions(world, client, django_user_model):
    from django.test import Client

    user = world.a.users[Role.COORDINATOR]
    other = Client()
    other.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert other.get(reverse("pool:overview")).status_code == 200
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert other.get(reverse("pool:overview")).status_code == 302


def _reset_link(message) -> str:
    return re.search(r"https?://\S+/account/wachtwoord-herstellen/\S+/", message.body).group(0)


def test_reset_by_e_mail_sets_a_new_password_once(world, client, settings):
    settings.EW_SITE_URL = "https://ervaringswerk.example.nl"
    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]  # as if a proxy passed any Host on
    user = world.a.users[Role.COORDINATOR]
    user.email = "coordinator@example.nl"
    user.save()
    response = client.post(
        reverse("accounts:password_reset"), {"email": "Coordinator@Example.nl"}, HTTP_HOST="evil.example"
    )
    assert response.status_code == 302 and response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["coordinator@example.nl"]
    assert mail.outbox[0].subject == "Nieuw wachtwoord voor Ervaringswerk"
    link = _reset_link(mail.outbox[0])
    # The link starts with the configured site address, never with the Host header the request sent.
    assert link.startswith("https://ervaringswerk.example.nl/") and "evil" not in mail.outbox[0].body
    path = link.removeprefix("https://ervaringswerk.example.nl")
    form_page = client.get(path, follow=True)
    assert "Nieuw wachtwoord kiezen" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done.url == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert AuditEvent.objects.filter(
        action=AuditAction.PASSWORD_RESET_REQUESTED, object_id=str(user.pk)
    ).exists()
    assert AuditEvent.objects.get(action=AuditAction.PASSWORD_RESET, object_id=str(user.pk)).actor == user
    # Used once: the same link no longer works.
    again = client.get(path, follow=True).content.decode()
    assert "Deze link werkt niet" in again


def test_reset_does_not_reveal_whether_an_address_exists(world, client):
    user = world.a.users[Role.PROFESSIONAL]
    user.email = "bekend@example.nl"
    user.save()
    known = client.post(reverse("accounts:password_reset"), {"email": "bekend@example.nl"}, follow=True)
    unknown = client.post(reverse("accounts:password_reset"), {"email": "onbekend@example.nl"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert known.status_code == unknown.status_code == 200

    def visible(response):
        text = response.content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)

    assert visible(known) == visible(unknown)
    assert len(mail.outbox) == 1  # only the known address got a mail


def test_reset_form_keeps_the_address_on_error(db, client):
    page = client.post(reverse("accounts:password_reset"), {"email": "geen-adres"}).content.decode()
    assert 'value="geen-adres"' in page and "Controleer de invoer" in page
    assert len(mail.outbox) == 0


def test_a_reset_still_asks_for_the_second_factor(world, client, settings):
    """A reset changes the password only: it never signs in, so the code step still follows."""
    user = world.a.users[Role.TEAM_LEAD]
    user.email = "teamlead@example.nl"
    user.save()
    client.post(reverse("accounts:password_reset"), {"email": "teamlead@example.nl"})
    path = re.sub(r"^https?://[^/]+", "", _reset_link(mail.outbox[0]))
    set_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert client.get(reverse("pool:overview")).status_code == 302  # not signed in


def test_login_page_links_to_the_reset(db, client):
    assert reverse("accounts:password_reset") in client.get(reverse("accounts:login")).content.decode()


def test_the_password_pages_speak_english_when_chosen(world, client_for):
    client = client_for(world.a.users[Role.COORDINATOR])
    client.cookies["django_language"] = "en"
    assert "Current password" in client.get(reverse("accounts:password_change")).content.decode()
    client.logout()  # the test client drops every cookie here
    client.cookies["django_language"] = "en"
    page = client.get(reverse("accounts:password_reset")).content.decode()
    assert "Forgot password" in page and "Send link" in page


def test_a_refused_password_is_never_echoed_back(world, client_for):
    """The shared form-field template offers a de-identified version of refused free text; a password (and a
    one-time code) is never run through it, so a name-like password never appears in the page."""
    client = client_for(world.a.users[Role.PEER_WORKER])
    typed = "Anna de Vries woont in Utrecht"  # noqa: S105 - looks like personal data on purpose
    page = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": typed, "new_password2": typed + " niet gelijk"},
    ).content.decode()
    assert "niet gelijk" in page and "Anna" not in page and "Vries" not in page


# --- rate limit on reset mails -------------------------------------------------------------------------


def _visible(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _with_address(user, address):
    user.email = address
    user.save()
    return user


def test_reset_mails_are_limited_per_address_per_hour_with_the_same_page(
    world, client, settings, monkeypatch
):
    settings.EW_PASSWORD_RESET_MAILS_PER_ADDRESS = 2
    settings.EW_PASSWORD_RESET_MAILS_PER_IP = 100
    user = _with_address(world.a.users[Role.COORDINATOR], "coordinator@example.nl")
    url = reverse("accounts:password_reset")
    answers = [
        client.post(url, {"email": "Coordinator@example.nl"}, REMOTE_ADDR=f"198.51.100.{i}", follow=True)
        for i in range(4)
    ]
    # Two mails for the address in the hour, whatever address the requests came from; the page answers
    # the same for the limited requests as for the others (no telling whether a limit or an account exists).
    assert len(mail.outbox) == 2
    assert len({_visible(a) for a in answers}) == 1
    assert {a.redirect_chain[-1][0] for a in answers} == {reverse("accounts:password_reset_done")}
    limited = AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET_LIMITED, object_id=str(user.pk))
    assert limited.count() == 2 and {e.details["limit"] for e in limited} == {"address"}
    assert "coordinator@example.nl" not in str([e.__dict__ for e in limited])
    # An hour later the address may get a mail again.
    later = timezone.now() + datetime.timedelta(minutes=61)
    monkeypatch.setattr("ervaringswerk.accounts.services.timezone.now", lambda: later)
    client.post(url, {"email": "coordinator@example.nl"}, REMOTE_ADDR="198.51.100.9")
    assert len(mail.outbox) == 3


def test_reset_mails_are_limited_per_client_address(world, client, settings):
    settings.EW_PASSWORD_RESET_MAILS_PER_ADDRESS = 100
    settings.EW_PASSWORD_RESET_MAILS_PER_IP = 2
    settings.EW_TRUSTED_PROXIES = ["10.0.0.0/8"]
    url = reverse("accounts:password_reset")
    users = [
        _with_address(world.a.users[role], f"{role}@example.nl")
        for role in (Role.COORDINATOR, Role.PROFESSIONAL, Role.TEAM_LEAD)
    ]
    # A forged X-Forwarded-For from an untrusted client does not dodge the limit: its own address counts.
    answers = [
        client.post(
            url,
            {"email": u.email},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}",
            follow=True,
        )
        for i, u in enumerate(users)
    ]
    assert len(mail.outbox) == 2
    assert len({_visible(a) for a in answers}) == 1
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_RESET_LIMITED)
    assert event.object_id == str(users[2].pk) and event.details == {"limit": "ip"}
    assert event.ip_address == "203.0.113.7"
    # Behind the trusted proxy each forwarded client has its own count.
    client.post(url, {"email": users[2].email}, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.50")
    assert len(mail.outbox) == 3
    assert AuditEvent.objects.filter(
        action=AuditAction.PASSWORD_RESET_REQUESTED, ip_address="198.51.100.50"
    ).exists()


def test_unknown_addresses_send_nothing_and_do_not_use_up_the_limit(world, client, settings):
    settings.EW_PASSWORD_RESET_MAILS_PER_IP = 1
    user = _with_address(world.a.users[Role.PROFESSIONAL], "bekend@example.nl")
    url = reverse("accounts:password_reset")
    for i in range(5):
        client.post(url, {"email": f"onbekend{i}@example.nl"})
    client.post(url, {"email": user.email})
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["bekend@example.nl"]


def test_the_limits_are_settings_with_careful_defaults():
    from django.conf import settings

    assert settings.EW_PASSWORD_RESET_MAILS_PER_ADDRESS == 3
    assert settings.EW_PASSWORD_RESET_MAILS_PER_IP == 10


# --- the password rules themselves (docs/privacy.md names these) ------------------------------------------


def test_passwords_are_hashed_with_pbkdf2_outside_the_tests():
    """The test settings hash with MD5 for speed (conftest.py); the real settings keep Django's default
    list, whose first hasher (the one new passwords get) is PBKDF2."""
    from django.conf import global_settings

    import config.settings as real

    assert not hasattr(real, "PASSWORD_HASHERS")
    assert global_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"


def test_short_common_and_look_alike_passwords_are_refused_in_dutch(world, client_for):
    user = world.a.users[Role.PROFESSIONAL]
    user.first_name, user.last_name = "Marieke", "Zonnebloemveld"
    user.save()
    client = client_for(user)
    refused = {
        "kort-maar-1": "minstens 12 tekens",
        "password1234": "te algemeen",
        "Zonnebloemveld": "lijkt te veel op",
        "123456789012345": "alleen cijfers",
    }
    for password, message in refused.items():
        page = client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
        ).content.decode()
        assert message in page, password
        assert f'value="{password}"' not in page  # never echoed back
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_lockout_is_five_failures_per_user_name_and_address_for_fifteen_minutes(
    world, client, settings, monkeypatch
):
    from django.conf import settings as real

    assert real.AXES_FAILURE_LIMIT == 5 and real.AXES_COOLOFF_TIME == 0.25
    assert real.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    username = world.a.users[Role.COORDINATOR].username
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"username": username, "password": "fout"})
    assert client.post(url, {"username": username, "password": PASSWORD}).status_code == 429
    # Another address is not locked out for this name (the pair is locked, not the account).
    other = client.post(url, {"username": username, "password": PASSWORD}, REMOTE_ADDR="198.51.100.3")
    assert other.status_code == 302
    client.logout()
    # Fifteen minutes later the pair may try again.
    later = timezone.now() + datetime.timedelta(minutes=16)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    for clock in ("axes.attempts.now", "axes.handlers.proxy.now"):  # axes imported `now` by name
        monkeypatch.setattr(clock, lambda: later)
    assert client.post(url, {"username": username, "password": PASSWORD}).status_code == 302
