"""Reads of trajectories and measurements, scoped to the people involved (never to policy advisors)."""

from django.db.models import Prefetch, Q, QuerySet

from ervaringswerk.core.tenancy import Role, Viewer

from .models import Measurement, OutcomeSettings, Score, Trajectory


def trajectory_list(*, viewer: Viewer, active_only: bool = False) -> QuerySet[Trajectory]:
    qs = Trajectory.objects.filter(municipality_id=viewer.municipality_id).select_related(
        "organisation", "neighbourhood", "peer_worker"
    )
    if active_only:
        qs = qs.filter(end_date__isnull=True)
    if viewer.role in (Role.PROFESSIONAL, Role.TEAM_LEAD):
        return qs.filter(organisation_id=viewer.organisation_id)
    if viewer.role == Role.PEER_WORKER:
        return qs.filter(peer_worker__user_id=viewer.user_id)
    return qs.none()


def trajectory_get(*, viewer: Viewer, pk) -> Trajectory:
    return trajectory_list(viewer=viewer).get(pk=pk)


def measurement_list(*, viewer: Viewer, trajectory=None) -> QuerySet[Measurement]:
    trajectories = trajectory_list(viewer=viewer)
    qs = Measurement.objects.filter(
        municipality_id=viewer.municipality_id, trajectory__in=trajectories.values("pk")
    ).select_related("trajectory")
    if trajectory is not None:
        qs = qs.filter(trajectory=trajectory)
    return qs.prefetch_related(Prefetch("scores", queryset=Score.objects.order_by("instrument", "item")))


def outcome_settings_for(*, municipality) -> OutcomeSettings:
    """The municipality's settings; an unsaved default when none were stored yet (reads never write)."""
    found = OutcomeSettings.objects.filter(municipality=municipality).first()
    return found or OutcomeSettings(municipality=municipality)


def measurement_scores(measurement) -> dict[tuple[str, str], int]:
    return {(s.instrument, s.item): s.value for s in measurement.scores.all()}


def peer_worker_choices(*, viewer: Viewer):
    """Active peer workers of the municipality a professional may link to a trajectory (name only)."""
    from ervaringswerk.pool.models import PeerStatus, PeerWorker

    return PeerWorker.objects.filter(municipality_id=viewer.municipality_id, status=PeerStatus.ACTIVE)


def programme_choices(*, viewer: Viewer):
    """Programmes the viewer's organisation carries out or takes part in, for linking a trajectory."""
    from ervaringswerk.organisations.models import Programme

    org = viewer.organisation_id
    return (
        Programme.objects.filter(municipality_id=viewer.municipality_id)
        .filter(Q(contractor_id=org) | Q(partners=org) | Q(funder_id=org))
        .distinct()
    )


def neighbourhood_choices(*, viewer: Viewer):
    from ervaringswerk.core.selectors import neighbourhood_list

    return neighbourhood_list(viewer=viewer)
