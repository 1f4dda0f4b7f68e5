"""The Django side of matching: turns pool profiles, current load and requests into engine inputs, and
engine results into what the deployment pages and API show. The engine itself (`matching.engine`) is
plain Python without Django; everything that touches the database is here.

Privacy: the engine only ever sees the experience domains a peer worker released for matching
(`pool.selectors.matching_profiles` already filters them), so a private domain can neither count nor be
named in an explanation. Explanations name the request's domains, never other domains of the peer worker.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from ervaringswerk.core.reference import DeploymentKind
from ervaringswerk.matching import engine
from ervaringswerk.matching.engine import FLAG_INTERVISION_OVERDUE, Request, Worker, feasibility

# Attribute keys the engine compares for wishes and musts (request preferences vs pool profile).
ATTR_GENDER = "geslacht"
ATTR_CULTURE = "culturele achtergrond"


@dataclass
class RankedCandidate:
    """One feasible peer worker for a request, with score and the plain-Dutch explanation per factor."""

    peer: object  # pool.PeerWorker
    score: int
    explanation: list[dict]  # [{"code", "label", "points", "text"}]
    free_hours: Decimal
    free_residents: int
    flags: list[str] = field(default_factory=list)


@dataclass
class Ranking:
    request: object
    candidates: list[RankedCandidate]
    excluded: dict  # peer id -> [Dutch reasons] (only when asked for)
    excluded_peers: list  # [(peer, [reasons])] for the page's "why not" list
    pool_size: int
    excluded_groups: dict = field(default_factory=dict)  # peer id -> [reason group] (matching.reasons)

    @property
    def reason_groups(self):
        """Why nobody (else) fits, per group of peer workers, with their true reason."""
        from .reasons import group_reasons

        return group_reasons(self.excluded_groups)


@dataclass
class BatchPair:
    request_id: object
    peer_id: object
    score: int
    explanation: list[dict]


@dataclass
class BatchResult:
    pairs: list[BatchPair]
    objective: int
    greedy_objective: int
    bound: int | None
    gap: float | None
    proven_optimal: bool
    solver: str
    open_requests: int
    stats: dict


# --- loading the pool ----------------------------------------------------------------------------


def _usage(municipality_id, peer_ids, *, include_pending: bool = True) -> dict:
    """Hours and resident slots taken per peer worker: assignments (matched/active) and pending offers."""
    from ervaringswerk.deployment.models import Offer, OfferStatus
    from ervaringswerk.deployment.selectors import active_load_by_peer

    usage = {
        pk: [load.hours, load.residents]
        for pk, load in active_load_by_peer(municipality_id=municipality_id, peer_ids=peer_ids).items()
    }
    if include_pending:
        rows = (
            Offer.objects.filter(
                municipality_id=municipality_id, peer_id__in=list(peer_ids), status=OfferStatus.PENDING
            )
            .values("peer_id")
            .annotate(
                hours=Sum("hours_per_week"),
                residents=Count("id", filter=Q(request__kind=DeploymentKind.INDIVIDUAL_SUPPORT)),
            )
            .order_by()
        )
        for row in rows:
            entry = usage.setdefault(row["peer_id"], [Decimal("0"), 0])
            entry[0] += Decimal(row["hours"] or 0)
            entry[1] += row["residents"]
    return usage


def _residents_by_peer(municipality_id, peer_ids) -> dict:
    """Pseudonymous resident codes each peer worker supported (for continuity)."""
    from ervaringswerk.deployment.models import Assignment, AssignmentStatus

    out = defaultdict(set)
    rows = (
        Assignment.objects.filter(municipality_id=municipality_id, peer_id__in=list(peer_ids))
        .exclude(resident_code="")
        .exclude(status=AssignmentStatus.CANCELLED)
        .values_list("peer_id", "resident_code")
    )
    for peer_id, code in rows:
        out[peer_id].add(code)
    return out


def _intervision_overdue(municipality_id) -> set:
    """Peer workers whose intervision is overdue, if the activities app offers that signal."""
    try:
        from ervaringswerk.activities.selectors import intervision_overdue_peer_ids
    except ImportError:
        return set()
    return set(intervision_overdue_peer_ids(municipality_id=municipality_id))


@dataclass
class Pool:
    workers: list[Worker]
    peers: dict  # str(peer id) -> PeerWorker
    free: dict  # str(peer id) -> (free hours, free residents)
    labels: dict


def load_pool(*, municipality_id, organisation_ids=None, extra_load=None) -> Pool:
    """Every peer worker of the municipality (or of some pools) as engine Workers.

    `extra_load` ({peer id: (hours, residents)}) adds usage that is not in the database yet, such as
    other pairs of the same batch proposal.
    """
    from ervaringswerk.pool.models import PeerWorker
    from ervaringswerk.pool.selectors import matching_profiles

    profiles = matching_profiles(municipality_id=municipality_id, organisation_ids=organisation_ids)
    ids = [p.peer_id for p in profiles]
    peers = {str(p.pk): p for p in PeerWorker.objects.filter(pk__in=ids).select_related("organisation")}
    usage = _usage(municipality_id, ids)
    residents = _residents_by_peer(municipality_id, ids)
    overdue = _intervision_overdue(municipality_id)
    all_kinds = frozenset(DeploymentKind.values)
    workers, free = [], {}
    for profile in profiles:
        used_hours, used_residents = usage.get(profile.peer_id, (Decimal("0"), 0))
        if extra_load and profile.peer_id in extra_load:
            extra_hours, extra_residents = extra_load[profile.peer_id]
            used_hours += Decimal(extra_hours)
            used_residents += extra_residents
        weekly = Decimal(profile.weekly_hours or 0)
        free_hours = max(Decimal("0"), weekly - used_hours)
        free_residents = max(0, (profile.max_residents or 0) - used_residents)
        attributes = {}
        if profile.gender:
            attributes[ATTR_GENDER] = profile.gender
        if profile.cultural_background:
            attributes[ATTR_CULTURE] = profile.cultural_background
        key = str(profile.peer_id)
        free[key] = (free_hours, free_residents)
        workers.append(
            Worker(
                id=key,
                free_hours=float(free_hours),
                free_slots=free_residents,
                weekly_hours=float(weekly),
                domains=profile.matching_domain_slugs,
                neighbourhoods={str(n) for n in profile.neighbourhood_ids},
                languages=profile.languages,
                # A peer worker who named no kinds of work is open to every kind.
                kinds=profile.kinds or all_kinds,
                excluded_themes=profile.excluded_themes,
                attributes=attributes,
                available=profile.status == "active" and not profile.paused,
                current_load_ratio=float(min(Decimal(1), used_hours / weekly)) if weekly > 0 else 1.0,
                residents=residents.get(profile.peer_id, set()),
                flags={FLAG_INTERVISION_OVERDUE} if profile.peer_id in overdue else set(),
            )
        )
    return Pool(workers=workers, peers=peers, free=free, labels=_labels(municipality_id))


def _labels(municipality_id) -> dict:
    """Dutch names for every code the engine may put in an explanation."""
    from ervaringswerk.core.models import ExperienceDomain, Neighbourhood
    from ervaringswerk.deployment.models import GenderPreference
    from ervaringswerk.pool.constants import LANGUAGES

    labels = {value: str(label).lower() for value, label in DeploymentKind.choices}
    labels.update({value: str(label) for value, label in LANGUAGES})
    labels.update({value: str(label).lower() for value, label in GenderPreference.choices})
    labels[FLAG_INTERVISION_OVERDUE] = "intervisie achterstallig"
    labels[ATTR_GENDER] = "geslacht"
    labels[ATTR_CULTURE] = "culturele achtergrond"
    labels.update(
        dict(ExperienceDomain.objects.filter(municipality_id=municipality_id).values_list("slug", "name"))
    )
    labels.update(
        {
            str(pk): name
            for pk, name in Neighbourhood.objects.filter(municipality_id=municipality_id).values_list(
                "pk", "name"
            )
        }
    )
    return labels


# --- converting requests -------------------------------------------------------------------------


def to_engine_request(request, *, now=None) -> Request:
    """A DeploymentRequest as an engine Request (hard: needed domains, musts, boundaries; soft: the rest)."""
    from ervaringswerk.deployment.models import Strength

    now = now or timezone.now()
    needed = {d.slug for d in request.domains_needed.all()}
    preferred = {d.slug for d in request.domains_preferred.all()}
    must, wish = {}, {}
    if request.gender_preference:
        (must if request.gender_strength == Strength.MUST else wish)[ATTR_GENDER] = request.gender_preference
    background = (request.cultural_background or "").strip().lower()
    if background:
        (must if request.cultural_strength == Strength.MUST else wish)[ATTR_CULTURE] = background
    waiting = (now - request.submitted_at).days if request.submitted_at else 0
    return Request(
        id=str(request.pk),
        kind=request.kind,
        hours=float(request.hours_per_week),
        required_domains=needed,
        preferred_domains=preferred - needed,
        neighbourhood=str(request.neighbourhood_id) if request.neighbourhood_id else None,
        language=request.language or None,
        must_attributes=must,
        wish_attributes=wish,
        # Boundaries: a peer worker who excluded one of the request's domains is never proposed.
        themes=needed | preferred,
        needs_resident_slot=request.kind == DeploymentKind.INDIVIDUAL_SUPPORT,
        resident_code=request.resident_code or None,
        urgency=int(request.urgency),
        waiting_days=max(0, waiting),
    )


def _explanation(factors) -> list[dict]:
    return [{"code": f.code, "label": f.label, "points": f.points, "text": f.text} for f in factors]


# --- the three questions the deployment app asks -------------------------------------------------


def rank_request(
    *, request, limit: int | None = 20, organisation_ids=None, extra_load=None, with_exclusions: bool = False
) -> Ranking:
    """Ranked candidates for one request, best first, each with score and explanation per factor.

    Peer workers who already declined this request are left out. With `with_exclusions` the Ranking also
    says, for each peer worker left out by a hard constraint, why (for the coordinator's "why not")."""
    from ervaringswerk.deployment.models import Offer, OfferStatus

    pool = load_pool(
        municipality_id=request.municipality_id, organisation_ids=organisation_ids, extra_load=extra_load
    )
    declined = {
        str(pk)
        for pk in Offer.objects.filter(request=request, status=OfferStatus.DECLINED).values_list(
            "peer_id", flat=True
        )
    }
    workers = [w for w in pool.workers if w.id not in declined and w.id in pool.peers]
    engine_request = to_engine_request(request)
    ranked = engine.rank(workers, engine_request, limit=limit, labels=pool.labels)
    candidates = [
        RankedCandidate(
            peer=pool.peers[c.worker_id],
            score=c.score,
            explanation=_explanation(c.factors),
            free_hours=pool.free[c.worker_id][0],
            free_residents=pool.free[c.worker_id][1],
            flags=[f.text for f in c.factors if f.code == "flags"],
        )
        for c in ranked
    ]
    excluded, excluded_peers, excluded_groups = {}, [], {}
    if with_exclusions:
        from .reasons import true_reason

        for worker in workers:
            reasons = feasibility(worker, engine_request, pool.labels)
            if reasons:
                peer = pool.peers[worker.id]
                # The true reason: "no capacity set" is not "maximum reached" (matching/reasons.py).
                told = [true_reason(peer, r.code, r.text) for r in reasons]
                excluded[peer.pk] = [text for _group, text in told]
                excluded_groups[peer.pk] = [group for group, _text in told]
                excluded_peers.append((peer, excluded[peer.pk]))
        for worker_id in declined & set(pool.peers):
            peer = pool.peers[worker_id]
            excluded[peer.pk] = ["Heeft dit verzoek afgewezen."]
            excluded_groups[peer.pk] = ["declined"]
            excluded_peers.append((peer, excluded[peer.pk]))
    else:
        ranked_ids = {c.peer.pk for c in candidates}
        for worker in workers:
            if limit is None and pool.peers[worker.id].pk not in ranked_ids:
                excluded[pool.peers[worker.id].pk] = [
                    r.text for r in feasibility(worker, engine_request, pool.labels)
                ]
    return Ranking(
        request=request,
        candidates=candidates,
        excluded=excluded,
        excluded_peers=excluded_peers,
        pool_size=len(workers),
        excluded_groups=excluded_groups,
    )


def hard_constraint_reasons(*, request, peer) -> list[str]:
    """Why this peer worker may not take this request, apart from hours and resident slots (the services
    recheck those under the row lock). Empty means: no hard constraint stands in the way."""
    pool = load_pool(municipality_id=request.municipality_id, organisation_ids=[peer.organisation_id])
    worker = next((w for w in pool.workers if w.id == str(peer.pk)), None)
    if worker is None:
        return ["Deze ervaringsdeskundige staat niet in de pool."]
    # Capacity is checked by the caller, inside the lock, with exact decimals.
    unlimited = _replace(
        worker, free_hours=1_000.0, free_slots=1_000, weekly_hours=1_000.0, current_load_ratio=0.0
    )
    return [r.text for r in feasibility(unlimited, to_engine_request(request), pool.labels)]


def batch_assign(*, municipality_id, pool) -> BatchResult:
    """Optimal assignment of all open requests of the municipality to one pool organisation's peer workers,
    with the greedy baseline and the engine's bound for comparison."""
    from ervaringswerk.deployment.models import DeploymentRequest, Offer, OfferStatus, RequestStatus

    loaded = load_pool(municipality_id=municipality_id, organisation_ids=[pool.pk])
    requests = list(
        DeploymentRequest.objects.filter(municipality_id=municipality_id, status=RequestStatus.OPEN)
        .prefetch_related("domains_needed", "domains_preferred")
        .order_by("-urgency", "submitted_at")
    )
    declined = defaultdict(set)
    for request_id, peer_id in Offer.objects.filter(
        request__in=requests, status=OfferStatus.DECLINED
    ).values_list("request_id", "peer_id"):
        declined[str(request_id)].add(str(peer_id))
    now = timezone.now()
    engine_requests = [to_engine_request(r, now=now) for r in requests]
    # A peer worker who declined a request must not get it again: make them fail a hard constraint by
    # solving per request with the others only. Cheap way: drop those pairs after building, by giving
    # the engine requests "themes" unique to the decliners.
    workers = loaded.workers
    if declined:
        workers = [
            _with_declined_theme(w, {rid for rid, peers in declined.items() if w.id in peers})
            for w in workers
        ]
        engine_requests = [_with_request_theme(er) if er.id in declined else er for er in engine_requests]
    result = engine.assign(workers, engine_requests)
    greedy = engine.greedy_assign(workers, engine_requests)
    by_worker = {w.id: w for w in workers}
    by_request = {er.id: er for er in engine_requests}
    pairs = [
        BatchPair(
            request_id=pair.request_id,
            peer_id=loaded.peers[pair.worker_id].pk,
            score=pair.score,
            explanation=_explanation(
                engine.score_factors(
                    by_worker[pair.worker_id], by_request[pair.request_id], labels=loaded.labels
                )
            ),
        )
        for pair in result.pairs
    ]
    bound = result.bound
    # The share that counts for residents: placed / the proven most that can be placed.
    share = result.placed_share_of_bound
    gap = None if share is None else max(0.0, 1.0 - share)
    return BatchResult(
        pairs=pairs,
        objective=result.score,
        greedy_objective=greedy.score,
        bound=bound.score if bound is not None else None,
        gap=gap,
        proven_optimal=result.proven_optimal,
        solver=result.method,
        open_requests=len(requests),
        stats={
            "placed": result.placed,
            "greedy_placed": greedy.placed,
            "bound_placed": bound.placed if bound is not None else None,
            "bound_source": bound.source if bound is not None else None,
            "placed_share": round(share, 6) if share is not None else (1.0 if result.placed == 0 else None),
            "proven_optimal": result.proven_optimal,
            "workers": len(workers),
            "unassigned": {rid: [r.text for r in reasons] for rid, reasons in result.unassigned.items()},
            "seconds": round(float(result.stats.get("total_s", 0.0)), 4),
            "edges": int(result.stats.get("edges", 0) or 0),
            "exact_status": (result.stats.get("exact") or {}).get("status"),
        },
    )


DECLINED_THEME = "__declined:{}"


def _with_declined_theme(worker: Worker, request_ids: set) -> Worker:
    if not request_ids:
        return worker
    themes = set(worker.excluded_themes) | {DECLINED_THEME.format(rid) for rid in request_ids}
    return _replace(worker, excluded_themes=frozenset(themes))


def _with_request_theme(request: Request) -> Request:
    return _replace(request, themes=frozenset(set(request.themes) | {DECLINED_THEME.format(request.id)}))


def _replace(obj, **changes):
    return dataclasses.replace(obj, **changes)
