"""Demo requests. Issue 4 grows this into a realistic queue."""

from ervaringswerk.core.reference import DeploymentKind

from .models import DeploymentRequest, RequestStatus, Urgency

REQUESTS = [
    (
        "helmond.team-noord",
        "helmond",
        "Helmond-Noord",
        "Steun bij geldzorgen en post openen",
        DeploymentKind.INDIVIDUAL_SUPPORT,
        RequestStatus.OPEN,
        Urgency.SOON,
        3,
    ),
    (
        "helmond.team-noord",
        "helmond",
        "Binnenstad",
        "Themabijeenkomst 'Rondkomen in de wijk'",
        DeploymentKind.GROUP_ACTIVITY,
        RequestStatus.DRAFT,
        Urgency.NORMAL,
        2,
    ),
    (
        "utrecht.team-overvecht",
        "utrecht",
        "Overvecht",
        "Consultatie teamoverleg over herstelgericht werken",
        DeploymentKind.CONSULTATION,
        RequestStatus.OPEN,
        Urgency.NORMAL,
        2,
    ),
]


def load(ctx) -> None:
    for org_key, m_key, wijk, title, kind, status, urgency, hours in REQUESTS:
        organisation = ctx.organisations[org_key]
        DeploymentRequest.objects.get_or_create(
            municipality=organisation.municipality,
            organisation=organisation,
            title=title,
            defaults={
                "kind": kind,
                "status": status,
                "urgency": urgency,
                "hours_per_week": hours,
                "neighbourhood": ctx.neighbourhoods[(m_key, wijk)],
                "created_by": ctx.users.get(f"professional.{m_key}"),
            },
        )
