from django.db.models import Count, QuerySet

from .models import Organisation


def organisation_list(*, viewer, kind: str | None = None) -> QuerySet[Organisation]:
    qs = Organisation.objects.filter(municipality_id=viewer.municipality_id).prefetch_related(
        "neighbourhoods"
    )
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def organisation_get(*, viewer, pk) -> Organisation:
    return organisation_list(viewer=viewer).get(pk=pk)


def organisation_count_by_municipality(*, viewer) -> dict:
    qs = Organisation.objects.all()
    if not viewer.is_platform_admin:
        qs = qs.filter(municipality_id=viewer.municipality_id)
    return {
        row["municipality"]: row["n"] for row in qs.values("municipality").annotate(n=Count("id")).order_by()
    }
