"""Reads for the administrator's console, always scoped to the viewer's municipality."""

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from ervaringswerk.accounts.models import Membership
from ervaringswerk.core.models import ExperienceDomain, Neighbourhood
from ervaringswerk.core.tenancy import Role, Viewer
from ervaringswerk.organisations.models import POOL_KINDS, Organisation, OrganisationKind

from .models import Invitation


def membership_list(*, viewer: Viewer) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(municipality_id=viewer.municipality_id)
        .select_related("user", "organisation")
        .prefetch_related(
            Prefetch(
                "user__invitations",
                queryset=Invitation.objects.filter(municipality_id=viewer.municipality_id).order_by(
                    "-created_at"
                ),
                to_attr="scoped_invitations",
            )
        )
        .order_by("organisation__name", "user__last_name", "user__username")
    )


def membership_get(*, viewer: Viewer, pk) -> Membership:
    return membership_list(viewer=viewer).get(pk=pk)


def invitation_state(membership: Membership, now) -> str:
    """In words: has the person chosen a password, or where is their invitation."""
    user = membership.user
    if user.has_usable_password():
        return "active"
    invitations = getattr(user, "scoped_invitations", None) or []
    latest = invitations[0] if invitations else None
    if latest is None:
        return "none"
    if latest.used_at:
        return "active"
    if latest.revoked_at:
        return "revoked"
    return "expired" if latest.expires_at <= now else "open"


def organisation_admin_list(*, viewer: Viewer) -> QuerySet[Organisation]:
    return Organisation.objects.filter(municipality_id=viewer.municipality_id).prefetch_related(
        "neighbourhoods", "contracted_programmes", "partner_programmes", "funded_programmes"
    )


def organisation_admin_get(*, viewer: Viewer, pk) -> Organisation:
    return organisation_admin_list(viewer=viewer).get(pk=pk)


def neighbourhood_admin_list(*, viewer: Viewer) -> QuerySet[Neighbourhood]:
    return Neighbourhood.objects.filter(municipality_id=viewer.municipality_id)


def domain_admin_list(*, viewer: Viewer) -> QuerySet[ExperienceDomain]:
    return ExperienceDomain.objects.filter(municipality_id=viewer.municipality_id)


@dataclass
class ChecklistItem:
    key: str
    label: str
    done: bool
    url_name: str
    how: str


def onboarding_checklist(
    *, municipality_id, pool_organisation_id=None, out: dict | None = None
) -> list[ChecklistItem]:
    """What a new municipality still has to do before it can work (issue 13). Counts only, no persons;
    one query (each step an EXISTS), because it sits on start pages."""
    from ervaringswerk.core.models import Municipality
    from ervaringswerk.deployment.models import DeploymentRequest
    from ervaringswerk.organisations.models import Programme
    from ervaringswerk.pool.models import PeerWorker

    here = {"municipality_id": OuterRef("pk")}
    active_orgs = Organisation.objects.filter(is_active=True, **here)
    # For a coordinator: how many of their pool have an e-mail address but no login yet (same query).
    uninvited = Value(0)
    if pool_organisation_id is not None:
        uninvited = Coalesce(
            Subquery(
                PeerWorker.objects.filter(organisation_id=pool_organisation_id, user__isnull=True, **here)
                .exclude(email="")
                .values("municipality_id")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        )
    done = (
        Municipality.objects.filter(pk=municipality_id)
        .annotate(
            uninvited=uninvited,
            has_pool=Exists(active_orgs.filter(kind__in=POOL_KINDS)),
            has_team=Exists(active_orgs.filter(kind=OrganisationKind.NEIGHBOURHOOD_TEAM)),
            has_domains=Exists(ExperienceDomain.objects.filter(is_active=True, **here)),
            has_coordinator=Exists(Membership.objects.filter(role=Role.COORDINATOR, is_active=True, **here)),
            has_peers=Exists(PeerWorker.objects.filter(**here)),
            has_programme=Exists(Programme.objects.filter(**here)),
            has_request=Exists(DeploymentRequest.objects.filter(**here)),
        )
        .values(
            "has_pool",
            "has_team",
            "has_domains",
            "has_coordinator",
            "has_peers",
            "has_programme",
            "has_request",
            "uninvited",
        )
        .first()
    )
    if done is None:
        return []
    if out is not None:
        out["uninvited"] = done["uninvited"]
    return [
        ChecklistItem(
            "organisations",
            _("Organisaties: een poolorganisatie en een wijkteam"),
            done["has_pool"] and done["has_team"],
            "beheer:organisation_create",
            _("Voeg de welzijnsorganisatie (waar de ervaringsdeskundigen werken) en de wijkteams toe."),
        ),
        ChecklistItem(
            "domains",
            _("Ervaringsdomeinen"),
            done["has_domains"],
            "beheer:domains",
            _("De 14 standaarddomeinen staan klaar; pas ze aan als uw gemeente andere woorden gebruikt."),
        ),
        ChecklistItem(
            "coordinator",
            _("Eerste coördinator"),
            done["has_coordinator"],
            "beheer:user_invite",
            _("Nodig de coördinator van de poolorganisatie uit; die zet de pool op."),
        ),
        ChecklistItem(
            "pool",
            _("De pool van ervaringsdeskundigen"),
            done["has_peers"],
            "pool:import",
            _("De coördinator importeert de pool uit een spreadsheet of voegt mensen één voor één toe."),
        ),
        ChecklistItem(
            "programme",
            _("Eerste programma of contract"),
            done["has_programme"],
            "hours:programme_create",
            _("Leg vast wie de inzet financiert en uitvoert, met het budget in uren."),
        ),
        ChecklistItem(
            "request",
            _("Eerste verzoek"),
            done["has_request"],
            "deployment:request_create",
            _("Een professional van een wijkteam vraagt een ervaringsdeskundige voor een bewoner of groep."),
        ),
    ]
