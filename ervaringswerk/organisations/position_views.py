"""The register of funded positions (functieplaatsen, issue 14, S0) at /functieplaatsen/.

Thin: parse, call a service, render. Another municipality's position, or another organisation's for a
coordinator or team lead, answers 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ervaringswerk.core.access import rule_required
from ervaringswerk.core.forms import add_service_errors
from ervaringswerk.core.shortcuts import get_or_404
from ervaringswerk.core.tenancy import Viewer

from .models import PositionStatus, Programme
from .permissions import (
    can_create_positions,
    can_manage_positions,
    can_view_positions,
    may_see_position_holder,
)
from .position_forms import FillForm, PositionForm, VacateForm
from .selectors import organisation_list, position_get, position_list
from .services import position_create, position_fill, position_vacate


def _peers(viewer: Viewer, position):
    """The coordinator's own pool: whom a position of their organisation can go to."""
    from ervaringswerk.pool.models import PeerStatus, PeerWorker

    return PeerWorker.objects.filter(
        municipality_id=viewer.municipality_id,
        organisation_id=position.organisation_id,
        status=PeerStatus.ACTIVE,
    ).order_by("last_name", "first_name")


@rule_required(can_view_positions)
def position_index(request):
    status = request.GET.get("status") or ""
    if status not in PositionStatus.values:
        status = ""
    positions = list(position_list(viewer=request.viewer, status=status or None))
    everything = position_list(viewer=request.viewer)
    counts = {s: everything.filter(status=s).count() for s in PositionStatus.values}
    return render(
        request,
        "organisations/position_list.html",
        {
            "positions": positions,
            "status": status,
            "statuses": PositionStatus.choices,
            "counts": counts,
            "can_create": can_create_positions(request.viewer),
        },
    )


@rule_required(can_create_positions)
def position_new(request):
    viewer = request.viewer
    form = PositionForm(
        request.POST or None,
        organisations=organisation_list(viewer=viewer),
        programmes=Programme.objects.filter(municipality_id=viewer.municipality_id),
        initial={"start_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            position = position_create(by=viewer.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De functieplaats staat in het register."))
            return redirect("positions:detail", pk=position.pk)
    return render(request, "organisations/position_form.html", {"form": form})


@rule_required(can_view_positions)
def position_detail(request, pk):
    position = get_or_404(position_get, request.viewer, pk)
    manage = can_manage_positions(request.viewer, position)
    # filling means choosing a person: the organisation's own coordinator only, who also sees the name
    own = may_see_position_holder(request.viewer, position)
    today = timezone.localdate()
    return render(
        request,
        "organisations/position_detail.html",
        {
            "position": position,
            "events": list(position.events.all()),
            "can_manage": manage,
            "show_holder": own,
            "fill_form": FillForm(peers=_peers(request.viewer, position), initial={"on": today})
            if own and position.status == PositionStatus.OPEN
            else None,
            "vacate_form": VacateForm(initial={"on": today})
            if manage and position.status != PositionStatus.ENDED
            else None,
        },
    )


@require_POST
@rule_required(can_view_positions)
def position_change(request, pk):
    position = get_or_404(position_get, request.viewer, pk)
    if not can_manage_positions(request.viewer, position):
        raise PermissionDenied
    action = request.POST.get("actie")
    try:
        if action == "vervullen":
            if not may_see_position_holder(request.viewer, position):
                raise PermissionDenied
            form = FillForm(request.POST, peers=_peers(request.viewer, position))
            if not form.is_valid():
                raise ValidationError(_("Kies een ervaringsdeskundige en een datum."))
            position_fill(position=position, by=request.viewer.user, **form.cleaned_data)
            messages.success(request, _("De functieplaats is vervuld."))
        elif action == "vrijmaken":
            form = VacateForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Vul een datum in."))
            if not form.cleaned_data["end"] and not may_see_position_holder(request.viewer, position):
                raise PermissionDenied
            position_vacate(position=position, by=request.viewer.user, **form.cleaned_data)
            messages.success(request, _("De wijziging staat in de geschiedenis."))
        else:
            raise ValidationError(_("Onbekende actie."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("positions:detail", pk=position.pk)
