"""Pages of the pool: the coordinator's overview, profile, import and export; "Mijn profiel".

Thin: parse input, call one selector or service, render. Every object comes from a viewer-scoped selector.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ervaringswerk.audit.services import audit_export, audit_page, audit_view
from ervaringswerk.core.access import rule_required
from ervaringswerk.core.forms import add_service_errors
from ervaringswerk.core.selectors import experience_domain_list, neighbourhood_list
from ervaringswerk.core.shortcuts import get_or_404
from ervaringswerk.core.tenancy import Viewer

from . import exporting, importing, services, uploads
from .constants import VISIBILITY_HELP, GoalStatus, PeerStatus, Visibility
from .forms import (
    BoundariesForm,
    CheckInForm,
    DetailsForm,
    ExperienceForm,
    GoalForm,
    ImportForm,
    LadderStepForm,
    ManageForm,
    PauseForm,
    PoolFilterForm,
    TrainingForm,
)
from .models import DevelopmentGoal, LadderStep, PeerWorker, Training
from .permissions import (
    can_edit_own_profile,
    can_export_pool,
    can_import_pool,
    can_manage_peer_worker,
    can_view_peer_worker,
    can_view_pool,
)
from .selectors import (
    PoolFilters,
    goals,
    ladder_steps,
    linkable_logins,
    open_talk_signal,
    own_check_ins,
    own_experiences,
    peer_availability,
    peer_worker_for_user,
    peer_worker_get,
    pool_export_rows,
    pool_overview,
    profile_completeness,
    trainings,
    visible_experiences,
)
from .timeline import path_chart, path_events
from .visibility import ExperienceContext

# ---------------------------------------------------------------------------------------------------------
# Coordinator


def _filters(request) -> tuple[PoolFilters, PoolFilterForm]:
    form = PoolFilterForm(
        request.GET or None,
        domains=experience_domain_list(viewer=request.viewer),
        neighbourhoods=neighbourhood_list(viewer=request.viewer),
    )
    data = form.cleaned_data if form.is_bound and form.is_valid() else getattr(form, "cleaned_data", {})
    filters = PoolFilters(
        q=data.get("q") or "",
        domain=data.get("domein") or "",
        neighbourhood=data.get("wijk") or "",
        language=data.get("taal") or "",
        kind=data.get("soort") or "",
        status=data.get("status") or "",
        available=bool(data.get("beschikbaar")),
        talk=bool(data.get("gesprek")),
    )
    return filters, form


@rule_required(can_view_pool)
def overview(request):
    filters, form = _filters(request)
    data = pool_overview(viewer=request.viewer, filters=filters, page_number=request.GET.get("pagina") or 1)
    audit_page(request, data.page, model=PeerWorker)
    query = request.GET.copy()
    query.pop("pagina", None)
    from ervaringswerk.core.panels import render_panels

    return render(
        request,
        "pool/overview.html",
        {
            "panels": render_panels("coordinator_start", request),  # the onboarding checklist (beheer)
            "form": form,
            "data": data,
            "page": data.page,
            "filtered": not filters.is_empty(),
            "status_cards": [
                (value, label, data.counts.get(value, 0)) for value, label in PeerStatus.choices
            ],
            "query": query.urlencode(),
        },
    )


def _theme_labels(viewer: Viewer, peer) -> list[str]:
    names = {d.slug: d.name for d in experience_domain_list(viewer=viewer, active_only=False)}
    return [names.get(theme, theme) for theme in peer.excluded_themes or []]


def _growth_context(viewer: Viewer, peer) -> dict:
    steps = list(ladder_steps(viewer=viewer, peer=peer))
    goal_list = list(goals(viewer=viewer, peer=peer))
    training_list = list(trainings(viewer=viewer, peer=peer))
    events = path_events(peer=peer, steps=steps, trainings=training_list, goals=goal_list)
    return {
        "steps": steps,
        "current_step": steps[-1] if steps else None,
        "goals": goal_list,
        "trainings": training_list,
        "events": events,
        "chart": path_chart(events=events, today=timezone.localdate()),
    }


@rule_required(can_view_peer_worker)
def detail(request, pk):
    peer = get_or_404(peer_worker_get, request.viewer, pk)
    audit_view(viewer=request.viewer, obj=peer)
    is_self = peer.user_id is not None and peer.user_id == request.viewer.user_id
    manages = can_manage_peer_worker(request.viewer, peer)
    return render(
        request,
        "pool/detail.html",
        {
            "peer": peer,
            "is_self": is_self,
            "manages": manages,
            "experiences": visible_experiences(
                viewer=request.viewer, peer=peer, context=ExperienceContext.PROFILE
            ),
            "availability": peer_availability(peer=peer),
            "neighbourhoods": list(peer.neighbourhoods.all()),
            "talk": open_talk_signal(viewer=request.viewer, peer=peer) if manages else None,
            "excluded_themes": _theme_labels(request.viewer, peer),
            **_growth_context(request.viewer, peer),
        },
    )


@rule_required(can_manage_peer_worker)
def manage(request, pk):
    peer = get_or_404(peer_worker_get, request.viewer, pk)
    if not can_manage_peer_worker(request.viewer, peer):
        raise PermissionDenied
    form = ManageForm(
        request.POST or None, instance=peer, logins=linkable_logins(viewer=request.viewer, peer=peer)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.peer_admin_update(
                viewer=request.viewer,
                peer=peer,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De gegevens van %(name)s zijn opgeslagen.") % {"name": peer})
            return redirect("pool:detail", pk=peer.pk)
    return render(request, "pool/manage.html", {"peer": peer, "form": form})


@rule_required(can_manage_peer_worker)
def create(request):
    """Add one peer worker to the coordinator's own pool organisation (many at once: import)."""
    form = ManageForm(
        request.POST or None,
        instance=PeerWorker(status=PeerStatus.ACTIVE),
        logins=linkable_logins(viewer=request.viewer),
    )
    form.fields["joined_on"].initial = timezone.localdate()
    if request.method == "POST" and form.is_valid():
        try:
            peer = services.peer_worker_add(
                viewer=request.viewer, **{name: form.cleaned_data[name] for name in form.Meta.fields}
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is aan de pool toegevoegd.") % {"name": peer})
            return redirect("pool:detail", pk=peer.pk)
    return render(request, "pool/create.html", {"form": form})


@require_POST
@rule_required(can_manage_peer_worker)
def talk_acknowledge(request, pk):
    peer = get_or_404(peer_worker_get, request.viewer, pk)
    if not can_manage_peer_worker(request.viewer, peer):
        raise PermissionDenied
    if services.talk_request_acknowledge(viewer=request.viewer, peer=peer):
        messages.success(
            request, _("Genoteerd: u neemt contact op met %(name)s.") % {"name": peer.first_name}
        )
    return redirect("pool:detail", pk=peer.pk)


@rule_required(can_export_pool)
def export(request):
    filters, _form = _filters(request)
    fmt = request.GET.get("formaat", "csv")
    if fmt not in {"csv", "xlsx"}:
        fmt = "csv"
    rows = pool_export_rows(viewer=request.viewer, filters=filters)
    audit_export(
        viewer=request.viewer,
        object_type="pool.peerworker",
        description=_("Pool-export (%(fmt)s): %(n)s ervaringsdeskundigen")
        % {"fmt": fmt.upper(), "n": len(rows)},
    )
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        response = HttpResponse(
            exporting.to_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(exporting.to_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pool-{stamp}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


@transaction.non_atomic_requests  # parsing a file must never hold the database's write lock (SQLite)
@rule_required(can_import_pool)
def import_pool(request):
    """Upload → column mapping with a dry run → import. The file waits on disk (`pool.uploads`), not in
    the session; parsing runs outside any transaction; only the final write is one short transaction."""
    if request.GET.get("sjabloon") == "csv":
        response = HttpResponse(
            ("\ufeff" + importing.template_csv()).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="pool-import-sjabloon.csv"'
        return response
    viewer = request.viewer
    owner = {"user": request.user, "organisation_id": viewer.organisation_id}
    form = ImportForm()
    check = None
    token = None
    if request.method == "POST" and "bestand" not in request.FILES and request.POST.get("upload"):
        token = request.POST["upload"]
        stored = uploads.upload_load(token=token, **owner)
        if stored is None:
            messages.error(request, _("Deze controle is verlopen. Kies het bestand opnieuw."))
            return redirect("pool:import")
        action = request.POST.get("actie", "")
        if action == "annuleren":
            uploads.upload_delete(token)
            messages.info(request, _("Het bestand is verwijderd. Er is niets opgeslagen."))
            return redirect("pool:import")
        if action == "importeren":
            try:
                created = services.pool_import(
                    viewer=viewer, filename=stored.filename, content=stored.content, mapping=stored.mapping
                )
            except services.ImportRefused as refused:
                check = refused.check
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("pool:import")
            else:
                uploads.upload_delete(token)
                messages.success(request, _("%(n)s ervaringsdeskundigen geïmporteerd.") % {"n": len(created)})
                return redirect("pool:overview")
        else:  # "koppelen": the coordinator changed the mapping
            mapping = [request.POST.get(f"kolom_{i}", "") for i in range(importing.MAX_COLUMNS)]
            check = importing.import_check(
                viewer=viewer, filename=stored.filename, content=stored.content, mapping=mapping
            )
            uploads.upload_set_mapping(token=token, mapping=[c.target for c in check.columns], **owner)
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["bestand"]
            content = upload.read()
            check = importing.import_check(viewer=viewer, filename=upload.name, content=content)
            if check.readable:
                token = uploads.upload_store(filename=upload.name, content=content, **owner)
                uploads.upload_set_mapping(token=token, mapping=[c.target for c in check.columns], **owner)
    return render(
        request,
        "pool/import.html",
        {
            "form": form,
            "check": check,
            "token": token,
            "targets": [(key, label) for key, (label, _d) in importing.COLUMNS.items()],
            "columns": importing.COLUMNS.items(),
            "caps": {"rows": importing.MAX_ROWS, "columns": importing.MAX_COLUMNS},
        },
    )


# ---------------------------------------------------------------------------------------------------------
# Mijn profiel (the peer worker themself)


def _own_peer(request) -> PeerWorker:
    peer = peer_worker_for_user(viewer=request.viewer)
    if peer is None:
        raise Http404(_("Er is nog geen profiel aan uw account gekoppeld."))
    return peer


@rule_required(can_edit_own_profile)
def my_profile(request):
    peer = peer_worker_for_user(viewer=request.viewer)
    if peer is None:
        return render(request, "pool/my_profile_missing.html")
    experiences = own_experiences(viewer=request.viewer, peer=peer)
    return render(
        request,
        "pool/my_profile.html",
        {
            "peer": peer,
            "completeness": profile_completeness(peer=peer),
            "experiences": list(experiences.values()),
            "neighbourhoods": list(peer.neighbourhoods.all()),
            "availability": peer_availability(peer=peer),
            "paused_now": peer.self_paused_on(timezone.localdate()),
            "excluded_themes": _theme_labels(request.viewer, peer),
            **_growth_context(request.viewer, peer),
        },
    )


@rule_required(can_edit_own_profile)
def my_details(request):
    peer = _own_peer(request)
    hoods = neighbourhood_list(viewer=request.viewer)
    form = DetailsForm(request.POST or None, instance=peer, neighbourhoods=hoods)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.peer_profile_update(
                viewer=request.viewer, peer=peer, neighbourhoods=data.pop("neighbourhoods"), **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Uw gegevens zijn opgeslagen."))
            return redirect("pool:my_profile")
    return render(request, "pool/my_details.html", {"peer": peer, "form": form})


@rule_required(can_edit_own_profile)
def my_experience(request):
    peer = _own_peer(request)
    domains = list(experience_domain_list(viewer=request.viewer))
    existing = own_experiences(viewer=request.viewer, peer=peer)
    # A domain the municipality retired stays on the form while the peer worker still has it.
    retired = [e.domain for e in existing.values() if not e.domain.is_active]
    form = ExperienceForm(request.POST or None, domains=[*domains, *retired], existing=existing)
    if request.method == "POST" and form.is_valid():
        try:
            services.experiences_save(viewer=request.viewer, peer=peer, entries=form.entries())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Uw ervaringsdeskundigheid en wie die mag zien zijn opgeslagen."))
            return redirect("pool:my_profile")
    return render(
        request,
        "pool/my_experience.html",
        {
            "peer": peer,
            "form": form,
            "levels": [(Visibility(value).label, VISIBILITY_HELP[value]) for value in Visibility.values],
        },
    )


@rule_required(can_edit_own_profile)
def my_boundaries(request):
    peer = _own_peer(request)
    domains = list(experience_domain_list(viewer=request.viewer))
    form = BoundariesForm(request.POST or None, instance=peer, domains=domains)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.peer_boundaries_update(
                viewer=request.viewer, peer=peer, excluded_themes=form.excluded_themes(), **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Uw grenzen en beschikbaarheid zijn opgeslagen."))
            return redirect("pool:my_profile")
    return render(request, "pool/my_boundaries.html", {"peer": peer, "form": form})


@rule_required(can_edit_own_profile)
def my_pause(request):
    peer = _own_peer(request)
    today = timezone.localdate()
    initial = {
        "pause_start": peer.pause_start or today,
        "pause_end": peer.pause_end,
        "pause_note": peer.pause_note,
    }
    form = PauseForm(request.POST or None, initial=initial)
    if request.method == "POST" and request.POST.get("actie") == "beeindigen":
        services.peer_pause_end(viewer=request.viewer, peer=peer)
        messages.success(request, _("Uw pauze is beëindigd. Welkom terug!"))
        return redirect("pool:my_profile")
    if request.method == "POST" and form.is_valid():
        try:
            services.peer_pause_set(
                viewer=request.viewer,
                peer=peer,
                start=form.cleaned_data["pause_start"],
                end=form.cleaned_data["pause_end"],
                note=form.cleaned_data["pause_note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Uw pauze is vastgelegd. U krijgt in die tijd geen aanbiedingen."))
            return redirect("pool:my_profile")
    return render(
        request,
        "pool/my_pause.html",
        {
            "peer": peer,
            "form": form,
            "has_pause": peer.pause_start is not None,
            "paused_now": peer.self_paused_on(today),
        },
    )


GROWTH_FORMS = {"trede": LadderStepForm, "doel": GoalForm, "training": TrainingForm}


@rule_required(can_edit_own_profile)
def my_growth(request):
    peer = _own_peer(request)
    viewer = request.viewer
    action = request.POST.get("actie") if request.method == "POST" else None
    forms = {
        key: cls(request.POST if action == key else None, prefix=key) for key, cls in GROWTH_FORMS.items()
    }
    if action in forms and forms[action].is_valid():
        data = forms[action].cleaned_data
        try:
            if action == "trede":
                services.ladder_step_add(viewer=viewer, peer=peer, **data)
            elif action == "doel":
                services.goal_add(viewer=viewer, peer=peer, **data)
            else:
                services.training_add(viewer=viewer, peer=peer, **data)
        except ValidationError as exc:
            add_service_errors(forms[action], exc)
        else:
            messages.success(request, _("Toegevoegd aan uw groeipad."))
            return redirect("pool:my_growth")
    elif action in {"doel-status", "trede-weg", "training-weg"}:
        _growth_change(request, peer, action)
        return redirect("pool:my_growth")
    return render(
        request,
        "pool/my_growth.html",
        {"peer": peer, "forms": forms, "goal_statuses": GoalStatus.choices, **_growth_context(viewer, peer)},
    )


def _growth_change(request, peer, action) -> None:
    viewer = request.viewer
    try:
        pk = uuid.UUID(request.POST.get("id", ""))
    except ValueError as exc:
        raise Http404 from exc
    models = {"doel-status": DevelopmentGoal, "trede-weg": LadderStep, "training-weg": Training}
    obj = models[action].objects.filter(municipality_id=viewer.municipality_id, peer=peer, pk=pk).first()
    if obj is None:
        raise Http404
    try:
        if action == "doel-status":
            services.goal_update(viewer=viewer, goal=obj, status=request.POST.get("status", ""))
        elif action == "trede-weg":
            services.ladder_step_delete(viewer=viewer, step=obj)
        else:
            services.training_delete(viewer=viewer, training=obj)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Uw groeipad is bijgewerkt."))


@rule_required(can_edit_own_profile)
def my_check_in(request):
    peer = _own_peer(request)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check_in = services.check_in_create(viewer=request.viewer, peer=peer, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if check_in.wants_talk:
                messages.success(
                    request,
                    _(
                        "Dank u. Uw coördinator ziet dat u een gesprek wilt (niet wat u invulde) "
                        "en neemt contact op."
                    ),
                )
            else:
                messages.success(request, _("Dank u. Uw check-in is opgeslagen; alleen u kunt hem zien."))
            return redirect("pool:my_check_in")
    history = list(own_check_ins(viewer=request.viewer, peer=peer)[:12])
    return render(request, "pool/my_check_in.html", {"peer": peer, "form": form, "history": history})
