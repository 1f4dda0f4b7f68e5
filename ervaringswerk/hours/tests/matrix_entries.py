"""Matrix rows for the time-entry pages: the peer worker's own hours, the coordinator's review, locks and
the export. Entries belong to A's pool; B's coordinator passes the role rule but finds none of them (404)."""

from django.urls import reverse
from django.utils import timezone

from ervaringswerk.core.tenancy import Role
from ervaringswerk.core.testing import page

PEER = {Role.PEER_WORKER}
COORDINATOR = {Role.COORDINATOR}


def _peer(world):
    from ervaringswerk.pool.models import PeerWorker
    from ervaringswerk.pool.services import peer_worker_create

    user = world.a.users[Role.PEER_WORKER]
    return PeerWorker.objects.filter(user=user).first() or peer_worker_create(
        organisation=world.a.organisations["pool"], first_name="Mat", last_name="Rix", user=user
    )


def _entry(world):
    from ervaringswerk.hours.models import TimeEntry
    from ervaringswerk.hours.services import time_entry_create

    peer = _peer(world)
    existing = TimeEntry.objects.filter(peer=peer).first()
    if existing:
        return existing.pk
    return time_entry_create(
        peer=peer, day=timezone.localdate(), minutes=60, work_kind="direct_contact", description="Matrix"
    ).pk


def _url(name):
    return lambda w: reverse(name, args=[_entry(w)])


def _post_only(url_name, path, allowed, *, other):
    """A POST-only URL: a GET is 405 for whoever passes the role rule, 403 for the rest."""
    return page(url_name, path, allowed, other=other, ok=405)


ROWS = [
    page("hours:my_hours", lambda w: reverse("hours:my_hours"), PEER),
    page("hours:entry_edit", _url("hours:entry_edit"), PEER),
    _post_only("hours:entry_delete", _url("hours:entry_delete"), PEER, other=403),
    page("hours:review", lambda w: reverse("hours:review"), COORDINATOR),
    _post_only("hours:entry_approve", _url("hours:entry_approve"), COORDINATOR, other=405),
    page("hours:entry_return", _url("hours:entry_return"), COORDINATOR, other=404),
    page("hours:entry_correct", _url("hours:entry_correct"), COORDINATOR, other=404),
    page("hours:overview", lambda w: reverse("hours:overview"), COORDINATOR),
    page("hours:locks", lambda w: reverse("hours:locks"), COORDINATOR),
    _post_only("hours:lock_create", lambda w: reverse("hours:lock_create"), COORDINATOR, other=405),
    _post_only("hours:lock_reopen", lambda w: reverse("hours:lock_reopen"), COORDINATOR, other=405),
    page("hours:export", lambda w: reverse("hours:export") + "?format=csv", PEER | COORDINATOR),
    page("hours:export", lambda w: reverse("hours:export") + "?format=xlsx", PEER | COORDINATOR),
]
