"""The OpenAPI document is valid OpenAPI 3 and drf-spectacular builds it without a warning or an error, as
`manage.py spectacular --validate --fail-on-warn` checks (a warning such as W001, an untyped field, made
`check --deploy` fail before)."""

import yaml
from django.core.management import call_command


def test_the_schema_validates_without_warnings(db, tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    document = yaml.safe_load(target.read_text())
    assert document["openapi"].startswith("3.")
    assert "/api/v1/proposals/{id}/send/" in document["paths"]
