from django.db.models import Count, Prefetch, QuerySet

from ervaringswerk.core.tenancy import Role, Viewer
from ervaringswerk.organisations.selectors import organisation_list

from .models import Action, Assessment, AssessmentItem


def organisations_for_preconditions(*, viewer: Viewer):
    orgs = organisation_list(viewer=viewer)
    if viewer.role == Role.POLICY_ADVISOR:
        return orgs
    return orgs.filter(pk=viewer.organisation_id)


def assessment_list(*, viewer: Viewer, organisation=None) -> QuerySet[Assessment]:
    qs = (
        Assessment.objects.filter(municipality_id=viewer.municipality_id)
        .filter(organisation__in=organisations_for_preconditions(viewer=viewer).values("pk"))
        .select_related("organisation")
        .prefetch_related(Prefetch("items", queryset=AssessmentItem.objects.order_by("precondition")))
    )
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return qs


def assessment_get(*, viewer: Viewer, pk) -> Assessment:
    return assessment_list(viewer=viewer).get(pk=pk)


def action_list(*, viewer: Viewer, organisation=None) -> QuerySet[Action]:
    qs = (
        Action.objects.filter(municipality_id=viewer.municipality_id)
        .filter(organisation__in=organisations_for_preconditions(viewer=viewer).values("pk"))
        .select_related("organisation")
    )
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return qs


def action_get(*, viewer: Viewer, pk) -> Action:
    return action_list(viewer=viewer).get(pk=pk)


def latest_assessments(*, municipality_id, organisation_ids=None) -> dict:
    """Per organisation: its most recent assessment with item scores (for the dashboard and report)."""
    qs = Assessment.objects.filter(municipality_id=municipality_id).order_by(
        "organisation_id", "-assessed_on", "-created_at"
    )
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=organisation_ids)
    latest = {}
    for assessment in qs.select_related("organisation").prefetch_related("items"):
        latest.setdefault(assessment.organisation_id, assessment)
    return latest


def open_action_counts(*, municipality_id) -> dict:
    return {
        row["organisation_id"]: row["n"]
        for row in Action.objects.filter(municipality_id=municipality_id, status="open")
        .values("organisation_id")
        .annotate(n=Count("id"))
        .order_by()
    }


def average_score(assessment) -> float | None:
    scores = [item.score for item in assessment.items.all()]
    return round(sum(scores) / len(scores), 1) if scores else None
