"""Query-string filters shared by several API lists."""

from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions

from ervaringswerk.core.reference import DeploymentForm

DEPLOYMENT_FORM_PARAMETER = OpenApiParameter(
    "deployment_form",
    str,
    enum=list(DeploymentForm.values),
    description="Only rows with this form of deployment (embedded, neighbourhood_team, peer_run, on_request)",
)


def deployment_form_filter(request) -> dict:
    """`?deployment_form=` as queryset filter keywords; an unknown value answers 400 (problem+json)."""
    value = request.query_params.get("deployment_form")
    if not value:
        return {}
    if value not in DeploymentForm.values:
        raise exceptions.ValidationError(
            {"deployment_form": [f"Kies een van: {', '.join(DeploymentForm.values)}."]}
        )
    return {"deployment_form": value}
