from django.db import transaction

from .models import Organisation


@transaction.atomic
def organisation_create(
    *, municipality, name: str, kind: str, description: str = "", neighbourhoods=()
) -> Organisation:
    organisation = Organisation(municipality=municipality, name=name, kind=kind, description=description)
    organisation.full_clean()
    organisation.save()
    foreign = [n for n in neighbourhoods if n.municipality_id != municipality.pk]
    if foreign:
        raise ValueError("A neighbourhood of another municipality cannot be served.")
    if neighbourhoods:
        organisation.neighbourhoods.set(neighbourhoods)
    return organisation
