"""Thin receivers: a saved offer or time entry is handed to events.py, which decides who hears of it.
Idempotent keys make repeated saves harmless."""

from django.db.models.signals import post_save


def _offer_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    from .events import on_offer_saved

    on_offer_saved(instance, created)


def _time_entry_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    from .events import on_time_entry_saved

    on_time_entry_saved(instance, created)


def connect():
    post_save.connect(_offer_saved, sender="deployment.Offer", dispatch_uid="ew_notify_offer")
    post_save.connect(_time_entry_saved, sender="hours.TimeEntry", dispatch_uid="ew_notify_time_entry")
