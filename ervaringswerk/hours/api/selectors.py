"""Viewer-scoped reads for the hours API. Every query starts from the viewer's municipality, then narrows
by role with the same rules as hours/permissions.py (own hours, the coordinator's organisation, the
organisations taking part in a programme, the two parties of a statement)."""

import uuid

from django.db.models import Q, QuerySet, Sum

from ervaringswerk.core.tenancy import Role, Viewer
from ervaringswerk.hours.models import COUNTING_STATUSES, HireOutStatement, PeriodLock, TimeEntry
from ervaringswerk.hours.permissions import (
    can_review_hours,
    can_view_programmes,
    can_view_statements,
    own_peer,
)
from ervaringswerk.organisations.models import Programme


def time_entry_list(*, viewer: Viewer) -> QuerySet[TimeEntry]:
    if viewer.municipality_id is None:
        return TimeEntry.objects.none()
    # `correction` is the reverse one-to-one the serializer shows; joined so a list costs one query.
    qs = TimeEntry.objects.filter(municipality_id=viewer.municipality_id).select_related(
        "programme", "peer", "correction"
    )
    if can_review_hours(viewer):
        return qs.filter(organisation_id=viewer.organisation_id)
    peer = own_peer(viewer)
    if peer is not None:
        return qs.filter(peer=peer)
    return qs.none()


def time_entry_get(*, viewer: Viewer, pk: uuid.UUID | str) -> TimeEntry:
    return time_entry_list(viewer=viewer).get(pk=pk)


def programme_list(*, viewer: Viewer) -> QuerySet[Programme]:
    if viewer.municipality_id is None or not can_view_programmes(viewer):
        return Programme.objects.none()
    qs = Programme.objects.filter(municipality_id=viewer.municipality_id)
    if not viewer.has_role(Role.POLICY_ADVISOR, Role.ADMINISTRATOR):
        org = viewer.organisation_id
        qs = qs.filter(Q(contractor_id=org) | Q(funder_id=org) | Q(partners__id=org)).distinct()
    used = Sum("time_entries__minutes", filter=Q(time_entries__status__in=COUNTING_STATUSES))
    # The sum runs in a subquery so the partner join above never multiplies it.
    return (
        Programme.objects.filter(pk__in=qs.values("pk"))
        .annotate(used_minutes=used)
        .select_related("funder", "contractor")
        .prefetch_related("partners", "rates", "milestones", "success_criteria")
        .order_by("-start_date", "name")
    )


def statement_list(*, viewer: Viewer) -> QuerySet[HireOutStatement]:
    if viewer.municipality_id is None or not can_view_statements(viewer):
        return HireOutStatement.objects.none()
    org = viewer.organisation_id
    return (
        HireOutStatement.objects.filter(municipality_id=viewer.municipality_id)
        .filter(Q(issuer_id=org) | Q(partner_id=org))
        .select_related("issuer", "partner")
        .prefetch_related("lines__programme")
    )


def period_lock_list(*, viewer: Viewer) -> QuerySet[PeriodLock]:
    """The closed months of the coordinator's pool organisation, newest first."""
    if viewer.municipality_id is None or not can_review_hours(viewer):
        return PeriodLock.objects.none()
    return (
        PeriodLock.objects.filter(
            municipality_id=viewer.municipality_id, organisation_id=viewer.organisation_id
        )
        .select_related("locked_by")
        .order_by("-month")
    )
