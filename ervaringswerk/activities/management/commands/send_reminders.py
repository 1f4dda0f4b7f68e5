"""python manage.py send_reminders: the daily activities job (run it from cron or a systemd timer).

1. extends the sessions of open-ended activities up to the horizon,
2. books recorded facilitation hours that could not be booked before,
3. sends e-mail reminders for sessions in the next 48 hours and for overdue intervision.
Each step is idempotent: running it twice sends nothing twice (docs/activities.md).
"""

from django.core.management.base import BaseCommand

from ervaringswerk.audit import context as audit_context

from ...reminders import reminders_send
from ...services import facilitation_book_pending, horizon_extend


class Command(BaseCommand):
    help = "Extend session horizons, book pending facilitation hours and send due reminders (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=int, default=48, help="Remind of sessions starting within this many hours"
        )

    def handle(self, *args, hours=48, **options):
        with audit_context.acting_as(None, channel="command"):
            extended = horizon_extend()
            booked = facilitation_book_pending()
            sent = reminders_send(hours=hours)
        self.stdout.write(
            f"Bijeenkomsten aangemaakt: {extended['created']}; uren geboekt: {booked}; "
            f"herinneringen verstuurd: {sent['upcoming']} (komende bijeenkomsten), "
            f"{sent['overdue']} (intervisie)."
        )
        for conflict in extended["conflicts"]:
            self.stdout.write(self.style.WARNING(conflict))
