import pytest
from django.db import connection
from django.urls import reverse

from ervaringswerk.audit.models import AuditAction, AuditEvent, AuditImmutableError
from ervaringswerk.core.tenancy import Role
from ervaringswerk.pool.models import PeerWorker
from ervaringswerk.pool.services import peer_worker_create


def _peer(world):
    return peer_worker_create(
        organisation=world.a.organisations["pool"], first_name="Mila", last_name="Jansen"
    )


def test_create_update_delete_are_recorded_with_actor_and_organisation(world, client_for):
    from ervaringswerk.accounts.viewer import viewer_for
    from ervaringswerk.audit.context import acting_as

    coordinator = world.a.users[Role.COORDINATOR]
    with acting_as(viewer_for(coordinator)):
        peer = _peer(world)
        peer.weekly_hours = 10
        peer.save()
        peer_id = str(peer.pk)
        peer.delete()
    events = list(AuditEvent.objects.filter(object_id=peer_id).order_by("timestamp"))
    assert [e.action for e in events] == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]
    assert all(e.actor == coordinator for e in events)
    assert all(e.organisation == world.a.organisations["pool"] for e in events)
    assert all(e.municipality == world.a.municipality for e in events)
    assert events[1].changed_fields == ["weekly_hours"]
    assert events[0].object_type == "pool.peerworker"


def test_viewing_a_person_records_a_view_event_on_page_and_api(world, client_for, api_client):
    peer = _peer(world)
    coordinator = world.a.users[Role.COORDINATOR]
    client_for(coordinator).get(reverse("pool:detail", args=[peer.pk]))
    api_client.force_authenticate(coordinator)
    api_client.get(reverse("peer-worker-detail", args=[peer.pk]))
    views = AuditEvent.objects.filter(object_id=str(peer.pk), action=AuditAction.VIEW)
    assert views.count() == 2
    assert set(views.values_list("channel", flat=True)) == {"web", "api"}
    assert all(v.actor == coordinator and v.role == Role.COORDINATOR for v in views)


def test_a_refused_view_records_nothing(world, client_for):
    peer = _peer(world)
    client_for(world.b.users[Role.COORDINATOR]).get(reverse("pool:detail", args=[peer.pk]))
    assert not AuditEvent.objects.filter(object_id=str(peer.pk), action=AuditAction.VIEW).exists()


def test_audit_events_cannot_be_changed_or_deleted(world):
    event = AuditEvent.objects.create(municipality=world.a.municipality, action=AuditAction.VIEW)
    event.object_repr = "changed"
    with pytest.raises(AuditImmutableError):
        event.save()
    with pytest.raises(AuditImmutableError):
        event.delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(object_repr="x")
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).delete()


@pytest.mark.postgres
def test_database_refuses_rewriting_history_on_postgresql(world):
    """Even a raw query through the application's connection cannot rewrite the trail (migration 0002)."""
    from django.db import DatabaseError, transaction

    AuditEvent.objects.create(municipality=world.a.municipality, action=AuditAction.VIEW)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET object_repr = 'x'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() >= 1


def test_audit_log_is_scoped(world, client_for):
    AuditEvent.objects.create(
        municipality=world.a.municipality,
        organisation=world.a.organisations["pool"],
        action=AuditAction.VIEW,
        object_repr="in-a-pool",
    )
    AuditEvent.objects.create(
        municipality=world.a.municipality,
        organisation=world.a.organisations["team"],
        action=AuditAction.VIEW,
        object_repr="in-a-team",
    )
    AuditEvent.objects.create(
        municipality=world.b.municipality,
        organisation=world.b.organisations["pool"],
        action=AuditAction.VIEW,
        object_repr="in-b-pool",
    )
    coordinator_page = client_for(world.a.users[Role.COORDINATOR]).get(reverse("audit:list")).content.decode()
    assert "in-a-pool" in coordinator_page
    assert "in-a-team" not in coordinator_page  # a coordinator sees their own organisation's trail
    assert "in-b-pool" not in coordinator_page
    admin_page = client_for(world.a.users[Role.ADMINISTRATOR]).get(reverse("audit:list")).content.decode()
    assert "in-a-pool" in admin_page and "in-a-team" in admin_page and "in-b-pool" not in admin_page
    platform_page = client_for(world.platform_admin).get(reverse("audit:list")).content.decode()
    assert "in-b-pool" in platform_page


def test_audit_api_is_read_only(world, api_client):
    api_client.force_authenticate(world.a.users[Role.ADMINISTRATOR])
    assert api_client.post(reverse("audit-event-list"), {"action": "view"}, format="json").status_code == 405
    event = AuditEvent.objects.create(municipality=world.a.municipality, action=AuditAction.VIEW)
    url = reverse("audit-event-detail", args=[event.pk])
    assert api_client.delete(url).status_code == 405
    assert api_client.patch(url, {"object_repr": "x"}, format="json").status_code == 405


def test_login_and_failed_login_are_recorded(world, client):
    client.post(
        reverse("accounts:login"),
        {"username": world.a.users[Role.COORDINATOR].username, "password": "fout-wachtwoord"},
    )
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).exists()
    from conftest import PASSWORD

    client.post(
        reverse("accounts:login"),
        {"username": world.a.users[Role.COORDINATOR].username, "password": PASSWORD},
    )
    login = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert login.actor == world.a.users[Role.COORDINATOR]
    assert login.municipality == world.a.municipality


def test_peer_worker_model_is_audited_without_values(world):
    peer = _peer(world)
    peer.phone = "06-12345678"
    peer.save()
    event = AuditEvent.objects.filter(object_id=str(peer.pk), action=AuditAction.UPDATE).get()
    assert event.changed_fields == ["phone"]
    assert "06-12345678" not in str(event.__dict__)
    assert PeerWorker.objects.filter(pk=peer.pk).exists()
