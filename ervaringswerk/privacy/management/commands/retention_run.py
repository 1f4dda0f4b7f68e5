"""Apply the retention terms of every municipality (docs/privacy.md, docs/dpia.md)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ervaringswerk.audit.context import acting_as
from ervaringswerk.core.models import Municipality
from ervaringswerk.core.tenancy import ANONYMOUS
from ervaringswerk.privacy.retention import retention_run


class Command(BaseCommand):
    help = "Verwijder of wis wat de bewaartermijnen voorbij is. Met --dry-run: alleen tonen wat zou gaan."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Niets verwijderen, alleen tonen.")
        parser.add_argument("--gemeente", help="Korte naam (slug) van één gemeente.")
        parser.add_argument(
            "--today",
            help="Rekenen alsof het deze datum is (JJJJ-MM-DD), om te controleren wat er later vervalt. "
            "Het auditlog vervalt altijd volgens de echte klok.",
        )

    def handle(self, *args, dry_run=False, gemeente=None, today=None, **options):
        municipality = None
        if gemeente:
            municipality = Municipality.objects.filter(slug=gemeente).first()
            if municipality is None:
                raise CommandError(f"Onbekende gemeente: {gemeente}")
        now = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError("--today verwacht een datum als 2030-01-31.") from exc
            now = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        with acting_as(ANONYMOUS):
            lines = retention_run(now=now, dry_run=dry_run, municipality=municipality)
        if dry_run:
            self.stdout.write("Proefdraai: er is niets verwijderd.")
        for line in lines:
            self.stdout.write(str(line))
