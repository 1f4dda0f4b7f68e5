"""The audit log is append-only in the database itself (migration 0004), on SQLite and PostgreSQL;
rows leave it only through the retention path, and never when younger than 12 months."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from ervaringswerk.accounts.models import User
from ervaringswerk.audit.models import AuditAction, AuditEvent, AuditImmutableError
from ervaringswerk.audit.retention import audit_events_purge
from ervaringswerk.core.tenancy import Role


def _event(world, *, days_ago=0, **fields):
    return AuditEvent.objects.create(
        municipality=fields.pop("municipality", world.a.municipality),
        action=AuditAction.VIEW,
        timestamp=timezone.now() - datetime.timedelta(days=days_ago),
        **fields,
    )


def _raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_raw_sql_cannot_update_or_delete_events(world):
    """Finding: on SQLite raw SQL rewrote rows (only PostgreSQL had a trigger)."""
    _event(world, object_repr="original")
    _event(world, days_ago=800, object_repr="old")
    before = AuditEvent.objects.count()
    with pytest.raises(DatabaseError):
        _raw("UPDATE audit_auditevent SET object_repr = 'x'")
    with pytest.raises(DatabaseError):
        _raw("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() == before
    assert set(
        AuditEvent.objects.filter(object_repr__in=["old", "original"]).values_list("object_repr", flat=True)
    ) == {"old", "original"}
    assert not AuditEvent.objects.filter(object_repr="x").exists()


def test_the_base_manager_cannot_update_or_delete_events(world):
    """Finding: `_base_manager.update()` rewrote rows on SQLite."""
    event = _event(world, object_repr="original")
    with pytest.raises(AuditImmutableError):
        AuditEvent._base_manager.filter(pk=event.pk).update(object_repr="x")
    with transaction.atomic(), connection.cursor() as cursor:
        # Even without our queryset's guard (a plain UPDATE compiled by the ORM), the trigger refuses.
        sql, params = AuditEvent.objects.filter(pk=event.pk).values("pk").query.sql_with_params()
        with pytest.raises(DatabaseError), transaction.atomic():
            cursor.execute(f"UPDATE audit_auditevent SET object_repr = 'x' WHERE id IN ({sql})", params)  # noqa: S608
    assert AuditEvent.objects.get(pk=event.pk).object_repr == "original"


@pytest.mark.postgres
def test_a_session_setting_no_longer_opens_deletion_on_postgresql(world):
    """Finding: any role could delete after SET LOCAL ervaringswerk.audit_retention = 'on'."""
    event = _event(world, days_ago=800)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL ervaringswerk.audit_retention = 'on'")
        cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_retention_removes_only_expired_events_of_that_municipality(world):
    old_a = _event(world, days_ago=6 * 366)
    recent_a = _event(world, days_ago=30)
    old_b = _event(world, days_ago=6 * 366, municipality=world.b.municipality)
    removed = audit_events_purge(municipality=world.a.municipality, months=60)
    assert removed == 1
    remaining = set(AuditEvent.objects.values_list("pk", flat=True))
    assert old_a.pk not in remaining
    assert {recent_a.pk, old_b.pk} <= remaining


def test_retention_never_removes_events_younger_than_twelve_months(world):
    event = _event(world, days_ago=300)
    with pytest.raises(ValidationError):
        audit_events_purge(municipality=world.a.municipality, months=1)
    assert audit_events_purge(municipality=world.a.municipality, months=12) == 0
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.postgres
def test_the_purge_function_refuses_short_terms_even_when_called_directly(world):
    event = _event(world, days_ago=300)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT ew_audit_purge(%s, 0)", [world.a.municipality.pk])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT ew_audit_purge(%s, 12)", [world.a.municipality.pk])
        assert cursor.fetchone()[0] == 0
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_no_direct_delete_reaches_recent_rows_even_with_a_permit(world):
    """SQLite: a cutoff in the permit table cannot reach rows younger than 12 months.
    PostgreSQL: outside the purge function not even an old row can be deleted."""
    recent = _event(world, days_ago=10)
    old = _event(world, days_ago=800)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            future = connection.ops.adapt_datetimefield_value(timezone.now() + datetime.timedelta(days=1))
            cursor.execute("INSERT INTO ew_audit_purge_permit (cutoff) VALUES (%s)", [future])
            cursor.execute("DELETE FROM audit_auditevent")
        else:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [old.pk])
    assert AuditEvent.objects.filter(pk__in=[recent.pk, old.pk]).count() == 2


def test_a_user_with_events_can_be_deleted_and_the_trail_keeps_the_name(world, client_for):
    """Finding: on PostgreSQL a user with audit events could not be deleted (SET_NULL needs UPDATE)."""
    from ervaringswerk.accounts.viewer import viewer_for
    from ervaringswerk.audit.services import audit_record

    user = world.a.users[Role.PROFESSIONAL]
    event = audit_record(action=AuditAction.VIEW, viewer=viewer_for(user), object_type="test")
    user_pk = user.pk
    user.delete()
    assert not User.objects.filter(pk=user_pk).exists()
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.actor_username == f"{Role.PROFESSIONAL}.{world.a.municipality.slug}"
    assert str(event.actor_id) == str(user_pk)
