"""User, membership, password and login-setting changes are audit events (finding: none were written)."""

from django.contrib.auth.models import Permission

from ervaringswerk.accounts.models import Membership, User
from ervaringswerk.accounts.services import membership_create, user_create
from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.core.tenancy import Role


def _events(obj, action=None):
    qs = AuditEvent.objects.filter(object_id=str(obj.pk)).order_by("timestamp")
    return qs.filter(action=action) if action else qs


def test_creating_changing_and_deleting_a_user_are_events_without_values(world):
    user = user_create(username="nieuw.account", password="een-lang-wachtwoord-123", email="a@b.nl")
    assert _events(user, AuditAction.CREATE).get().object_type == "accounts.user"
    old_hash = user.password
    user.set_password("een-ander-lang-wachtwoord-456")
    user.save()
    user.is_active = False
    user.save()
    user.is_superuser = True
    user.is_staff = True
    user.save()
    updates = [e.changed_fields for e in _events(user, AuditAction.UPDATE)]
    assert updates == [["password"], ["is_active"], ["is_staff", "is_superuser"]]
    texts = " ".join(str(e.__dict__) for e in _events(user))
    assert old_hash not in texts and user.password not in texts and "a@b.nl" not in texts
    pk = user.pk
    user.delete()
    assert AuditEvent.objects.filter(object_id=str(pk), action=AuditAction.DELETE).exists()
    assert not User.objects.filter(pk=pk).exists()


def test_a_permission_grant_is_an_event(world):
    user = world.a.users[Role.COORDINATOR]
    user.user_permissions.add(Permission.objects.first())
    assert _events(user, AuditAction.UPDATE).get().changed_fields == ["user_permissions"]


def test_signing_in_writes_a_login_event_but_no_user_change(world, client):
    from conftest import PASSWORD

    user = world.a.users[Role.COORDINATOR]
    from django.urls import reverse

    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=user).exists()
    assert not _events(user, AuditAction.UPDATE).exists()  # last_login is not a change of settings


def test_membership_changes_are_events(world):
    user = world.a.users[Role.PROFESSIONAL]
    membership = membership_create(
        user=user, organisation=world.a.organisations["pool"], role=Role.COORDINATOR
    )
    membership.is_active = False
    membership.save()
    membership.role = Role.TEAM_LEAD
    membership.save()
    pk = membership.pk
    membership.delete()
    events = AuditEvent.objects.filter(object_id=str(pk)).order_by("timestamp")
    assert [e.action for e in events] == [
        AuditAction.CREATE,
        AuditAction.UPDATE,
        AuditAction.UPDATE,
        AuditAction.DELETE,
    ]
    assert [e.changed_fields for e in events][1:3] == [["is_active"], ["role"]]
    assert all(e.municipality == world.a.municipality for e in events)
    assert not Membership.objects.filter(pk=pk).exists()
