"""Demo deployment: a realistic queue in Helmond and Utrecht.

Open requests of every kind and urgency waiting for days to weeks, offers waiting for peer.helmond and
peer.utrecht, active assignments with agreements (one edited, so the version trail shows), a withdrawn and
an ended request for history. Everything goes through the services, so the demo obeys the same rules
(capacity, boundaries, status flow) as real use. Idempotent: a request is found by team and title; a
step that the current pool does not allow (say a peer worker's profile changed) is skipped, not forced.
All people, teams and resident codes are invented.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.models import ExperienceDomain
from ervaringswerk.core.reference import DeploymentForm, PeerRole
from ervaringswerk.core.reference import DeploymentKind as K

from . import services
from .models import DeploymentRequest, Urgency

# What happens to a request after filing: stays a draft, waits in the queue, is offered to someone,
# is matched/active with an agreement, or is history (withdrawn / ended).
DRAFT, OPEN, OFFER, ACTIVE, MATCHED, WITHDRAWN, ENDED = (
    "draft",
    "open",
    "offer",
    "active",
    "matched",
    "withdrawn",
    "ended",
)

REQUESTS = [
    # -- Helmond: the money-worries pilot and the social teams --------------------------------------------
    {
        "team": "helmond.team-noord",
        "by": "professional.helmond",
        "title": "Steun bij geldzorgen en post openen",
        "kind": K.INDIVIDUAL_SUPPORT,
        "wijk": "Helmond-Noord",
        "preferred": ["armoede-schulden"],
        "hours": 2,
        "urgency": Urgency.SOON,
        "resident_code": "HLM-2041",
        "context": "Alleenstaande vader, stapel ongeopende post, durft niet te bellen met schuldeisers. "
        "Wil iemand die het zelf heeft meegemaakt.",
        "days_ago": 6,
        "outcome": (OFFER, "Ruud", "Verhoeven"),
    },
    {
        "team": "helmond.team-noord",
        "by": "professional.helmond",
        "title": "Themabijeenkomst 'Rondkomen in de wijk'",
        "kind": K.GROUP_ACTIVITY,
        "wijk": "Binnenstad",
        "preferred": ["armoede-schulden"],
        "hours": 2,
        "urgency": Urgency.NORMAL,
        "context": "Avond in het buurthuis over rondkomen, toeslagen en hulp vragen. Graag iemand die "
        "het eigen verhaal wil delen.",
        "outcome": (DRAFT,),
    },
    {
        "team": "helmond.team-noord",
        "by": "teamlead.helmond",
        "title": "Meegaan naar het eerste gesprek bij de schuldhulp",
        "kind": K.INDIVIDUAL_SUPPORT,
        "wijk": "Stiphout",
        "needed": ["armoede-schulden"],
        "hours": 1.5,
        "urgency": Urgency.URGENT,
        "resident_code": "HLM-3310",
        "context": "Beslaglegging dreigt; gesprek bij de schuldhulp over twee weken.",
        "days_ago": 3,
        "outcome": (OPEN,),
    },
    {
        "team": "helmond.team-noord",
        "by": "professional.helmond",
        "title": "Consultatie teamoverleg: signalen van geldzorgen herkennen",
        "kind": K.CONSULTATION,
        "wijk": "Helmond-West",
        "preferred": ["armoede-schulden"],
        "hours": 1,
        "urgency": Urgency.NORMAL,
        "context": "Eén teamoverleg per maand meedenken over casussen waarin schaamte een rol speelt.",
        "days_ago": 19,
        "outcome": (OPEN,),
    },
    {
        "team": "helmond.team-oost",
        "by": None,
        "title": "Gastvrouw/-heer bij de inloopochtend Brandevoort",
        "kind": K.WALK_IN_HOSTING,
        "wijk": "Brandevoort",
        "preferred": ["eenzaamheid"],
        "hours": 3,
        "urgency": Urgency.NORMAL,
        "context": "Dinsdagochtend koffie-inloop; vooral ouderen die weinig contacten hebben.",
        "days_ago": 27,
        "outcome": (OPEN,),
    },
    {
        "team": "helmond.team-oost",
        "by": None,
        "title": "Training vrijwilligers: schaamte rond schulden bespreekbaar maken",
        "kind": K.TRAINING,
        "wijk": None,
        "preferred": ["armoede-schulden"],
        "hours": 2,
        "urgency": Urgency.NORMAL,
        "context": "Drie bijeenkomsten voor vrijwillige thuisadministratie-maatjes.",
        "days_ago": 40,
        "outcome": (ACTIVE, "Anouk", "Bosmans"),
        "agreement": {
            "role": PeerRole.FACILITATOR,
            "tasks": "Drie trainingsavonden voorbereiden en geven samen met de coördinator vrijwilligers.",
            "responsibilities": "Inhoud vanuit eigen ervaring; de organisatie en de uitnodigingen liggen "
            "bij het team.",
            "contact_details": "Maandag t/m donderdag via het teamnummer",
        },
    },
    {
        "team": "helmond.team-noord",
        "by": "professional.helmond",
        "title": "Wekelijkse steun bij het op orde brengen van de administratie",
        "kind": K.INDIVIDUAL_SUPPORT,
        "wijk": "Helmond-Noord",
        "preferred": ["armoede-schulden"],
        "hours": 3,
        "urgency": Urgency.SOON,
        "resident_code": "HLM-1187",
        "context": "Moeder met twee kinderen; budgetbeheer loopt, zij wil zelf weer grip krijgen.",
        "days_ago": 55,
        "outcome": (ACTIVE, "Ruud", "Verhoeven"),
        "agreement": {
            "role": PeerRole.SUPPORTER,
            "tasks": "Elke week een uur samen de post en het huishoudboekje doornemen; meegaan naar "
            "afspraken als zij dat wil.",
            "responsibilities": "De ervaringsdeskundige ondersteunt en moedigt aan; het team houdt de "
            "regie over de hulpverlening en het contact met de schuldhulp.",
            "contact_details": "Samira, bereikbaar op het teamnummer",
        },
        "agreement_change": {"review_date_weeks": 4, "tasks_suffix": " Na zes weken samen evalueren."},
    },
    {
        "team": "helmond.team-noord",
        "by": "professional.helmond",
        "title": "Beleidsadvies: toegankelijkheid van de minimaregelingen",
        "kind": K.POLICY_PARTICIPATION,
        "wijk": None,
        "preferred": ["armoede-schulden"],
        "hours": 1,
        "urgency": Urgency.NORMAL,
        "context": "Meelezen met de nieuwe aanvraagformulieren en advies geven vanuit eigen ervaring.",
        "days_ago": 12,
        "outcome": (OPEN,),
    },
    {
        "team": "helmond.team-noord",
        "by": "professional.helmond",
        "title": "Steun bij aanvraag bijzondere bijstand",
        "kind": K.INDIVIDUAL_SUPPORT,
        "wijk": "Binnenstad",
        "hours": 1,
        "urgency": Urgency.NORMAL,
        "resident_code": "HLM-0977",
        "days_ago": 70,
        "outcome": (WITHDRAWN, "solved_otherwise", "De buurvrouw helpt al."),
    },
    # -- Utrecht: buurtteams and the bottom-up walk-in ----------------------------------------------------
    {
        "team": "utrecht.team-overvecht",
        "by": "professional.utrecht",
        "title": "Consultatie teamoverleg over herstelgericht werken",
        "kind": K.CONSULTATION,
        "wijk": "Overvecht",
        "preferred": ["ggz"],
        "hours": 2,
        "urgency": Urgency.NORMAL,
        "context": "Het buurtteam wil leren hoe je aansluit bij herstel in plaats van bij klachten.",
        "days_ago": 15,
        "outcome": (OPEN,),
    },
    {
        "team": "utrecht.team-overvecht",
        "by": "professional.utrecht",
        "title": "Ondersteuning na terugkeer uit een opname",
        "kind": K.INDIVIDUAL_SUPPORT,
        "wijk": "Overvecht",
        "preferred": ["ggz"],
        "hours": 2,
        "urgency": Urgency.URGENT,
        "resident_code": "UTR-5521",
        "context": "Bewoonster komt volgende week thuis na een opname; wil iemand om de eerste weken "
        "mee door te komen. Voorkeur voor een vrouw.",
        "gender_preference": "woman",
        "support": "professional.utrecht",
        "days_ago": 2,
        "outcome": (OFFER, "Dewi", "Kartosen"),
    },
    {
        "team": "utrecht.team-overvecht",
        "by": "teamlead.utrecht",
        "title": "Lotgenotengroep voor nieuwkomers",
        "kind": K.GROUP_ACTIVITY,
        "wijk": "Overvecht",
        "preferred": ["migratie-cultuur", "eenzaamheid"],
        "language": "ar",
        "hours": 2,
        "urgency": Urgency.SOON,
        "context": "Wekelijkse groep in het wijkcentrum; veel deelnemers spreken (nog) weinig Nederlands.",
        "days_ago": 9,
        "outcome": (OPEN,),
    },
    {
        "team": "utrecht.team-zuidwest",
        "by": None,
        "title": "Gastheer of gastvrouw op zaterdag in De Werkplaats",
        "kind": K.WALK_IN_HOSTING,
        "wijk": "Zuidwest",
        "preferred": ["verslaving", "dakloosheid"],
        "hours": 4,
        "urgency": Urgency.NORMAL,
        "context": "De herstelinloop zoekt versterking op zaterdag.",
        "days_ago": 33,
        "outcome": (OPEN,),
    },
    {
        "team": "utrecht.team-overvecht",
        "by": "professional.utrecht",
        "title": "Herstelgroep 'Weer op de been' in Overvecht",
        "kind": K.GROUP_ACTIVITY,
        "wijk": "Overvecht",
        "preferred": ["ggz"],
        "hours": 3,
        "urgency": Urgency.NORMAL,
        "context": "Tweewekelijkse herstelgroep in het buurthuis, samen met een sociaal werker.",
        "support": "professional.utrecht",  # joint support (issue 14, S4)
        "days_ago": 48,
        "outcome": (ACTIVE, "Dewi", "Kartosen"),
        "agreement": {
            "role": PeerRole.FACILITATOR,
            "tasks": "De groep samen met de sociaal werker begeleiden; het eigen herstelverhaal inzetten "
            "waar het helpt.",
            "responsibilities": "De sociaal werker is eindverantwoordelijk voor de groep en de veiligheid.",
            "contact_details": "Thomas, via het buurtteam",
        },
    },
    # -- Utrecht: the buurtteam with the self-direction centre's own pool (joint support, issue 14 S4) ----
    {
        "team": "utrecht.team-overvecht",
        "by": "professional.utrecht",
        "title": "Samen de draad weer oppakken na een burn-out",
        "kind": K.INDIVIDUAL_SUPPORT,
        "wijk": "Overvecht",
        "preferred": ["ggz"],
        "hours": 2,
        "urgency": Urgency.SOON,
        "resident_code": "UTR-6012",
        "context": "Bewoonster zit al maanden thuis; het buurtteam en een ervaringsdeskundige van De Wissel "
        "ondersteunen haar samen, om de week een gezamenlijk gesprek.",
        "support": "professional.utrecht",
        "coordinator": "coordinator.zelfregie",
        "form": DeploymentForm.NEIGHBOURHOOD_TEAM,
        "days_ago": 30,
        "outcome": (ACTIVE, "Karin", "Visser"),
        "agreement": {
            "role": PeerRole.SUPPORTER,
            "tasks": "Elke week een uur met de bewoonster in gesprek over haar eigen herstel; om de week "
            "samen met de professional van het buurtteam.",
            "responsibilities": "Het buurtteam houdt de regie over de hulp; De Wissel zorgt voor "
            "begeleiding en intervisie van de ervaringsdeskundige.",
            "contact_details": "Thomas, via het buurtteam",
        },
    },
    {
        "team": "utrecht.team-overvecht",
        "by": "teamlead.utrecht",
        "title": "Steun bij herstel van een verslaving, in het Arabisch",
        "kind": K.INDIVIDUAL_SUPPORT,
        "wijk": "Noordoost",
        "preferred": ["verslaving"],
        "language": "ar",
        "hours": 1.5,
        "urgency": Urgency.NORMAL,
        "resident_code": "UTR-6040",
        "context": "Bewoner wil stoppen met drinken en spreekt liever Arabisch over wat hem is overkomen.",
        "support": "teamlead.utrecht",
        "coordinator": "coordinator.zelfregie",
        "form": DeploymentForm.NEIGHBOURHOOD_TEAM,
        "days_ago": 8,
        "outcome": (MATCHED, "Youssef", "Amrani"),
        "agreement": {
            "role": PeerRole.SUPPORTER,
            "tasks": "Kennismaken samen met de teamleider; daarna wekelijks een wandeling en een gesprek.",
            "responsibilities": "De teamleider van het buurtteam blijft eerste aanspreekpunt voor de hulp.",
        },
    },
    {
        "team": "utrecht.team-zuidwest",
        "by": None,
        "title": "Consultatie: herstelgerichte taal in onze verslagen",
        "kind": K.CONSULTATION,
        "wijk": None,
        "hours": 1,
        "urgency": Urgency.NORMAL,
        "days_ago": 90,
        "outcome": (ENDED, "completed", "Drie teamoverleggen gehouden; de verslagen zijn herschreven."),
    },
]


def _team_viewer(ctx, team_key: str, username: str | None):
    """Who files the request: the named demo login of that team, or, for a team without a demo login,
    an anonymous member of the team (an unsaved membership: no extra login is created)."""
    from ervaringswerk.accounts.models import Membership
    from ervaringswerk.core.tenancy import Role, Viewer

    organisation = ctx.organisations[team_key]
    if username and username in ctx.users:
        membership = Membership.objects.filter(user=ctx.users[username], organisation=organisation).first()
        if membership:
            return Viewer(user=ctx.users[username], membership=membership)
    # A team without a demo login: act as an unsaved membership of that team (no login is created).
    membership = Membership(
        municipality=organisation.municipality, organisation=organisation, role=Role.PROFESSIONAL
    )
    return Viewer(user=None, membership=membership)


def _coordinator(ctx, municipality_key: str, username: str | None = None):
    """The coordinator whose pool handles the request: the municipality's welfare organisation's, or the
    one the spec names (the self-direction centre's own coordinator)."""
    return viewer_for(ctx.users[username or f"coordinator.{municipality_key}"])


def _peer(organisation, first: str, last: str):
    from ervaringswerk.pool.models import PeerWorker

    return PeerWorker.objects.filter(
        municipality=organisation.municipality, first_name=first, last_name=last
    ).first()


def _backdate(request: DeploymentRequest, days_ago: int) -> None:
    """Make the queue look lived-in: filed `days_ago` days ago (saved through the model, so audited)."""
    moment = timezone.now() - datetime.timedelta(days=days_ago, hours=3)
    request.created_at = moment
    request.submitted_at = moment
    request.save(update_fields=["created_at", "submitted_at"])
    for event in request.events.all():
        event.created_at = moment
        event.save(update_fields=["created_at"])


def _support(ctx, username):
    """The membership of the professional who supports the resident together with the peer worker."""
    if not username:
        return None
    from ervaringswerk.accounts.models import Membership

    return Membership.objects.filter(user=ctx.users[username]).first()


def _load_one(ctx, spec: dict) -> None:
    organisation = ctx.organisations[spec["team"]]
    if DeploymentRequest.objects.filter(organisation=organisation, title=spec["title"]).exists():
        return
    municipality_key = spec["team"].split(".")[0]
    domains = ExperienceDomain.objects.filter(municipality=organisation.municipality)
    team = _team_viewer(ctx, spec["team"], spec.get("by"))
    outcome = spec["outcome"]
    request = services.request_create(
        viewer=team,
        title=spec["title"],
        kind=spec["kind"],
        neighbourhood=ctx.neighbourhoods.get((municipality_key, spec["wijk"])) if spec["wijk"] else None,
        hours_per_week=Decimal(str(spec["hours"])),
        urgency=spec["urgency"],
        resident_code=spec.get("resident_code", ""),
        context=spec.get("context", ""),
        language=spec.get("language", ""),
        gender_preference=spec.get("gender_preference", ""),
        domains_needed=list(domains.filter(slug__in=spec.get("needed", []))),
        domains_preferred=list(domains.filter(slug__in=spec.get("preferred", []))),
        supporting_professional=_support(ctx, spec.get("support")),
        submit=outcome[0] != DRAFT,
    )
    if outcome[0] != DRAFT:
        _backdate(request, spec.get("days_ago", 1))
    if outcome[0] in (DRAFT, OPEN):
        return
    coordinator = _coordinator(ctx, municipality_key, spec.get("coordinator"))
    if outcome[0] == WITHDRAWN:
        services.request_withdraw(request=request, viewer=team, reason=outcome[1], note=outcome[2])
        return
    if outcome[0] == ENDED:
        peer = _first_candidate(request)
        if peer is None:
            return
        assignment = _accept(request, peer, coordinator)
        if assignment is not None:
            services.assignment_start(assignment=assignment, viewer=coordinator)
            services.assignment_end(
                assignment=assignment, viewer=coordinator, reason=outcome[1], note=outcome[2]
            )
        return
    peer = _peer(coordinator.organisation, outcome[1], outcome[2])
    if peer is None:
        return
    if outcome[0] == OFFER:
        _offer(request, peer, coordinator)
        return
    assignment = _accept(request, peer, coordinator)
    if assignment is None:
        return
    if spec.get("form"):
        services.assignment_programme_set(
            assignment=assignment,
            viewer=coordinator,
            programme=assignment.programme,
            deployment_form=spec["form"],
        )
    agreement_fields = dict(spec.get("agreement", {}))
    agreement_fields["contact_person"] = request.created_by
    services.agreement_update(agreement=assignment.agreement, viewer=coordinator, **agreement_fields)
    change = spec.get("agreement_change")
    if change:
        agreement = assignment.agreement
        agreement.refresh_from_db()
        services.agreement_update(
            agreement=agreement,
            viewer=team,
            tasks=agreement.tasks + change["tasks_suffix"],
            review_date=timezone.localdate() + datetime.timedelta(weeks=change["review_date_weeks"]),
        )
    if outcome[0] == ACTIVE:
        services.assignment_start(
            assignment=assignment,
            viewer=coordinator,
            start_date=timezone.localdate() - datetime.timedelta(days=max(1, spec.get("days_ago", 7) - 7)),
        )


def _first_candidate(request):
    from ervaringswerk.matching.adapters import rank_request

    ranking = rank_request(request=request, limit=1)
    return ranking.candidates[0].peer if ranking.candidates else None


def _offer(request, peer, coordinator):
    from ervaringswerk.matching.adapters import rank_request

    ranking = rank_request(request=request, limit=None, organisation_ids=[peer.organisation_id])
    candidate = next((c for c in ranking.candidates if c.peer.pk == peer.pk), None)
    if candidate is None:
        return None  # the pool no longer allows this pair: skip rather than break a rule
    try:
        return services.offer_create(
            request=request,
            peer=peer,
            viewer=coordinator,
            score=candidate.score,
            explanation=candidate.explanation,
        )
    except ValidationError:
        return None


def _accept(request, peer, coordinator):
    offer = _offer(request, peer, coordinator)
    if offer is None:
        return None
    peer_viewer = viewer_for(peer.user) if peer.user_id else None
    return services.offer_accept(offer=offer, viewer=peer_viewer)


def load(ctx) -> None:
    for spec in REQUESTS:
        _load_one(ctx, spec)
