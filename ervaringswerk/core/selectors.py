"""Reads for the tenant and reference data, always scoped to the viewer's municipality."""

from django.conf import settings
from django.db.models import QuerySet

from ervaringswerk.core.tenancy import Viewer

from .models import ExperienceDomain, Municipality, Neighbourhood


def municipality_list(*, viewer: Viewer) -> QuerySet[Municipality]:
    if viewer.is_platform_admin:
        return Municipality.objects.all()
    return Municipality.objects.filter(pk=viewer.municipality_id)


def neighbourhood_list(*, viewer: Viewer) -> QuerySet[Neighbourhood]:
    return Neighbourhood.objects.filter(municipality_id=viewer.municipality_id)


def experience_domain_list(*, viewer: Viewer, active_only: bool = True) -> QuerySet[ExperienceDomain]:
    qs = ExperienceDomain.objects.filter(municipality_id=viewer.municipality_id)
    return qs.filter(is_active=True) if active_only else qs


def small_number_threshold_for(*, municipality: Municipality | None) -> int:
    """The effective small-number threshold: the platform's, or the municipality's when that is stricter."""
    platform = int(settings.EW_SMALL_NUMBER_THRESHOLD)
    own = getattr(municipality, "small_number_threshold", None) if municipality is not None else None
    return max(platform, own or 0)
