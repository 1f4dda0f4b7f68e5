"""Invalidate every API token of the old kind (DRF authtoken, stored readable, never expiring).

Their owners get a notice on the token page and a notification (in /meldingen/, e-mailed by the usual
delivery of notifications_send_due). The table with the readable tokens is dropped, so no copy of them
stays in the database.
"""

import datetime

from django.db import migrations
from django.utils import timezone
from django.utils.dateparse import parse_datetime

LEGACY_TABLE = "authtoken_token"
NOTIFICATION_KEY = "api-token:readable-token-retired"


def _as_datetime(value):
    """Raw SQL gives a string or a naive datetime on SQLite (stored in UTC), an aware one on PostgreSQL."""
    if value is None:
        return None
    parsed = value if hasattr(value, "tzinfo") else parse_datetime(str(value))
    if parsed is not None and timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


def retire_readable_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if LEGACY_TABLE not in connection.introspection.table_names():
        return
    quoted = schema_editor.quote_name(LEGACY_TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT user_id, created FROM {quoted}")  # noqa: S608 - a constant name
        rows = cursor.fetchall()
    User = apps.get_model("accounts", "User")
    Membership = apps.get_model("accounts", "Membership")
    Notice = apps.get_model("accounts", "RetiredApiTokenNotice")
    Notification = apps.get_model("notifications", "Notification")
    for user_id, created in rows:
        user = User.objects.filter(pk=user_id).first()
        if user is None:
            continue
        Notice.objects.create(user=user, token_created=_as_datetime(created))
        membership = (
            Membership.objects.filter(user=user, is_active=True).order_by("created_at").first()
        )
        if membership is not None and not Notification.objects.filter(
            recipient=user, key=NOTIFICATION_KEY
        ).exists():
            Notification.objects.create(
                municipality_id=membership.municipality_id,
                recipient=user,
                kind="api_token",
                key=NOTIFICATION_KEY,
                title="Uw API-token werkt niet meer: maak een nieuw token",
                body=(
                    "API-tokens worden nu alleen als hash bewaard en verlopen na een vaste termijn. "
                    "Uw oude token is daarom ongeldig gemaakt. Maak een nieuw token op de pagina "
                    "API-tokens en zet het in de plaats van het oude."
                ),
                url="/account/api-token/",
            )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {quoted}")
        # The table is gone with its readable keys; forget its migrations so the state stays true.
        cursor.execute("DELETE FROM django_migrations WHERE app = %s", ["authtoken"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_apitoken"),
        ("notifications", "0003_api_token_kind"),
    ]

    operations = [migrations.RunPython(retire_readable_tokens, migrations.RunPython.noop)]
