from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ervaringswerk.audit.services import audit_page, audit_view
from ervaringswerk.core.access import rule_required
from ervaringswerk.core.forms import add_service_errors
from ervaringswerk.core.shortcuts import get_or_404

from .constants import Instrument, Moment
from .forms import MeasurementForm, OutcomeSettingsForm, TrajectoryForm, TrajectoryUpdateForm
from .models import Trajectory
from .permissions import (
    can_change_trajectory,
    can_create_trajectory,
    can_manage_outcome_settings,
    can_record_measurement,
    can_view_measurement_form,
    can_view_trajectories,
    can_view_trajectory,
)
from .selectors import (
    measurement_list,
    measurement_scores,
    neighbourhood_choices,
    outcome_settings_for,
    peer_worker_choices,
    programme_choices,
    trajectory_get,
    trajectory_list,
)
from .services import measurement_record, outcome_settings_update, trajectory_create, trajectory_update


@rule_required(can_view_trajectories)
def trajectory_index(request):
    show = request.GET.get("toon", "lopend")
    qs = trajectory_list(viewer=request.viewer, active_only=show != "alle")
    page = Paginator(qs, 50).get_page(request.GET.get("pagina"))
    audit_page(request, page, model=Trajectory)
    return render(
        request,
        "outcomes/trajectory_list.html",
        {"page": page, "show": show, "can_create": can_create_trajectory(request.viewer)},
    )


def _trajectory_form_kwargs(request):
    return {
        "neighbourhoods": neighbourhood_choices(viewer=request.viewer),
        "peer_workers": peer_worker_choices(viewer=request.viewer),
        "programmes": programme_choices(viewer=request.viewer),
    }


@rule_required(can_create_trajectory)
def trajectory_new(request):
    form = TrajectoryForm(request.POST or None, **_trajectory_form_kwargs(request))
    if request.method == "POST" and form.is_valid():
        try:
            trajectory = trajectory_create(
                viewer=request.viewer, organisation=request.viewer.organisation, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Traject %(code)s is aangemaakt.") % {"code": trajectory.code})
            return redirect("outcomes:trajectory_detail", pk=trajectory.pk)
    return render(request, "outcomes/trajectory_form.html", {"form": form, "trajectory": None})


@rule_required(can_view_trajectories)
def trajectory_detail(request, pk):
    from ervaringswerk.monitoring.charts import spider_chart

    trajectory = get_or_404(trajectory_get, request.viewer, pk, rule=can_view_trajectory)
    audit_view(viewer=request.viewer, obj=trajectory)
    measurements = list(measurement_list(viewer=request.viewer, trajectory=trajectory))
    rows = [(m, measurement_scores(m)) for m in measurements]
    spider = None
    with_health = [(m, s) for m, s in rows if any(k[0] == Instrument.POSITIVE_HEALTH for k in s)]
    if with_health:
        from .constants import ITEMS, item_label

        items = ITEMS[Instrument.POSITIVE_HEALTH]
        series = []
        for m, s in [with_health[0], with_health[-1]] if len(with_health) > 1 else with_health:
            series.append(
                (
                    f"{m.get_moment_display()} {m.measured_on:%d-%m-%Y}",
                    [s.get((Instrument.POSITIVE_HEALTH, i)) for i in items],
                )
            )
        spider = spider_chart(
            title=_("Positieve Gezondheid"),
            axes=[item_label(Instrument.POSITIVE_HEALTH, i) for i in items],
            series=series,
            maximum=10,
        )
    return render(
        request,
        "outcomes/trajectory_detail.html",
        {
            "trajectory": trajectory,
            "rows": rows,
            "table": _score_table(rows),
            "spider": spider,
            "can_change": can_change_trajectory(request.viewer, trajectory),
            "can_measure": can_record_measurement(request.viewer, trajectory),
        },
    )


def _score_table(rows):
    from .constants import ITEMS, item_label

    table = []
    for instrument, items in ITEMS.items():
        for item in items:
            values = [scores.get((instrument, item)) for _m, scores in rows]
            if any(v is not None for v in values):
                table.append((Instrument(instrument).label, item_label(instrument, item), values))
    return table


@rule_required(can_create_trajectory)
def trajectory_edit(request, pk):
    trajectory = get_or_404(trajectory_get, request.viewer, pk, rule=can_change_trajectory)
    form = TrajectoryUpdateForm(request.POST or None, instance=trajectory, **_trajectory_form_kwargs(request))
    if request.method == "POST" and form.is_valid():
        try:
            trajectory_update(viewer=request.viewer, trajectory=trajectory, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Het traject is bijgewerkt."))
            return redirect("outcomes:trajectory_detail", pk=trajectory.pk)
    return render(request, "outcomes/trajectory_form.html", {"form": form, "trajectory": trajectory})


@rule_required(can_view_trajectories)
def measurement_new(request, pk):
    trajectory = get_or_404(trajectory_get, request.viewer, pk, rule=can_record_measurement)
    taken = set(trajectory.measurements.values_list("moment", flat=True))
    initial = {"moment": Moment.INTAKE if Moment.INTAKE not in taken else Moment.INTERIM}
    form = MeasurementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            measurement_record(
                viewer=request.viewer,
                trajectory=trajectory,
                moment=form.cleaned_data["moment"],
                measured_on=form.cleaned_data["measured_on"],
                scores=form.scores(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De meting is opgeslagen."))
            return redirect("outcomes:trajectory_detail", pk=trajectory.pk)
    return render(request, "outcomes/measurement_form.html", {"form": form, "trajectory": trajectory})


@rule_required(can_view_measurement_form)
def blank_form(request):
    """The same form on paper: print it, fill it in with the resident, type it in later."""
    return render(request, "outcomes/blank_form.html", {"form": MeasurementForm()})


@rule_required(can_manage_outcome_settings)
def settings_edit(request):
    current = outcome_settings_for(municipality=request.viewer.municipality)
    form = OutcomeSettingsForm(
        request.POST or None, initial={"activation_definition": current.activation_definition}
    )
    if request.method == "POST" and form.is_valid():
        try:
            outcome_settings_update(
                viewer=request.viewer,
                municipality=request.viewer.municipality,
                activation_definition=form.cleaned_data["activation_definition"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De definitie van activering is opgeslagen."))
            return redirect("outcomes:settings")
    return render(request, "outcomes/settings.html", {"form": form})
