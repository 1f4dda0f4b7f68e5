"""Writes for the tenant and its reference data. Each function is one transaction."""

from django.db import transaction
from django.utils.text import slugify

from .models import ExperienceDomain, Municipality, Neighbourhood
from .reference import DEFAULT_EXPERIENCE_DOMAINS


@transaction.atomic
def municipality_create(*, name: str, cbs_code: str, slug: str | None = None) -> Municipality:
    """Create a tenant together with its own copy of the experience-domain starting list."""
    municipality = Municipality(name=name, cbs_code=cbs_code, slug=slug or slugify(name))
    municipality.full_clean()
    municipality.save()
    ExperienceDomain.objects.bulk_create(
        ExperienceDomain(municipality=municipality, slug=slug_, name=label, sort_order=index)
        for index, (slug_, label) in enumerate(DEFAULT_EXPERIENCE_DOMAINS)
    )
    return municipality


@transaction.atomic
def neighbourhood_create(*, municipality: Municipality, name: str, code: str = "") -> Neighbourhood:
    neighbourhood = Neighbourhood(municipality=municipality, name=name, code=code)
    neighbourhood.full_clean()
    neighbourhood.save()
    return neighbourhood
