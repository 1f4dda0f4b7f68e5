from django.db.models import QuerySet

from ervaringswerk.accounts.models import Role

from .models import DeploymentRequest, RequestStatus


def request_list(*, viewer) -> QuerySet[DeploymentRequest]:
    qs = DeploymentRequest.objects.filter(municipality_id=viewer.municipality_id).select_related(
        "organisation", "neighbourhood"
    )
    if viewer.role in (Role.PROFESSIONAL, Role.TEAM_LEAD):
        return qs.filter(organisation_id=viewer.organisation.pk)
    if viewer.role == Role.COORDINATOR:
        return qs.exclude(status=RequestStatus.DRAFT)
    return qs.none()
