from django.http import Http404
from django.shortcuts import render

from ervaringswerk.core.access import rule_required

from .models import Organisation, OrganisationKind
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
        },
    )


@rule_required(can_view_organisations)
def organisation_detail(request, pk):
    try:
        organisation = organisation_get(viewer=request.viewer, pk=pk)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "organisations/detail.html", {"organisation": organisation})
