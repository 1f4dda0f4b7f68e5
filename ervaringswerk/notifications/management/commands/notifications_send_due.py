from django.core.management.base import BaseCommand

from ervaringswerk.notifications.events import notifications_send_due


class Command(BaseCommand):
    help = "Send the periodic notifications (review dates, overdue intervision) and retry unsent e-mail."

    def handle(self, *args, **options):
        counts = notifications_send_due()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
