from datetime import time, timedelta

from django.urls import reverse
from django.utils import timezone

from ervaringswerk.core.tenancy import Role
from ervaringswerk.core.testing import COLUMNS, TENANT_ROLES, Row, api, page

EVERY_ROLE = set(TENANT_ROLES)
ORGANISERS = {Role.COORDINATOR, Role.PROFESSIONAL, Role.TEAM_LEAD}
RECORDERS = ORGANISERS | {Role.PEER_WORKER}
ROSTER = {Role.COORDINATOR, Role.PEER_WORKER}


def _activity(world):
    """A weekly group in A, organised by the pool and the team, facilitated by A's peer-worker login."""
    from ervaringswerk.activities.models import Activity
    from ervaringswerk.activities.services import activity_create
    from ervaringswerk.activities.tests.factories import viewer
    from ervaringswerk.pool.models import PeerWorker
    from ervaringswerk.pool.services import peer_worker_create

    existing = Activity.objects.filter(municipality=world.a.municipality).first()
    if existing:
        return existing
    peer_user = world.a.users[Role.PEER_WORKER]
    peer = PeerWorker.objects.filter(user=peer_user).first() or peer_worker_create(
        organisation=world.a.organisations["pool"], first_name="Mat", last_name="Rix", user=peer_user
    )
    today = timezone.localdate()
    return activity_create(
        viewer=viewer(world.a.users[Role.COORDINATOR]),
        title="Matrixgroep",
        kind="recovery_group",
        organisers=[world.a.organisations["pool"], world.a.organisations["team"]],
        peer_facilitators=[peer],
        start_date=today - timedelta(days=14),
        end_date=today + timedelta(days=28),
        start_time=time(19, 0),
        duration_minutes=90,
        is_public=True,
        skip_holidays=False,
        today=today - timedelta(days=14),
    )


def _session(world):
    return _activity(world).sessions.order_by("starts_at").first().pk


def _slug(world):
    return world.a.municipality.slug


def post_only(url_name, path, allowed, *, api_row=False):
    """A POST-only URL: a GET is 405 for whoever passes the rule, 403 for the rest."""
    row = (api if api_row else page)(url_name, path, allowed, other=405, ok=405)
    return row


def public(url_name, path):
    return Row(url_name, path, dict.fromkeys(COLUMNS, 200))


ROWS = [
    page("activities:list", lambda w: reverse("activities:list"), EVERY_ROLE),
    page("activities:create", lambda w: reverse("activities:create"), ORGANISERS),
    page(
        "activities:detail",
        lambda w: reverse("activities:detail", args=[_activity(w).pk]),
        EVERY_ROLE,
        other=404,
    ),
    page(
        "activities:edit", lambda w: reverse("activities:edit", args=[_activity(w).pk]), ORGANISERS, other=404
    ),
    page(
        "activities:session",
        lambda w: reverse("activities:session", args=[_session(w)]),
        EVERY_ROLE,
        other=404,
    ),
    page(
        "activities:session_attendance",
        lambda w: reverse("activities:session_attendance", args=[_session(w)]),
        RECORDERS,
        other=404,
    ),
    page(
        "activities:session_move",
        lambda w: reverse("activities:session_move", args=[_session(w)]),
        ORGANISERS,
        other=404,
    ),
    post_only(
        "activities:session_cancel",
        lambda w: reverse("activities:session_cancel", args=[_session(w)]),
        ORGANISERS,
    ),
    post_only(
        "activities:session_restore",
        lambda w: reverse("activities:session_restore", args=[_session(w)]),
        ORGANISERS,
    ),
    post_only(
        "activities:session_minutes",
        lambda w: reverse("activities:session_minutes", args=[_session(w)]),
        RECORDERS,
    ),
    page("activities:roster", lambda w: reverse("activities:roster"), ROSTER),
    post_only(
        "activities:roster_signup", lambda w: reverse("activities:roster_signup", args=[_session(w)]), ROSTER
    ),
    post_only(
        "activities:roster_withdraw",
        lambda w: reverse("activities:roster_withdraw", args=[_session(w)]),
        ROSTER,
    ),
    page("activities:development", lambda w: reverse("activities:development"), {Role.COORDINATOR}),
    post_only("activities:rhythm", lambda w: reverse("activities:rhythm"), {Role.COORDINATOR}),
    # The public agenda: 200 for everyone, anonymous included.
    public("agenda:agenda", lambda w: reverse("agenda:agenda", args=[_slug(w)])),
    public("agenda:ics", lambda w: reverse("agenda:ics", args=[_slug(w)])),
    # API
    api("activity-list", lambda w: reverse("activity-list"), EVERY_ROLE),
    api(
        "activity-detail", lambda w: reverse("activity-detail", args=[_activity(w).pk]), EVERY_ROLE, other=404
    ),
    api("activity-session-list", lambda w: reverse("activity-session-list"), EVERY_ROLE),
    api(
        "activity-session-detail",
        lambda w: reverse("activity-session-detail", args=[_session(w)]),
        EVERY_ROLE,
        other=404,
    ),
    *[
        post_only(
            f"activity-session-{name}",
            (lambda n: lambda w: reverse(f"activity-session-{n}", args=[_session(w)]))(name),
            EVERY_ROLE,
            api_row=True,
        )
        for name in ("attendance", "move", "cancel", "minutes")
    ],
    api("roster-slot-list", lambda w: reverse("roster-slot-list"), ROSTER),
    post_only(
        "roster-slot-signup",
        lambda w: reverse("roster-slot-signup", args=[_session(w)]),
        ROSTER,
        api_row=True,
    ),
    post_only(
        "roster-slot-withdraw",
        lambda w: reverse("roster-slot-withdraw", args=[_session(w)]),
        ROSTER,
        api_row=True,
    ),
]
