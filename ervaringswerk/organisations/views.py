from django.shortcuts import render
from django.urls import reverse

from ervaringswerk.beheer.permissions import can_administer_municipality
from ervaringswerk.core.access import rule_required
from ervaringswerk.core.shortcuts import get_or_404

from .models import OrganisationKind
from .permissions import can_view_organisations
from .selectors import organisation_get, organisation_list


@rule_required(can_view_organisations)
def organisation_index(request):
    kind = request.GET.get("soort") or None
    if kind not in OrganisationKind.values:
        kind = None
    organisations = organisation_list(viewer=request.viewer, kind=kind)
    return render(
        request,
        "organisations/list.html",
        {
            "organisations": organisations,
            "kinds": OrganisationKind.choices,
            "kind": kind,
            # Where an empty list can be filled from: the administrator's console, for those who may use it.
            "manage_url": reverse("beheer:organisations")
            if can_administer_municipality(request.viewer)
            else None,
        },
    )


@rule_required(can_view_organisations)
def organisation_detail(request, pk):
    organisation = get_or_404(organisation_get, request.viewer, pk)
    return render(request, "organisations/detail.html", {"organisation": organisation})
