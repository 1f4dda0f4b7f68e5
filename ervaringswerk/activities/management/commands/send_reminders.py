"""python manage.py send_reminders: the daily activities job, by hand (Celery beat runs the same task,
`activities.tasks.activities_daily`, every morning; see config/celery.py).

1. extends the sessions of open-ended activities up to the horizon,
2. books recorded facilitation hours that could not be booked before,
3. sends e-mail reminders for sessions in the next 48 hours and for overdue intervision.
Each step is idempotent: running it twice sends nothing twice (docs/activities.md).
"""

from django.core.management.base import BaseCommand

from ervaringswerk.activities.tasks import activities_daily


class Command(BaseCommand):
    help = "Extend session horizons, book pending facilitation hours and send due reminders (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=int, default=48, help="Remind of sessions starting within this many hours"
        )

    def handle(self, *args, hours=48, **options):
        done = activities_daily(hours=hours)  # in this process, whatever the broker
        extended, booked, sent = done["extended"], done["booked"], done["sent"]
        self.stdout.write(
            f"Bijeenkomsten aangemaakt: {extended['created']}; uren geboekt: {booked}; "
            f"herinneringen verstuurd: {sent['upcoming']} (komende bijeenkomsten), "
            f"{sent['overdue']} (intervisie)."
        )
        for conflict in extended["conflicts"]:
            self.stdout.write(self.style.WARNING(conflict))
