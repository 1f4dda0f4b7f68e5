"""python manage.py load_demo: the demo municipalities Helmond and Utrecht, idempotent."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from ervaringswerk.audit import context as audit_context
from ervaringswerk.audit.models import AuditAction
from ervaringswerk.audit.services import audit_record
from ervaringswerk.core.demo import DEMO_PASSWORD, DemoContext


class Command(BaseCommand):
    help = "Load the demo municipalities (invented people and organisations). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Load without EW_DEMO or DEBUG (test machines only)"
        )
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins")

    def handle(self, *args, force=False, quiet_logins=False, **options):
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Demodata wordt nooit in productie geladen (DJANGO_ENV=production).")
        if not (settings.DEBUG or settings.EW_DEMO or force):
            raise CommandError(
                "Demo data is refused unless EW_DEMO=1 (as `make demo` sets) or DEBUG is on: it creates "
                "logins with a public password. Use --force only on a test machine."
            )
        translation.activate("nl")
        ctx = DemoContext()
        # Each app's demo module builds on the ones before it (INSTALLED_APPS order) and is idempotent itself.
        with transaction.atomic(), audit_context.suppressed():
            for config in apps.get_app_configs():
                if not config.name.startswith("ervaringswerk."):
                    continue
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError:
                    continue
                module.load(ctx)
        for municipality in ctx.municipalities.values():
            audit_record(
                action=AuditAction.CREATE,
                municipality=municipality,
                object_type="demo",
                object_repr="Demodata geladen",
            )
        self.stdout.write(
            self.style.SUCCESS(
                "Demodata geladen voor: "
                + ", ".join(f"{m.name} ({m.cbs_code})" for m in ctx.municipalities.values())
            )
        )
        if not quiet_logins:
            self.stdout.write(f"\nDemo-logins (wachtwoord voor allemaal: {DEMO_PASSWORD}):")
            for username, role, organisation in ctx.logins:
                self.stdout.write(f"  {username:<22} {role:<22} {organisation}")
