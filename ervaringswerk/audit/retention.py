"""Deleting expired audit events: the only way rows ever leave the log.

PostgreSQL: through the SECURITY DEFINER function `ew_audit_purge` (migration 0004), which runs as the
role the trigger lets delete, and never deletes events younger than 12 months by the database clock.
SQLite: the triggers let a DELETE through only for rows below the cutoff this function writes into
`ew_audit_purge_permit` inside its own transaction, and never rows younger than 12 months.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AuditEvent

MINIMUM_MONTHS = 12


def _months_ago(now: datetime.datetime, months: int) -> datetime.datetime:
    from dateutil.relativedelta import relativedelta

    return now - relativedelta(months=months)


# Audit events always expire by the real clock (the database's own on PostgreSQL): a caller cannot move
# time forward to purge recent events. Tests of this category write events dated in the past instead.
def expired_events(*, municipality, months: int):
    cutoff = _months_ago(timezone.now(), months)
    return AuditEvent.objects.filter(municipality=municipality, timestamp__lt=cutoff)


@transaction.atomic
def audit_events_purge(*, municipality, months: int) -> int:
    """Delete the municipality's events older than `months` (at least 12). Returns how many went."""
    if months is None or months < MINIMUM_MONTHS:
        raise ValidationError(
            _("De bewaartermijn van het auditlog is minstens %(n)s maanden.") % {"n": MINIMUM_MONTHS}
        )
    municipality_id = getattr(municipality, "pk", municipality)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The database uses its own clock: `now` cannot move it, so no caller can purge recent rows.
            cursor.execute("SELECT ew_audit_purge(%s, %s)", [municipality_id, months])
            return cursor.fetchone()[0]
        cutoff = _months_ago(timezone.now(), months)
        ids_sql, ids_params = (
            AuditEvent.objects.filter(municipality_id=municipality_id, timestamp__lt=cutoff)
            .values("pk")
            .query.sql_with_params()
        )
        cursor.execute(
            "INSERT INTO ew_audit_purge_permit (cutoff) VALUES (%s)",
            [connection.ops.adapt_datetimefield_value(cutoff)],
        )
        cursor.execute(f"DELETE FROM audit_auditevent WHERE id IN ({ids_sql})", ids_params)  # noqa: S608 - compiled by the ORM
        removed = cursor.rowcount
        cursor.execute("DELETE FROM ew_audit_purge_permit")
        return removed
