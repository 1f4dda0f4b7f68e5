"""The administrator's console (/beheer/...) and the platform administrator's new municipality page.
Thin: parse the form, call one service, show the result. Another municipality's id answers 404."""

from django.conf import settings as django_settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from ervaringswerk.core.access import rule_required
from ervaringswerk.core.forms import add_service_errors
from ervaringswerk.core.services import (
    experience_domain_create,
    experience_domain_update,
    municipality_settings_update,
    neighbourhood_update,
    neighbourhoods_add,
)
from ervaringswerk.organisations.models import Organisation
from ervaringswerk.organisations.services import organisation_create, organisation_update

from . import selectors
from .forms import (
    DomainForm,
    InviteForm,
    MunicipalityCreateForm,
    NeighbourhoodForm,
    NeighbourhoodsAddForm,
    OrganisationForm,
    RetentionForm,
    RoleForm,
    SettingsForm,
)
from .permissions import can_administer_municipality, can_create_municipality, can_invite_pool
from .services import (
    invitation_resend,
    invitation_send_bulk,
    membership_role_change,
    membership_set_active,
    municipality_setup,
    user_invite,
)


def _get(qs, pk):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValidationError) as exc:
        raise Http404 from exc


# --- new municipality (platform administrator) ---------------------------------------------------


@rule_required(can_create_municipality)
@require_http_methods(["GET", "POST"])
def municipality_create(request):
    form = MunicipalityCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            municipality, _invitation = municipality_setup(
                viewer=request.viewer,
                name=data["name"],
                cbs_code=data["cbs_code"],
                neighbourhoods=data["rows"],
                admin_email=data["admin_email"],
                admin_first_name=data["admin_first_name"],
                admin_last_name=data["admin_last_name"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Gemeente %(name)s is aangemaakt met %(n)s wijken en de 14 ervaringsdomeinen. "
                    "De uitnodiging is verstuurd naar %(email)s."
                )
                % {"name": municipality.name, "n": len(data["rows"]), "email": data["admin_email"]},
            )
            return redirect("core:admin_home")
    return render(request, "beheer/municipality_create.html", {"form": form})


# --- organisations -------------------------------------------------------------------------------


@rule_required(can_administer_municipality)
def organisations(request):
    return render(
        request,
        "beheer/organisations.html",
        {"organisations": selectors.organisation_admin_list(viewer=request.viewer)},
    )


@rule_required(can_administer_municipality)
@require_http_methods(["GET", "POST"])
def organisation_create_view(request):
    municipality = request.viewer.municipality
    form = OrganisationForm(request.POST or None, municipality=municipality, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        neighbourhoods = list(data.pop("neighbourhoods"))
        data.pop("is_active", None)
        try:
            organisation = organisation_create(
                municipality=municipality, neighbourhoods=neighbourhoods, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Organisatie %(name)s is toegevoegd.") % {"name": organisation.name})
            return redirect("beheer:organisations")
    return render(request, "beheer/organisation_form.html", {"form": form, "organisation": None})


@rule_required(can_administer_municipality)
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk):
    organisation = _get(selectors.organisation_admin_list(viewer=request.viewer), pk)
    form = OrganisationForm(
        request.POST or None, instance=organisation, municipality=request.viewer.municipality
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        neighbourhoods = list(data.pop("neighbourhoods"))
        try:
            organisation_update(organisation=organisation, neighbourhoods=neighbourhoods, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Organisatie %(name)s is opgeslagen.") % {"name": organisation.name})
            return redirect("beheer:organisations")
    return render(request, "beheer/organisation_form.html", {"form": form, "organisation": organisation})


# --- neighbourhoods ------------------------------------------------------------------------------


@rule_required(can_administer_municipality)
@require_http_methods(["GET", "POST"])
def neighbourhoods(request):
    municipality = request.viewer.municipality
    form = NeighbourhoodsAddForm(request.POST or None, request.FILES or None, cbs_code=municipality.cbs_code)
    if request.method == "POST" and form.is_valid():
        try:
            added = neighbourhoods_add(municipality=municipality, rows=form.cleaned_data["rows"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(n)s wijken toegevoegd.") % {"n": len(added)})
            return redirect("beheer:neighbourhoods")
    return render(
        request,
        "beheer/neighbourhoods.html",
        {"form": form, "neighbourhoods": selectors.neighbourhood_admin_list(viewer=request.viewer)},
    )


@rule_required(can_administer_municipality)
@require_http_methods(["GET", "POST"])
def neighbourhood_edit(request, pk):
    neighbourhood = _get(selectors.neighbourhood_admin_list(viewer=request.viewer), pk)
    form = NeighbourhoodForm(
        request.POST or None, initial={"name": neighbourhood.name, "code": neighbourhood.code}
    )
    if request.method == "POST" and form.is_valid():
        try:
            neighbourhood_update(neighbourhood=neighbourhood, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Wijk %(name)s is opgeslagen.") % {"name": neighbourhood.name})
            return redirect("beheer:neighbourhoods")
    return render(request, "beheer/neighbourhood_form.html", {"form": form, "neighbourhood": neighbourhood})


# --- users and memberships -----------------------------------------------------------------------


@rule_required(can_administer_municipality)
def users(request):
    now = timezone.now()
    rows = [
        {"membership": m, "state": selectors.invitation_state(m, now)}
        for m in selectors.membership_list(viewer=request.viewer)
    ]
    return render(request, "beheer/users.html", {"rows": rows})


@rule_required(can_administer_municipality)
@require_http_methods(["GET", "POST"])
def user_invite_view(request):
    organisations_qs = Organisation.objects.filter(
        municipality_id=request.viewer.municipality_id, is_active=True
    )
    form = InviteForm(request.POST or None, organisations=organisations_qs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = user_invite(viewer=request.viewer, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if invitation is None:
                messages.success(
                    request, _("%(email)s kon al inloggen en heeft de nieuwe rol erbij gekregen.") % data
                )
            else:
                messages.success(request, _("De uitnodiging is verstuurd naar %(email)s.") % data)
            return redirect("beheer:users")
    return render(request, "beheer/user_invite.html", {"form": form})


@rule_required(can_administer_municipality)
@require_http_methods(["GET", "POST"])
def membership_edit(request, pk):
    membership = _get(selectors.membership_list(viewer=request.viewer), pk)
    form = RoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "role" and form.is_valid():
                membership_role_change(
                    viewer=request.viewer, membership=membership, role=form.cleaned_data["role"]
                )
                messages.success(request, _("De rol is gewijzigd."))
                return redirect("beheer:users")
            if action in ("deactivate", "activate"):
                membership_set_active(
                    viewer=request.viewer, membership=membership, active=action == "activate"
                )
                messages.success(
                    request,
                    _("De toegang is uitgezet.")
                    if action == "deactivate"
                    else _("De toegang staat weer aan."),
                )
                return redirect("beheer:users")
            if action == "resend":
                invitation_resend(viewer=request.viewer, membership=membership)
                messages.success(
                    request, _("Er is een nieuwe uitnodiging verstuurd; de vorige link werkt niet meer.")
                )
                return redirect("beheer:users")
        except ValidationError as exc:
            add_service_errors(form, exc)
    state = selectors.invitation_state(membership, timezone.now())
    return render(
        request, "beheer/membership_edit.html", {"form": form, "membership": membership, "state": state}
    )


# --- experience domains --------------------------------------------------------------------------


@rule_required(can_administer_municipality)
@require_http_methods(["GET", "POST"])
def domains(request):
    form = DomainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            domain = experience_domain_create(municipality=request.viewer.municipality, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Ervaringsdomein %(name)s is toegevoegd.") % {"name": domain.name})
            return redirect("beheer:domains")
    return render(
        request,
        "beheer/domains.html",
        {"form": form, "domains": selectors.domain_admin_list(viewer=request.viewer)},
    )


@rule_required(can_administer_municipality)
@require_http_methods(["GET", "POST"])
def domain_edit(request, pk):
    domain = _get(selectors.domain_admin_list(viewer=request.viewer), pk)
    form = DomainForm(request.POST or None, initial={"name": domain.name, "description": domain.description})
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action in ("retire", "restore"):
                experience_domain_update(domain=domain, is_active=action == "restore")
                messages.success(
                    request,
                    _("%(name)s wordt niet meer aangeboden.") % {"name": domain.name}
                    if action == "retire"
                    else _("%(name)s wordt weer aangeboden.") % {"name": domain.name},
                )
                return redirect("beheer:domains")
            if form.is_valid():
                experience_domain_update(domain=domain, **form.cleaned_data)
                messages.success(
                    request, _("Ervaringsdomein %(name)s is opgeslagen.") % {"name": domain.name}
                )
                return redirect("beheer:domains")
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "beheer/domain_form.html", {"form": form, "domain": domain})


# --- settings ------------------------------------------------------------------------------------


@rule_required(can_administer_municipality)
@require_http_methods(["GET", "POST"])
def settings_view(request):
    """The municipality's settings and its retention terms: one page, one save (both or nothing)."""
    from django.db import transaction

    from ervaringswerk.outcomes.selectors import outcome_settings_for
    from ervaringswerk.outcomes.services import outcome_settings_update
    from ervaringswerk.privacy.retention import policy_for
    from ervaringswerk.privacy.services import RETENTION_LIMITS, retention_policy_update

    municipality = request.viewer.municipality
    outcome = outcome_settings_for(municipality=municipality)
    form = SettingsForm(
        request.POST or None,
        initial={
            "activation_definition": outcome.activation_definition,
            "small_number_threshold": municipality.small_number_threshold,
            "default_max_residents": municipality.default_max_residents,
            "default_weekly_hours": municipality.default_weekly_hours,
            "require_2fa_for_peer_workers": municipality.require_2fa_for_peer_workers,
        },
    )
    policy = policy_for(municipality)
    retention = RetentionForm(
        request.POST or None,
        prefix="bewaren",
        initial={name: getattr(policy, name) for name in RETENTION_LIMITS},
    )
    if request.method == "POST" and form.is_valid() and retention.is_valid():
        data = dict(form.cleaned_data)
        try:
            with transaction.atomic():
                try:
                    retention_policy_update(
                        viewer=request.viewer, municipality=municipality, **retention.cleaned_data
                    )
                except ValidationError as exc:
                    add_service_errors(retention, exc)
                    raise
                outcome_settings_update(
                    viewer=request.viewer,
                    municipality=municipality,
                    activation_definition=data.pop("activation_definition"),
                )
                municipality_settings_update(municipality=municipality, **data)
        except ValidationError as exc:
            if not retention.errors:
                add_service_errors(form, exc)
        else:
            messages.success(request, _("De instellingen van uw gemeente zijn opgeslagen."))
            return redirect("beheer:settings")

    return render(
        request,
        "beheer/settings.html",
        {
            "form": form,
            "retention": retention,
            "platform_threshold": django_settings.EW_SMALL_NUMBER_THRESHOLD,
        },
    )


# --- the coordinator invites their pool ----------------------------------------------------------


@rule_required(can_invite_pool)
@require_POST
def pool_invite(request):
    """Invite everyone of the coordinator's pool who has an e-mail address and no login yet."""
    from ervaringswerk.pool.models import PeerWorker

    viewer = request.viewer
    peers = PeerWorker.objects.filter(
        municipality_id=viewer.municipality_id, organisation_id=viewer.organisation_id, user__isnull=True
    ).exclude(email="")
    result = invitation_send_bulk(viewer=viewer, peers=list(peers))
    messages.success(
        request,
        ngettext(
            "%(n)s ervaringsdeskundige heeft een uitnodiging om in te loggen gekregen.",
            "%(n)s ervaringsdeskundigen hebben een uitnodiging om in te loggen gekregen.",
            len(result.invited),
        )
        % {"n": len(result.invited)},
    )
    for peer, reason in result.skipped:
        messages.warning(
            request, _("%(name)s: niet uitgenodigd, %(reason)s.") % {"name": peer, "reason": reason}
        )
    return redirect("pool:overview")
