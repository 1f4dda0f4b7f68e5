"""Append-only in the database itself, on both engines, with no session-setting escape.

PostgreSQL: the trigger refuses every UPDATE, and every DELETE unless the current role is
`ew_audit_purger`. Only the SECURITY DEFINER function `ew_audit_purge(municipality, months)`, owned by
that role (NOLOGIN), runs as it; the function deletes only events older than the given term and never
younger than 12 months by the database's own clock. The application's role is not a member of
`ew_audit_purger`, so it cannot `SET ROLE` to it (docs/privacy.md). The old escape (a session setting,
migration 0002) is gone.

SQLite (the embedded demo): triggers refuse every UPDATE, and every DELETE except of rows older than
12 months (SQLite's clock) below the cutoff written to `ew_audit_purge_permit` by the retention service
inside its own transaction (audit.retention). SQLite has no roles: code running inside the process could
drop a trigger; the triggers stop raw SQL, `_base_manager` and admin paths from rewriting history.
"""

from django.db import migrations

PG_FORWARD = """
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ew_audit_purger') THEN
    CREATE ROLE ew_audit_purger NOLOGIN;
  END IF;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN
    NULL;  -- another database of the same cluster created it at the same moment
  WHEN insufficient_privilege THEN
    RAISE EXCEPTION 'cannot create role ew_audit_purger: as a superuser run CREATE ROLE ew_audit_purger NOLOGIN; GRANT ew_audit_purger TO <migrating role>; then migrate again (docs/deployment.md)';
END
$$;
GRANT USAGE ON SCHEMA public TO ew_audit_purger;
GRANT SELECT, DELETE ON audit_auditevent TO ew_audit_purger;

CREATE OR REPLACE FUNCTION ew_audit_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_user = 'ew_audit_purger' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit events are append-only (%%)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION ew_audit_purge(p_municipality uuid, p_months integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  removed integer;
BEGIN
  IF p_months IS NULL OR p_months < 12 THEN
    RAISE EXCEPTION 'audit retention term must be at least 12 months (got %%)', p_months
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  DELETE FROM audit_auditevent
   WHERE municipality_id IS NOT DISTINCT FROM p_municipality
     AND "timestamp" < now() - make_interval(months => p_months);
  GET DIAGNOSTICS removed = ROW_COUNT;
  RETURN removed;
END;
$$;
ALTER FUNCTION ew_audit_purge(uuid, integer) OWNER TO ew_audit_purger;
REVOKE ALL ON FUNCTION ew_audit_purge(uuid, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ew_audit_purge(uuid, integer) TO CURRENT_USER;
"""

PG_BACKWARD = """
DROP FUNCTION IF EXISTS ew_audit_purge(uuid, integer);
CREATE OR REPLACE FUNCTION ew_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit events are append-only (%%)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
REVOKE ALL ON audit_auditevent FROM ew_audit_purger;
"""

SQLITE_FORWARD = [
    "CREATE TABLE IF NOT EXISTS ew_audit_purge_permit (cutoff TEXT NOT NULL)",
    "DROP TRIGGER IF EXISTS ew_audit_no_update",
    "DROP TRIGGER IF EXISTS ew_audit_no_delete",
    """CREATE TRIGGER ew_audit_no_update BEFORE UPDATE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only (UPDATE)'); END""",
    """CREATE TRIGGER ew_audit_no_delete BEFORE DELETE ON audit_auditevent
       WHEN OLD."timestamp" >= datetime('now', '-12 months')
         OR NOT EXISTS (SELECT 1 FROM ew_audit_purge_permit p WHERE OLD."timestamp" < p.cutoff)
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only (DELETE)'); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS ew_audit_no_update",
    "DROP TRIGGER IF EXISTS ew_audit_no_delete",
    "DROP TABLE IF EXISTS ew_audit_purge_permit",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_event_snapshots_and_details")]
    operations = [migrations.RunPython(forward, backward)]
