"""Pages for deployment. Thin: parse, call one selector or service, render. Objects are always looked up
through a viewer-scoped selector, so another municipality's id (or someone else's offer) answers 404."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ervaringswerk.audit.services import audit_page, audit_view
from ervaringswerk.core.access import rule_required
from ervaringswerk.core.forms import add_service_errors
from ervaringswerk.core.shortcuts import get_or_404
from ervaringswerk.core.tenancy import Role, Viewer
from ervaringswerk.organisations.selectors import bookable_programmes

from . import selectors, services
from .forms import (
    AcceptForm,
    AgreementForm,
    DeclineForm,
    EndForm,
    IdlePoolForm,
    RequestForm,
    WithdrawForm,
)
from .models import (
    Agreement,
    Assignment,
    AssignmentStatus,
    DeploymentRequest,
    OfferStatus,
    ProposalStatus,
    RequestStatus,
)
from .permissions import (
    can_create_request,
    can_edit_agreement,
    can_edit_request,
    can_manage_assignment,
    can_manage_proposal,
    can_match,
    can_respond_offer,
    can_submit_request,
    can_view_assignment,
    can_view_assignments,
    can_view_idle_pool,
    can_view_offer,
    can_view_queue,
    can_view_request,
    can_view_requests,
    can_withdraw_offer,
    can_withdraw_request,
)

# Rows per page of the request list and the queue: one screen of work, the rest behind "Volgende".
PAGE_SIZE = 50


def _check(rule, viewer: Viewer, obj) -> None:
    if not rule(viewer, obj):
        raise PermissionDenied


def _message_error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- requests ------------------------------------------------------------------------------------


@rule_required(can_view_requests)
def request_index(request):
    """Paginated (PAGE_SIZE), newest first; filters on status, neighbourhood and a search in the title or
    the resident's code, so that what one is looking for is on the first page."""
    from ervaringswerk.core.selectors import neighbourhood_list

    viewer = request.viewer
    requests = selectors.request_list(viewer=viewer).order_by("-created_at", "pk")
    status = request.GET.get("status", "")
    if status in RequestStatus.values:
        requests = requests.filter(status=status)
    neighbourhoods = list(neighbourhood_list(viewer=viewer))
    wijk = request.GET.get("wijk", "")
    if wijk in {str(n.pk) for n in neighbourhoods}:
        requests = requests.filter(neighbourhood_id=wijk)
    else:
        wijk = ""
    query = request.GET.get("q", "").strip()[:100]
    if query:
        requests = requests.filter(Q(title__icontains=query) | Q(resident_code__iexact=query))
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("pagina"))
    audit_page(request, page, model=DeploymentRequest)
    return render(
        request,
        "deployment/request_list.html",
        {
            "requests": page.object_list,
            "page": page,
            "statuses": RequestStatus.choices,
            "status": status,
            "neighbourhoods": neighbourhoods,
            "wijk": wijk,
            "q": query,
            "can_create": can_create_request(viewer),
            "can_queue": can_view_queue(viewer),
        },
    )


@rule_required(can_create_request)
def request_create(request):
    viewer = request.viewer
    form = RequestForm(request.POST or None, viewer=viewer)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.request_create(
                viewer=viewer,
                domains_needed=form.cleaned_data["domains_needed"],
                domains_preferred=form.cleaned_data["domains_preferred"],
                submit="submit" in request.POST,
                **form.service_fields(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if created.status == RequestStatus.OPEN:
                messages.success(
                    request, _("Uw verzoek is ingediend en staat in de wachtrij van de coördinator.")
                )
            else:
                messages.success(request, _("Uw verzoek is als concept bewaard."))
            return redirect("deployment:request_detail", pk=created.pk)
    return render(request, "deployment/request_form.html", {"form": form, "creating": True})


@rule_required(can_view_requests)
def request_detail(request, pk):
    viewer = request.viewer
    obj = get_or_404(selectors.request_get, viewer, pk)
    _check(can_view_request, viewer, obj)
    audit_view(viewer=viewer, obj=obj)
    context = {
        "obj": obj,
        "events": selectors.request_events(request=obj),
        "assignments": selectors.assignments_for_request(viewer=viewer, request=obj),
        "can_edit": can_edit_request(viewer, obj),
        "can_submit": can_submit_request(viewer, obj),
        "can_withdraw": can_withdraw_request(viewer, obj),
        "can_match": can_match(viewer, obj),
    }
    if can_match(viewer, obj):
        from ervaringswerk.matching.adapters import rank_request

        context["offers"] = selectors.offers_for_request(viewer=viewer, request=obj)
        context["pending_offer"] = next(
            (o for o in context["offers"] if o.status == OfferStatus.PENDING), None
        )
        if obj.status == RequestStatus.OPEN:
            context["ranking"] = rank_request(
                request=obj, limit=10, organisation_ids=[viewer.organisation_id], with_exclusions=True
            )
    return render(request, "deployment/request_detail.html", context)


@rule_required(can_edit_request)
def request_edit(request, pk):
    viewer = request.viewer
    obj = get_or_404(selectors.request_get, viewer, pk)
    _check(can_edit_request, viewer, obj)
    form = RequestForm(request.POST or None, instance=obj, viewer=viewer)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_update(
                request=obj,
                viewer=viewer,
                domains_needed=form.cleaned_data["domains_needed"],
                domains_preferred=form.cleaned_data["domains_preferred"],
                **form.service_fields(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Het verzoek is bijgewerkt."))
            return redirect("deployment:request_detail", pk=obj.pk)
    return render(request, "deployment/request_form.html", {"form": form, "obj": obj, "creating": False})


@rule_required(can_submit_request)
@require_POST
def request_submit(request, pk):
    viewer = request.viewer
    obj = get_or_404(selectors.request_get, viewer, pk)
    _check(can_submit_request, viewer, obj)
    try:
        services.request_submit(request=obj, viewer=viewer)
    except ValidationError as exc:
        _message_error(request, exc)
    else:
        messages.success(request, _("Uw verzoek is ingediend en staat in de wachtrij van de coördinator."))
    return redirect("deployment:request_detail", pk=obj.pk)


@rule_required(can_withdraw_request)
def request_withdraw(request, pk):
    viewer = request.viewer
    obj = get_or_404(selectors.request_get, viewer, pk)
    _check(can_withdraw_request, viewer, obj)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_withdraw(
                request=obj, viewer=viewer, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Het verzoek is ingetrokken."))
            return redirect("deployment:request_detail", pk=obj.pk)
    return render(
        request,
        "deployment/reason_form.html",
        {
            "form": form,
            "obj": obj,
            "heading": _("Verzoek intrekken"),
            "intro": _("Waarom trekt u dit verzoek in? Een wachtend aanbod wordt dan ook ingetrokken."),
            "submit_label": _("Verzoek intrekken"),
            "back_url": reverse("deployment:request_detail", args=[obj.pk]),
        },
    )


# --- matching ------------------------------------------------------------------------------------


@rule_required(can_match)
@require_POST
def offer_create(request, pk):
    """The coordinator offers an open request to one candidate of their pool."""
    viewer = request.viewer
    obj = get_or_404(selectors.request_get, viewer, pk)
    _check(can_match, viewer, obj)
    try:
        offer = services.offer_to_candidate(request=obj, peer_id=request.POST.get("peer", ""), viewer=viewer)
    except ValidationError as exc:
        _message_error(request, exc)
        return redirect("deployment:request_detail", pk=obj.pk)
    messages.success(
        request, _("Het aanbod is verstuurd naar %(name)s. Het staat nu in Mijn werk.") % {"name": offer.peer}
    )
    return redirect("deployment:request_detail", pk=obj.pk)


@rule_required(can_view_queue)
def queue(request):
    viewer = request.viewer
    page = Paginator(selectors.queue_queryset(viewer=viewer), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "deployment/queue.html",
        {
            "requests": selectors.with_waiting_days(page.object_list),
            "page": page,
            "figures": selectors.waiting_figures(viewer=viewer),
            "proposals": selectors.proposal_list(viewer=viewer)[:5],
        },
    )


@rule_required(can_view_idle_pool)
def idle_pool(request):
    """Who in the coordinator's pool has not been deployed for N weeks, and why (issue 14, item 8)."""
    # Unbound, the select shows the default it applies (it showed "2 weken" while the page counted 6).
    form = IdlePoolForm(
        request.GET or None,
        choices=selectors.IDLE_WEEKS_CHOICES,
        initial={"weken": selectors.IDLE_WEEKS_DEFAULT},
    )
    weeks = selectors.IDLE_WEEKS_DEFAULT
    if form.is_bound and form.is_valid() and form.cleaned_data.get("weken"):
        weeks = form.cleaned_data["weken"]
    data = selectors.idle_pool(viewer=request.viewer, weeks=weeks)
    audit_page(request, [row.peer for row in data.rows])  # the peer workers' names: an audited list read
    return render(request, "deployment/idle_pool.html", {"form": form, "data": data})


@rule_required(can_manage_proposal)
@require_POST
def proposal_create(request):
    proposal = services.proposal_create(viewer=request.viewer)
    messages.success(request, _("Er is een voorstel gemaakt. Bekijk het, pas het aan en verstuur het."))
    return redirect("deployment:proposal_detail", pk=proposal.pk)


@rule_required(can_manage_proposal)
def proposal_detail(request, pk):
    viewer = request.viewer
    proposal = get_or_404(selectors.proposal_get, viewer, pk)
    _check(can_manage_proposal, viewer, proposal)
    pairs = list(proposal.pairs.all())
    unassigned = proposal.stats.get("unassigned", {})
    unassigned_requests = (
        selectors.request_list(viewer=viewer).filter(pk__in=list(unassigned)) if unassigned else []
    )
    alternatives = {}
    if proposal.status == ProposalStatus.DRAFT:
        from ervaringswerk.matching.adapters import rank_request

        for pair in pairs:
            ranking = rank_request(request=pair.request, limit=6, organisation_ids=[proposal.pool_id])
            alternatives[pair.pk] = [c for c in ranking.candidates if c.peer.pk != pair.peer_id][:5]
    for pair in pairs:
        pair.alternatives = alternatives.get(pair.pk, [])
    return render(
        request,
        "deployment/proposal_detail.html",
        {
            "proposal": proposal,
            "pairs": pairs,
            "unassigned": [(r, unassigned.get(str(r.pk), [])) for r in unassigned_requests],
            "editable": proposal.status == ProposalStatus.DRAFT,
            "total_score": sum(p.score for p in pairs),
        },
    )


def _proposal_pair(request, pk, pair_pk):
    viewer = request.viewer
    proposal = get_or_404(selectors.proposal_get, viewer, pk)
    _check(can_manage_proposal, viewer, proposal)
    pair = next((p for p in proposal.pairs.all() if str(p.pk) == str(pair_pk)), None)
    if pair is None:
        raise Http404
    return proposal, pair


@rule_required(can_manage_proposal)
@require_POST
def proposal_pair_remove(request, pk, pair_pk):
    proposal, pair = _proposal_pair(request, pk, pair_pk)
    try:
        services.proposal_pair_remove(pair=pair, viewer=request.viewer)
    except ValidationError as exc:
        _message_error(request, exc)
    else:
        messages.success(request, _("De koppeling is uit het voorstel gehaald."))
    return redirect("deployment:proposal_detail", pk=proposal.pk)


@rule_required(can_manage_proposal)
@require_POST
def proposal_pair_replace(request, pk, pair_pk):
    from ervaringswerk.pool.selectors import peer_worker_list

    proposal, pair = _proposal_pair(request, pk, pair_pk)
    peer = peer_worker_list(viewer=request.viewer).filter(pk=_uuid_or_none(request.POST.get("peer"))).first()
    if peer is None:
        messages.error(request, _("Kies een ervaringsdeskundige uit uw pool."))
        return redirect("deployment:proposal_detail", pk=proposal.pk)
    try:
        services.proposal_pair_replace(pair=pair, peer=peer, viewer=request.viewer)
    except ValidationError as exc:
        _message_error(request, exc)
    else:
        messages.success(request, _("De koppeling is aangepast."))
    return redirect("deployment:proposal_detail", pk=proposal.pk)


@rule_required(can_manage_proposal)
@require_POST
def proposal_send(request, pk):
    viewer = request.viewer
    proposal = get_or_404(selectors.proposal_get, viewer, pk)
    _check(can_manage_proposal, viewer, proposal)
    try:
        result = services.proposal_send(proposal=proposal, viewer=viewer)
    except ValidationError as exc:
        _message_error(request, exc)
        return redirect("deployment:proposal_detail", pk=proposal.pk)
    messages.success(request, _("%(n)s aanbiedingen zijn verstuurd.") % {"n": len(result.sent)})
    for pair, message in result.failed:
        messages.warning(
            request,
            _("Niet verstuurd: '%(request)s' aan %(peer)s. %(message)s")
            % {"request": pair.request, "peer": pair.peer, "message": message},
        )
    return redirect("deployment:queue")


@rule_required(can_manage_proposal)
@require_POST
def proposal_discard(request, pk):
    viewer = request.viewer
    proposal = get_or_404(selectors.proposal_get, viewer, pk)
    _check(can_manage_proposal, viewer, proposal)
    try:
        services.proposal_discard(proposal=proposal, viewer=viewer)
    except ValidationError as exc:
        _message_error(request, exc)
    else:
        messages.success(request, _("Het voorstel is verworpen."))
    return redirect("deployment:queue")


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


# --- offers --------------------------------------------------------------------------------------


@rule_required(can_view_offer)
def offer_detail(request, pk):
    viewer = request.viewer
    offer = get_or_404(selectors.offer_get, viewer, pk)
    _check(can_view_offer, viewer, offer)
    audit_view(viewer=viewer, obj=offer)
    responding = can_respond_offer(viewer, offer) and offer.status == OfferStatus.PENDING
    return render(
        request,
        "deployment/offer_detail.html",
        {
            "offer": offer,
            "obj": offer.request,
            "responding": responding,
            "accept_form": AcceptForm(),
            "decline_form": DeclineForm(),
            "can_withdraw": can_withdraw_offer(viewer, offer) and offer.status == OfferStatus.PENDING,
            "programme": selectors.offer_programme(offer),
            "assignment": getattr(offer, "assignment", None)
            if offer.status == OfferStatus.ACCEPTED
            else None,
        },
    )


@rule_required(can_respond_offer)
@require_POST
def offer_accept(request, pk):
    viewer = request.viewer
    offer = get_or_404(selectors.offer_get, viewer, pk)
    _check(can_respond_offer, viewer, offer)
    form = AcceptForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        assignment = services.offer_accept(offer=offer, viewer=viewer, note=note)
    except ValidationError as exc:
        _message_error(request, exc)
        return redirect("deployment:offer_detail", pk=offer.pk)
    messages.success(request, _("U heeft het aanbod geaccepteerd. Hieronder staan de werkafspraken."))
    return redirect("deployment:assignment_detail", pk=assignment.pk)


@rule_required(can_respond_offer)
@require_POST
def offer_decline(request, pk):
    viewer = request.viewer
    offer = get_or_404(selectors.offer_get, viewer, pk)
    _check(can_respond_offer, viewer, offer)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.offer_decline(
                offer=offer, viewer=viewer, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("U heeft het aanbod afgewezen. Dank voor uw antwoord."))
            return redirect("core:my_work")
    return render(
        request,
        "deployment/offer_detail.html",
        {
            "offer": offer,
            "obj": offer.request,
            "responding": True,
            "accept_form": AcceptForm(),
            "decline_form": form,
            "programme": selectors.offer_programme(offer),
        },
        status=400,
    )


@rule_required(can_withdraw_offer)
@require_POST
def offer_withdraw(request, pk):
    viewer = request.viewer
    offer = get_or_404(selectors.offer_get, viewer, pk)
    _check(can_withdraw_offer, viewer, offer)
    try:
        services.offer_withdraw(offer=offer, viewer=viewer)
    except ValidationError as exc:
        _message_error(request, exc)
    else:
        messages.success(request, _("Het aanbod is ingetrokken; het verzoek staat weer in de wachtrij."))
    return redirect("deployment:request_detail", pk=offer.request_id)


# --- assignments and agreements ------------------------------------------------------------------


@rule_required(can_view_assignments)
def assignment_index(request):
    viewer = request.viewer
    assignments = list(selectors.assignment_list(viewer=viewer).order_by("status", "-created_at"))
    audit_page(request, assignments, model=Assignment)
    return render(request, "deployment/assignment_list.html", {"assignments": assignments})


@rule_required(can_view_assignment)
def assignment_detail(request, pk):
    viewer = request.viewer
    assignment = get_or_404(selectors.assignment_get, viewer, pk)
    _check(can_view_assignment, viewer, assignment)
    audit_view(viewer=viewer, obj=assignment)
    agreement = getattr(assignment, "agreement", None)
    manage = can_manage_assignment(viewer, assignment)
    return render(
        request,
        "deployment/assignment_detail.html",
        {
            "assignment": assignment,
            "obj": assignment.request,
            "agreement": agreement,
            "versions": selectors.agreement_versions(agreement=agreement) if agreement else [],
            "can_edit": can_edit_agreement(viewer, assignment)
            and assignment.status
            in (
                AssignmentStatus.MATCHED,
                AssignmentStatus.ACTIVE,
            ),
            "can_start": manage and assignment.status == AssignmentStatus.MATCHED,
            "can_end": manage and assignment.status == AssignmentStatus.ACTIVE,
        },
    )


@rule_required(can_edit_agreement)
def agreement_edit(request, pk):
    viewer = request.viewer
    assignment = get_or_404(selectors.assignment_get, viewer, pk)
    _check(can_edit_agreement, viewer, assignment)
    try:
        agreement = assignment.agreement
    except Agreement.DoesNotExist as exc:
        raise Http404 from exc
    contacts = selectors.team_contact_candidates(request=assignment.request)
    programmes = None
    if viewer.has_role(Role.COORDINATOR) and viewer.organisation_id == assignment.peer.organisation_id:
        programmes = bookable_programmes(
            municipality_id=viewer.municipality_id,
            organisation_ids=[assignment.peer.organisation_id],
            keep=assignment.programme_id,
        )
    supporters = selectors.supporting_professional_candidates(
        municipality_id=assignment.municipality_id, organisation_id=assignment.request.organisation_id
    )
    form = AgreementForm(
        request.POST or None,
        instance=agreement,
        contacts=contacts,
        programmes=programmes,
        supporters=supporters,
    )
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            with transaction.atomic():
                services.assignment_supporting_professional_set(
                    assignment=assignment, viewer=viewer, membership=fields.pop("supporting_professional")
                )
                if "programme" in fields:
                    services.assignment_programme_set(
                        assignment=assignment,
                        viewer=viewer,
                        programme=fields.pop("programme"),
                        deployment_form=fields.pop("deployment_form", "") or None,
                    )
                services.agreement_update(agreement=agreement, viewer=viewer, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De werkafspraken zijn bijgewerkt."))
            return redirect("deployment:assignment_detail", pk=assignment.pk)
    return render(
        request,
        "deployment/agreement_form.html",
        {"form": form, "assignment": assignment, "obj": assignment.request},
    )


@rule_required(can_manage_assignment)
@require_POST
def assignment_start(request, pk):
    viewer = request.viewer
    assignment = get_or_404(selectors.assignment_get, viewer, pk)
    _check(can_manage_assignment, viewer, assignment)
    try:
        services.assignment_start(assignment=assignment, viewer=viewer)
    except ValidationError as exc:
        _message_error(request, exc)
    else:
        messages.success(request, _("De inzet is gestart."))
    return redirect("deployment:assignment_detail", pk=assignment.pk)


@rule_required(can_manage_assignment)
def assignment_end(request, pk):
    viewer = request.viewer
    assignment = get_or_404(selectors.assignment_get, viewer, pk)
    _check(can_manage_assignment, viewer, assignment)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_end(
                assignment=assignment,
                viewer=viewer,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De inzet is beëindigd."))
            return redirect("deployment:assignment_detail", pk=assignment.pk)
    return render(
        request,
        "deployment/reason_form.html",
        {
            "form": form,
            "obj": assignment.request,
            "heading": _("Inzet beëindigen"),
            "intro": _("Waarom stopt deze inzet? De uren komen daarna weer vrij."),
            "submit_label": _("Inzet beëindigen"),
            "back_url": reverse("deployment:assignment_detail", args=[assignment.pk]),
        },
    )
