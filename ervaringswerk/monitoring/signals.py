"""Keep the hours rollup (HoursMonthly) in step with every write of a time entry.

The hours app writes entries one by one through its services (create, update, review, correct, delete),
so `post_save`/`post_delete` see every change. Before a save the stored row is read (peer worker and
date may change), after it both the old and the new (peer worker, month) are recomputed. A change of a
request's neighbourhood re-files the hours written on its assignments. Bulk loads (COPY, `.update()`)
bypass signals: run `manage.py monitoring_hours_rollup` afterwards.
"""

from django.db.models.signals import post_delete, post_save, pre_save

_BEFORE = "_monitoring_rollup_before"


def _touched(instance) -> set:
    return {(instance.municipality_id, instance.peer_id, instance.date.replace(day=1))}


def _remember(sender, instance, **kwargs):
    before = set()
    if instance.pk is not None and not instance._state.adding:
        row = sender.objects.filter(pk=instance.pk).values("municipality_id", "peer_id", "date").first()
        if row:
            before = {(row["municipality_id"], row["peer_id"], row["date"].replace(day=1))}
    setattr(instance, _BEFORE, before)


def _refresh(keys: set) -> None:
    from .services import hours_rollup_refresh

    for municipality_id, peer_id, month in keys:
        hours_rollup_refresh(municipality_id=municipality_id, peer_ids=[peer_id], months=[month])


def _saved(sender, instance, **kwargs):
    _refresh(getattr(instance, _BEFORE, set()) | _touched(instance))


def _deleted(sender, instance, **kwargs):
    _refresh(_touched(instance))


def _request_remember(sender, instance, **kwargs):
    before = None
    if instance.pk is not None and not instance._state.adding:
        before = sender.objects.filter(pk=instance.pk).values_list("neighbourhood_id", flat=True).first()
    setattr(instance, _BEFORE, before)


def _request_saved(sender, instance, created, **kwargs):
    if created or getattr(instance, _BEFORE, None) == instance.neighbourhood_id:
        return
    from django.apps import apps

    TimeEntry = apps.get_model("hours", "TimeEntry")  # noqa: N806 - a model class
    _refresh(
        {
            (instance.municipality_id, peer_id, day.replace(day=1))
            for peer_id, day in TimeEntry.objects.filter(assignment__request=instance).values_list(
                "peer_id", "date"
            )
        }
    )


def connect() -> None:
    from django.apps import apps

    try:
        TimeEntry = apps.get_model("hours", "TimeEntry")  # noqa: N806 - a model class
    except LookupError:
        return
    pre_save.connect(_remember, sender=TimeEntry, dispatch_uid="monitoring_hours_rollup_before")
    post_save.connect(_saved, sender=TimeEntry, dispatch_uid="monitoring_hours_rollup_saved")
    post_delete.connect(_deleted, sender=TimeEntry, dispatch_uid="monitoring_hours_rollup_deleted")
    DeploymentRequest = apps.get_model("deployment", "DeploymentRequest")  # noqa: N806
    pre_save.connect(_request_remember, sender=DeploymentRequest, dispatch_uid="monitoring_request_before")
    post_save.connect(_request_saved, sender=DeploymentRequest, dispatch_uid="monitoring_request_saved")
