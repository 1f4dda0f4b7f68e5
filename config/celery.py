"""The Celery application (`celery -A config.celery:app worker`): background work on Redis.

Settings come from config/settings.py (names starting with CELERY_). Tasks live in each app's tasks.py
and are found by autodiscovery. The periodic schedule is here, in code, so it is reviewed and versioned
like the rest (docs/deployment.md lists the queues and how to scale them).
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("ervaringswerk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic jobs (Celery beat). Times are Europe/Amsterdam (CELERY_TIMEZONE). Every task is idempotent,
# so a beat that fires twice (two beats by mistake, a restart on the minute) does no harm.
BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "ervaringswerk.core.tasks.worker_heartbeat", "schedule": 15.0},
    "reports-requeue": {"task": "ervaringswerk.monitoring.tasks.reports_requeue", "schedule": 60.0},
    "activities-daily": {
        "task": "ervaringswerk.activities.tasks.activities_daily",
        "schedule": crontab(hour=6, minute=30),
    },
    "notifications-due": {
        "task": "ervaringswerk.notifications.tasks.notifications_send_due_task",
        "schedule": crontab(minute=5),  # hourly: review dates, overdue intervision, retry unsent e-mail
    },
    "rollups-rebuild": {
        "task": "ervaringswerk.monitoring.tasks.rollups_rebuild",
        "schedule": crontab(hour=3, minute=15),
    },
    # Webhook retries whose time has come (the backoff is in the delivery row), and the log's retention.
    "webhooks-due": {"task": "ervaringswerk.webhooks.tasks.webhook_deliveries_due", "schedule": 30.0},
    "webhooks-purge": {
        "task": "ervaringswerk.webhooks.tasks.webhook_deliveries_purge",
        "schedule": crontab(hour=3, minute=45),
    },
    "retention-daily": {  # the retention terms (docs/privacy.md): what expired is removed every night
        "task": "ervaringswerk.privacy.tasks.retention_daily",
        "schedule": crontab(hour=2, minute=45),
    },
    "precondition-rounds-daily": {  # reminders before a preconditions round's deadline (issue 14.9)
        "task": "ervaringswerk.preconditions.tasks.precondition_rounds_daily",
        "schedule": crontab(hour=8, minute=0),
    },
}
app.conf.beat_schedule = BEAT_SCHEDULE
