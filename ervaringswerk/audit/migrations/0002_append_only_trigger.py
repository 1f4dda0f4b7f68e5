"""On PostgreSQL, refuse UPDATE and DELETE on the audit log in the database itself.

A retention job may delete expired rows only after `SET LOCAL ervaringswerk.audit_retention = 'on'`
in its own transaction (docs/privacy.md). TRUNCATE is not covered: deny it to the application's
database role in production (docs/deployment.md); the test suite needs it to reset tables.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION ew_audit_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('ervaringswerk.audit_retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit events are append-only (%%)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER ew_audit_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
  FOR EACH ROW EXECUTE FUNCTION ew_audit_append_only();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS ew_audit_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS ew_audit_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
