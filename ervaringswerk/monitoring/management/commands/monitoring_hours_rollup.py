"""manage.py monitoring_hours_rollup: rebuild the monthly hours rollup (after bulk loads or imports)."""

from django.core.management.base import BaseCommand

from ervaringswerk.audit import context as audit_context
from ervaringswerk.core.models import Municipality
from ervaringswerk.monitoring.services import hours_rollup_refresh


class Command(BaseCommand):
    help = "Rebuild the monthly rollup of counting time entries for every municipality."

    def handle(self, *args, **options):
        with audit_context.acting_as(None):
            for municipality in Municipality.objects.all():
                rows = hours_rollup_refresh(municipality_id=municipality.pk)
                self.stdout.write(f"{municipality.name}: {rows} rijen")
