"""Invitation links: one-time, 72 hours, bound to their municipality; clear Dutch refusals otherwise."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.accounts.models import Membership, User
from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.beheer.models import Invitation
from ervaringswerk.beheer.services import invitation_resend, user_invite
from ervaringswerk.core.tenancy import Role
from ervaringswerk.notifications.models import Notification

NEW_PASSWORD = "een-heel-goed-wachtwoord-42"  # noqa: S105 - test value

pytestmark = pytest.mark.django_db


def _admin(world, tenant="a"):
    return getattr(world, tenant).users[Role.ADMINISTRATOR]


def _invite(world, django_capture_on_commit_callbacks, email="nieuw@example.org", tenant="a"):
    viewer = viewer_for(_admin(world, tenant))
    with django_capture_on_commit_callbacks(execute=True):
        invitation = user_invite(
            viewer=viewer,
            organisation=getattr(world, tenant).organisations["team"],
            role=Role.PROFESSIONAL,
            email=email,
            first_name="Nina",
            last_name="Nieuw",
        )
    return invitation


def _link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/account/uitnodiging/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_invitation_email_link_sets_password_once(world, client, django_capture_on_commit_callbacks):
    invitation = _invite(world, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuw@example.org"]
    assert "72 uur" in message.body and "Aastad" in message.subject
    path = _link(message)
    user = User.objects.get(username="nieuw@example.org")
    assert not user.has_usable_password()

    page = client.get(path)
    assert page.status_code == 200
    assert "nieuw@example.org" in page.content.decode()

    response = client.post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    login = client.post(
        reverse("accounts:login"), {"username": "nieuw@example.org", "password": NEW_PASSWORD}
    )
    assert login.status_code == 302
    client.logout()

    # The same link again: refused, and the password stays what the person chose.
    again = client.post(
        path, {"password1": "iets-anders-wachtwoord-99", "password2": "iets-anders-wachtwoord-99"}
    )
    assert again.status_code == 410
    assert "al gebruikt" in again.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_link_is_not_stored_anywhere(world, django_capture_on_commit_callbacks):
    invitation = _invite(world, django_capture_on_commit_callbacks)
    token = _link(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    signature = token.split(":", 1)[1]
    notification = Notification.objects.get(key=f"invitation:{invitation.pk}")
    stored = " ".join([notification.url, notification.body, notification.title, notification.subject_id])
    assert signature not in stored
    assert signature not in invitation.nonce


def test_expired_link_is_refused_in_dutch(world, client, django_capture_on_commit_callbacks):
    invitation = _invite(world, django_capture_on_commit_callbacks)
    path = _link(mail.outbox[0])
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 410
    assert "verlopen" in response.content.decode() and "72 uur" in response.content.decode()
    assert not User.objects.get(username="nieuw@example.org").has_usable_password()


def test_valid_for_72_hours(world, django_capture_on_commit_callbacks):
    invitation = _invite(world, django_capture_on_commit_callbacks)
    assert invitation.expires_at - invitation.created_at == pytest.approx(
        datetime.timedelta(hours=72), abs=datetime.timedelta(seconds=5)
    )


def test_link_for_another_municipality_is_refused(world, client, django_capture_on_commit_callbacks):
    _invite(world, django_capture_on_commit_callbacks)
    path = _link(mail.outbox[0])
    wrong = path.replace(f"/{world.a.municipality.slug}/", f"/{world.b.municipality.slug}/")
    response = client.get(wrong)
    assert response.status_code == 404
    assert "andere gemeente" in response.content.decode()


def test_logged_in_as_someone_else_is_refused(world, client_for, django_capture_on_commit_callbacks):
    _invite(world, django_capture_on_commit_callbacks)
    path = _link(mail.outbox[0])
    client = client_for(world.b.users[Role.COORDINATOR])
    response = client.post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 403
    assert "ingelogd als iemand anders" in response.content.decode()
    assert not User.objects.get(username="nieuw@example.org").has_usable_password()


def test_resend_makes_the_old_link_useless(world, client, django_capture_on_commit_callbacks):
    invitation = _invite(world, django_capture_on_commit_callbacks)
    old_path = _link(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        invitation_resend(viewer=viewer_for(_admin(world)), membership=invitation.membership)
    assert len(mail.outbox) == 2
    new_path = _link(mail.outbox[1])
    assert new_path != old_path
    old = client.get(old_path)
    assert old.status_code == 410 and "vervangen" in old.content.decode()
    assert client.get(new_path).status_code == 200


def test_tampered_token_is_refused(world, client, django_capture_on_commit_callbacks):
    _invite(world, django_capture_on_commit_callbacks)
    path = _link(mail.outbox[0])
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    response = client.get(tampered)
    assert response.status_code == 404
    assert "klopt niet" in response.content.decode()


def test_weak_password_keeps_the_link_valid_and_says_why(world, client, django_capture_on_commit_callbacks):
    _invite(world, django_capture_on_commit_callbacks)
    path = _link(mail.outbox[0])
    response = client.post(path, {"password1": "kort", "password2": "kort"})
    assert response.status_code == 200
    assert "utrecht-form-field--invalid" in response.content.decode()
    other = client.post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert "niet gelijk" in other.content.decode()
    assert client.post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 302


def test_resend_for_another_municipality_is_refused(world, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    invitation = _invite(world, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        invitation_resend(viewer=viewer_for(_admin(world, "b")), membership=invitation.membership)


def test_bulk_invitations_for_imported_peer_workers(world, django_capture_on_commit_callbacks):
    from ervaringswerk.beheer.services import invitation_send_bulk
    from ervaringswerk.pool.models import PeerWorker

    pool = world.a.organisations["pool"]
    with_mail = PeerWorker.objects.create(
        municipality=world.a.municipality,
        organisation=pool,
        first_name="Ali",
        last_name="A",
        email="ali@example.org",
    )
    without_mail = PeerWorker.objects.create(
        municipality=world.a.municipality, organisation=pool, first_name="Bo", last_name="B"
    )
    coordinator = viewer_for(world.a.users[Role.COORDINATOR])
    with django_capture_on_commit_callbacks(execute=True):
        result = invitation_send_bulk(viewer=coordinator, peers=[with_mail, without_mail])
    assert result.invited == [with_mail]
    assert [(p, reason) for p, reason in result.skipped] == [(without_mail, "geen e-mailadres")]
    with_mail.refresh_from_db()
    assert with_mail.user.username == "ali@example.org"
    assert Membership.objects.filter(user=with_mail.user, organisation=pool, role=Role.PEER_WORKER).exists()
    assert [m.to for m in mail.outbox] == [["ali@example.org"]]
    # Running it again re-invites (a fresh link) but never makes a second login.
    with django_capture_on_commit_callbacks(execute=True):
        again = invitation_send_bulk(viewer=coordinator, peers=[with_mail])
    assert again.invited == [with_mail]
    assert User.objects.filter(username="ali@example.org").count() == 1


def test_coordinator_invites_the_pool_from_the_pool_page(
    world, client_for, django_capture_on_commit_callbacks
):
    from ervaringswerk.pool.models import PeerWorker

    pool = world.a.organisations["pool"]
    PeerWorker.objects.create(
        municipality=world.a.municipality,
        organisation=pool,
        first_name="Cem",
        last_name="C",
        email="cem@example.org",
    )
    other_pool = world.b.organisations["pool"]
    PeerWorker.objects.create(
        municipality=world.b.municipality,
        organisation=other_pool,
        first_name="Dirk",
        last_name="D",
        email="d@example.org",
    )
    client = client_for(world.a.users[Role.COORDINATOR])
    page = client.get(reverse("pool:overview")).content.decode()
    assert "Uitnodigen om in te loggen" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("beheer:pool_invite"))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["cem@example.org"]]  # never the other municipality's peer worker
    assert "Uitnodigen om in te loggen" not in client.get(reverse("pool:overview")).content.decode()
