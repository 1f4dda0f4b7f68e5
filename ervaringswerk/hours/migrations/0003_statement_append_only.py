"""On PostgreSQL, refuse UPDATE and DELETE of issued hire-out statements and their lines in the database.

The models refuse it too; the trigger also stops raw SQL and bulk updates. A correction is a new statement.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION ew_statement_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'issued hire-out statements are immutable (%%)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER ew_statement_immutable BEFORE UPDATE OR DELETE ON hours_hireoutstatement
  FOR EACH ROW EXECUTE FUNCTION ew_statement_immutable();
CREATE TRIGGER ew_statement_line_immutable BEFORE UPDATE OR DELETE ON hours_hireoutline
  FOR EACH ROW EXECUTE FUNCTION ew_statement_immutable();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS ew_statement_immutable ON hours_hireoutstatement;
DROP TRIGGER IF EXISTS ew_statement_line_immutable ON hours_hireoutline;
DROP FUNCTION IF EXISTS ew_statement_immutable();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("hours", "0002_initial")]
    operations = [migrations.RunPython(forward, backward)]
