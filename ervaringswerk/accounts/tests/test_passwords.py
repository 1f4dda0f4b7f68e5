"""Issue 12, item 9: every user changes their own password, and resets it by e-mail without the page
telling whether an address has an account."""

import re

from django.core import mail
from django.urls import reverse

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
