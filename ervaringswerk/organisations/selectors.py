import datetime

from django.db.models import Count, Q, QuerySet

from ervaringswerk.core.tenancy import Viewer

from .models import Milestone, MilestoneKind, Organisation, Programme, ProgrammeStatus


def organisation_list(*, viewer: Viewer, kind: str | None = None) -> QuerySet[Organisation]:
    qs = Organisation.objects.filter(municipality_id=viewer.municipality_id).prefetch_related(
        "neighbourhoods"
    )
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def organisation_get(*, viewer: Viewer, pk) -> Organisation:
    return organisation_list(viewer=viewer).get(pk=pk)


def bookable_programmes(*, municipality_id, organisation_ids, keep=None) -> QuerySet[Programme]:
    """Open programmes of the municipality that one of these organisations carries out or is a partner in:
    what an assignment or activity can be booked on. `keep` (a programme id) stays in the list even when it
    no longer qualifies, so a form can show what is already chosen."""
    ids = [getattr(o, "pk", o) for o in organisation_ids]
    qualifying = Programme.objects.filter(
        Q(contractor_id__in=ids) | Q(partners__id__in=ids),
        municipality_id=municipality_id,
        status=ProgrammeStatus.OPEN,
    )
    condition = Q(pk__in=qualifying.values("pk"))
    if keep is not None:
        condition |= Q(pk=keep)
    return Programme.objects.filter(condition, municipality_id=municipality_id).order_by("name")


def default_programme(*, municipality_id, pool_organisation_id, requester_id, on: datetime.date):
    """The programme an assignment goes on when nobody chose one: the only open programme running on `on`
    that the pool's organisation carries out or joins, and that the requesting organisation may hire
    under (it is the pool itself or a partner). None when none or several qualify: then the coordinator
    chooses, since a guess would bill the wrong budget."""
    candidates = bookable_programmes(municipality_id=municipality_id, organisation_ids=[pool_organisation_id])
    candidates = candidates.filter(start_date__lte=on, end_date__gte=on)
    if requester_id != pool_organisation_id:
        candidates = candidates.filter(partners__id=requester_id)
    found = list(candidates.distinct()[:2])
    return found[0] if len(found) == 1 else None


def learning_milestones_of(*, programme_id) -> QuerySet[Milestone]:
    """A programme's learning-session and evaluation milestones, in date order (none without a programme)."""
    if programme_id is None:
        return Milestone.objects.none()
    return Milestone.objects.filter(
        programme_id=programme_id, kind__in=[MilestoneKind.LEARNING_SESSION, MilestoneKind.EVALUATION]
    ).order_by("date")


def organisations_around_programme(*, municipality_id, programme_id, extra_ids=()) -> list[Organisation]:
    """The programme's funder, contractor and partners plus `extra_ids`, of one municipality, by name."""
    condition = Q(pk__in=list(extra_ids))
    if programme_id is not None:
        condition |= (
            Q(funded_programmes__pk=programme_id)
            | Q(contracted_programmes__pk=programme_id)
            | Q(partner_programmes__pk=programme_id)
        )
    return list(
        Organisation.objects.filter(condition, municipality_id=municipality_id).distinct().order_by("name")
    )


def organisation_count_by_municipality(*, viewer: Viewer) -> dict:
    qs = Organisation.objects.all()
    if not viewer.is_platform_admin:
        qs = qs.filter(municipality_id=viewer.municipality_id)
    return {
        row["municipality"]: row["n"] for row in qs.values("municipality").annotate(n=Count("id")).order_by()
    }


def position_list(*, viewer: Viewer, status: str | None = None):
    """The register of funded positions: the municipality all of them, an organisation its own."""
    from ervaringswerk.core.tenancy import Role

    from .models import FundedPosition

    qs = FundedPosition.objects.filter(municipality_id=viewer.municipality_id).select_related(
        "organisation", "programme", "holder"
    )
    if not viewer.has_role(Role.POLICY_ADVISOR, Role.ADMINISTRATOR):
        qs = qs.filter(organisation_id=viewer.organisation_id)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("organisation__name", "title")


def position_get(*, viewer: Viewer, pk):
    return position_list(viewer=viewer).prefetch_related("events__holder").get(pk=pk)


def contracted_organisation_ids(*, municipality_id, on: datetime.date) -> set:
    """Organisations that carry out or are a partner in a programme of the municipality open on `on`:
    the organisations a municipality steers by contract (e.g. for a preconditions round)."""
    programmes = Programme.objects.filter(
        municipality_id=municipality_id, status=ProgrammeStatus.OPEN, start_date__lte=on, end_date__gte=on
    )
    ids = set(programmes.values_list("contractor_id", flat=True))
    ids |= set(programmes.filter(partners__isnull=False).values_list("partners__id", flat=True))
    return ids
