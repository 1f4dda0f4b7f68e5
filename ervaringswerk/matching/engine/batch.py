"""Batch assignment of many open requests to a pool: optimal flow, hours handling, greedy baseline.

Objective (lexicographic): first **place as many requests as possible**, then maximise the total score.
A request left waiting is worse for a resident than a slightly less fitting match, so placing people
comes first; among proposals that place the same number, the best total match quality wins. This is
what OR-Tools' ``solve_max_flow_with_min_cost`` does for a flow: maximum flow, then minimum cost.
Results compare as the tuple ``(placed, score)``.

Hard constraints (never broken in a returned proposal): every pair is feasible (see
:func:`.scoring.feasibility`), a request gets at most one worker, and per worker the resident slots
used are ``<= free_slots`` and the hours used are ``<= free_hours`` (compared in whole minutes).

Method
------
Resident slots are exact flow capacities. Weekly hours with requests of different sizes make the
problem a generalised assignment problem (NP-hard), so:

0. **Relaxation and bound.** Drop the weekly-hours *sums* but keep: the per-pair hours filter, exact
   resident slots, and per-worker *count caps* derived from hours (the most of its candidate requests
   that fit, smallest first). Every hours-feasible proposal is feasible in this relaxation, so its
   optimum bounds ours. By default one **max flow over all edges** gives the bound on placements
   (``Bound.source == "max-flow"``; its score part is the sum of the best per-request scores, valid
   but loose). With ``relax_k=None`` a min-cost flow over all edges gives the exact relaxation optimum
   (placed and score, ``"relaxation"``) and, when it respects every worker's hours, the proven optimum.
1. **Start**: max flow with min cost (``solve_max_flow_with_min_cost``) over each request's best
   ``relax_k`` candidates.
2. **Repair + refill**: on overloaded workers keep the smallest requests that fit (this keeps the most
   requests placed), then place dropped and unplaced requests in the spare capacity with small residual
   flows, and finally greedily.
3. **Penalty rounds**: hours become per-worker prices (points per minute), raised where the previous
   flow overloaded a worker and lowered where there was room; the flow is re-solved over each request's
   best ``prune_k`` candidates by penalised score (plus the edges it used before), then repaired and
   refilled. The best proposal over all rounds is kept.
4. **Small instances** (``exact_max_edges``): CP-SAT solves the exact model, hinted with the best
   proposal; tiny pools get the proven optimum (tested against brute force); when it stops early its
   proven objective bound tightens ``bound`` (``"cp-sat"``).
5. **Never worse than greedy**: the greedy baseline is one of the candidates, so the proposal is
   lexicographically >= greedy by construction.

Everything is deterministic for the same input (ids are sorted on encoding; ties break on indices;
CP-SAT runs single-threaded with a deterministic-time limit), unless ``time_budget_s`` cuts rounds.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

from .edges import Edges, build_edges
from .encode import RequestArrays, WorkerArrays, encode_requests, encode_workers
from .exact import LpBound, improve_by_neighbourhoods, lp_bound, solve_exact
from .model import Reason, Request, Worker
from .weights import DEFAULT_WEIGHTS, Weights


@dataclass(frozen=True, kw_only=True)
class AssignOptions:
    #: Candidates per request in the starting flow. ``None``: all edges (the flow relaxation's exact
    #: optimum, at the cost of one min-cost flow over every edge).
    relax_k: int | None = 8
    #: Re-solved flows with hours prices (0 = start + repair + refill only). ``None``: by size,
    #: about 3M / edges, between 1 and 12 (a city with 2M edges gets 1; a pool of 100 workers 12).
    penalty_rounds: int | None = None
    prune_k: int = 8  # candidates per request kept in a penalty round (by penalised score)
    penalty_step: float = 0.75  # price step, in units of (mean score per mean request minute)
    refill_rounds: int = 2  # residual flows after each repair
    time_budget_s: float | None = None  # no new penalty round after this many seconds of solving
    #: The exact model (HiGHS MIP, warm-started with the best proposal) when hours bind and the pool has
    #: at most this many candidate edges (500 workers x 2,000 requests has about 50,000).
    exact_max_edges: int = 60_000
    #: Wall-clock budget of the whole solve when the exact model runs: the MIP gets 60 % of what is left
    #: and, when it cannot prove the optimum, neighbourhood search with the exact model gets the rest.
    exact_time_limit_s: float = 2.0
    #: Neighbourhood search for pools above ``exact_max_edges`` (a city): seconds, or None (off).
    lns_time_s: float | None = None
    #: The LP relaxation's bound on placements (proven, much tighter than the max flow) for pools with at
    #: most ``lp_max_edges`` edges; bigger pools (a city) get the max-flow bound, since the LP costs
    #: seconds to minutes there (see docs/matching.md). Off: always the max flow.
    lp_bound: bool = True
    lp_max_edges: int = 200_000
    lp_full_max_edges: int = 100_000  # above this the LP starts from each request's best edges
    greedy_guard: bool = True  # compare with the greedy baseline and keep the better


DEFAULT_OPTIONS = AssignOptions()


@dataclass(frozen=True)
class Bound:
    """Proven lexicographic upper bound on (placed, score) of any feasible proposal."""

    placed: int
    score: int
    #: "lp": placed from the LP relaxation (every constraint, fractional), score = sum of the ``placed``
    #: best per-request scores; "relaxation": min-cost flow over all edges without the weekly-hours sums
    #: (placed and score exact for that relaxation); "max-flow": placed from a max flow over all edges
    #: (same relaxation), score as for "lp"; "exact": the proven optimum (HiGHS MIP); "mip": the MIP's
    #: proven bound when it stopped at its time limit.
    source: str


@dataclass
class Solution:
    """Array-level result: chosen edge indices into ``Edges`` (one per placed request)."""

    chosen: np.ndarray
    placed: int
    score: int
    bound: Bound | None
    proven_optimal: bool
    method: str
    stats: dict = field(default_factory=dict)

    @property
    def objective(self) -> tuple[int, int]:
        return (self.placed, self.score)


@dataclass(frozen=True)
class Pair:
    request_id: str
    worker_id: str
    score: int


@dataclass
class Assignment:
    """A proposal for the coordinator to review, edit and send."""

    pairs: tuple[Pair, ...]  # sorted by request id
    unassigned: dict[str, tuple[Reason, ...]]  # request id → Dutch reasons
    placed: int
    score: int
    bound: Bound | None  # None for the greedy baseline
    proven_optimal: bool
    method: str
    stats: dict

    @property
    def objective(self) -> tuple[int, int]:
        """Compare proposals with this tuple: (placed, score), lexicographically."""
        return (self.placed, self.score)

    @property
    def placed_share_of_bound(self) -> float | None:
        """placed / bound.placed: at least this share of the best possible number of placements."""
        if self.bound is None or self.bound.placed == 0:
            return None
        return self.placed / self.bound.placed


# --------------------------------------------------------------------------------------------------
# helpers on edge arrays


def _objective(e: Edges, chosen: np.ndarray) -> tuple[int, int]:
    return (int(chosen.size), int(e.score[chosen].sum()))


def check_solution(e: Edges, free_min: np.ndarray, free_slots: np.ndarray, chosen: np.ndarray) -> None:
    """Raise AssertionError when a proposal breaks a capacity or assigns a request twice."""
    W = e.n_workers
    if chosen.size:
        if np.unique(e.req[chosen]).size != chosen.size:
            raise AssertionError("a request is assigned twice")
        used = np.bincount(e.wrk[chosen], weights=e.minutes[chosen], minlength=W)
        if (used > free_min).any():
            raise AssertionError("weekly hours exceeded")
        slots = np.bincount(e.wrk[chosen], weights=e.slot[chosen], minlength=W)
        if (slots > free_slots).any():
            raise AssertionError("resident slots exceeded")


Classes = tuple[np.ndarray, np.ndarray]  # (sorted distinct request minutes, class index per edge)


def _classes(e: Edges, csr: tuple[np.ndarray, np.ndarray]) -> Classes:
    starts, counts = csr
    req_minutes = e.minutes[starts[counts > 0]]
    values = np.unique(req_minutes)
    cls_of_req = np.zeros(e.n_requests, dtype=np.int64)
    cls_of_req[counts > 0] = np.searchsorted(values, req_minutes)
    return values, cls_of_req[e.req]


def _count_caps(e: Edges, sel: np.ndarray, hours_min: np.ndarray, classes: Classes) -> np.ndarray:
    """Per worker: the most requests among ``sel`` that fit its minutes, taking the smallest first.

    A valid relaxation of the hours constraint.
    """
    W = e.n_workers
    if sel.size == 0:
        return np.zeros(W, dtype=np.int64)
    values, edge_cls = classes
    nc = values.size
    cls = edge_cls[sel]
    cnt = np.bincount(e.wrk[sel].astype(np.int64) * nc + cls, minlength=W * nc).reshape(W, nc)
    rem = hours_min.astype(np.int64).copy()
    k = np.zeros(W, dtype=np.int64)
    for c in range(nc):
        m = int(values[c])
        take = cnt[:, c] if m == 0 else np.minimum(cnt[:, c], rem // m)
        k += take
        rem -= take * m
    return k


def _flow(
    e: Edges,
    sel: np.ndarray,
    cost: np.ndarray,
    hours_min: np.ndarray,
    slots: np.ndarray,
    classes: Classes,
    log: list | None = None,
) -> np.ndarray:
    """Max flow with min cost over edges ``sel`` (cost per selected edge). Returns chosen edge indices.

    Network: request → (worker's slot node if the request uses a slot) → worker node → sink.
    Slot node capacity = free slots (and the count cap of slot requests); worker node capacity = count cap.
    """
    R, W = e.n_requests, e.n_workers
    if sel.size == 0:
        return sel
    slot_sel = sel[e.slot[sel]]
    cap_total = _count_caps(e, sel, hours_min, classes)
    cap_slot = np.minimum(slots, _count_caps(e, slot_sel, hours_min, classes))
    sink = R + 2 * W
    ar_w = np.arange(W, dtype=np.int64)
    wk = e.wrk[sel].astype(np.int64)
    tails = np.concatenate([e.req[sel].astype(np.int64), R + W + ar_w, R + ar_w]).astype(np.int32)
    heads = np.concatenate([np.where(e.slot[sel], R + W + wk, R + wk), R + ar_w, np.full(W, sink)]).astype(
        np.int32
    )
    caps = np.concatenate([np.ones(sel.size, dtype=np.int64), cap_slot, cap_total]).astype(np.int64)
    costs = np.concatenate([cost.astype(np.int64), np.zeros(2 * W, dtype=np.int64)])
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = np.zeros(R + 2 * W + 1, dtype=np.int64)
    supplies[:R] = 1
    supplies[sink] = -R
    smcf.set_nodes_supplies(np.arange(R + 2 * W + 1, dtype=np.int32), supplies)
    t0 = time.perf_counter()
    status = smcf.solve_max_flow_with_min_cost()
    if log is not None:
        log.append((int(sel.size), round(time.perf_counter() - t0, 4)))
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    flows = smcf.flows(np.arange(sel.size, dtype=np.int32))
    return sel[flows > 0]


def _max_placements(e: Edges, hours_min: np.ndarray, slots: np.ndarray, classes: Classes) -> int:
    """Most requests that can be placed ignoring the weekly-hours sums (same network as ``_flow``)."""
    R, W = e.n_requests, e.n_workers
    all_edges = np.arange(len(e), dtype=np.int64)
    cap_total = _count_caps(e, all_edges, hours_min, classes)
    cap_slot = np.minimum(slots, _count_caps(e, all_edges[e.slot], hours_min, classes))
    src, sink = R + 2 * W, R + 2 * W + 1
    ar_w = np.arange(W, dtype=np.int64)
    wk = e.wrk.astype(np.int64)
    has = np.flatnonzero(np.bincount(e.req, minlength=R) > 0)
    tails = np.concatenate([np.full(has.size, src), e.req, R + W + ar_w, R + ar_w]).astype(np.int32)
    heads = np.concatenate([has, np.where(e.slot, R + W + wk, R + wk), R + ar_w, np.full(W, sink)]).astype(
        np.int32
    )
    caps = np.concatenate([np.ones(has.size + len(e), dtype=np.int64), cap_slot, cap_total]).astype(np.int64)
    mf = max_flow.SimpleMaxFlow()
    mf.add_arcs_with_capacity(tails, heads, caps)
    status = mf.solve(src, sink)
    if status != mf.OPTIMAL:
        raise RuntimeError(f"max flow failed: {status}")
    return int(mf.optimal_flow())


def _score_bound(e: Edges, placed: int, csr: tuple[np.ndarray, np.ndarray]) -> int:
    """Upper bound on the score of any proposal with ``placed`` placements: the best per-request scores."""
    starts, counts = csr
    best = np.maximum.reduceat(e.score, starts[counts > 0])
    return int(np.sort(best)[::-1][:placed].sum())


def _repair(e: Edges, chosen: np.ndarray, hours_min: np.ndarray) -> np.ndarray:
    """Drop requests from workers whose hours are exceeded, keeping the smallest first (most kept)."""
    W = e.n_workers
    if chosen.size == 0:
        return chosen
    used = np.bincount(e.wrk[chosen], weights=e.minutes[chosen], minlength=W)
    over = used > hours_min
    on_over = over[e.wrk[chosen]]
    if not on_over.any():
        return chosen
    ao = chosen[on_over]
    ao = ao[np.lexsort((ao, -e.score[ao], e.minutes[ao], e.wrk[ao]))]
    m = e.minutes[ao]
    cs = np.cumsum(m)
    wk = e.wrk[ao]
    first = np.r_[True, wk[1:] != wk[:-1]]
    base = np.maximum.accumulate(np.where(first, cs - m, 0))
    keep = (cs - base) <= hours_min[wk]
    return np.concatenate([chosen[~on_over], ao[keep]])


def _residual(
    e: Edges, chosen: np.ndarray, free_min: np.ndarray, free_slots: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    W = e.n_workers
    res_min = free_min - np.bincount(e.wrk[chosen], weights=e.minutes[chosen], minlength=W).astype(np.int64)
    res_slots = free_slots - np.bincount(e.wrk[chosen], weights=e.slot[chosen], minlength=W).astype(np.int64)
    taken = np.zeros(e.n_requests, dtype=bool)
    taken[e.req[chosen]] = True
    return res_min, res_slots, taken


def _open_edges(
    e: Edges,
    res_min: np.ndarray,
    res_slots: np.ndarray,
    taken: np.ndarray,
    csr: tuple[np.ndarray, np.ndarray],
) -> np.ndarray:
    """Edges of unplaced requests whose worker still has room for them (sorted by edge index)."""
    starts, counts = csr
    open_req = np.flatnonzero(~taken & (counts > 0))
    if open_req.size == 0:
        return np.empty(0, dtype=np.int64)
    c = counts[open_req]
    idx = np.repeat(starts[open_req] - (np.cumsum(c) - c), c) + np.arange(int(c.sum()), dtype=np.int64)
    ok = (e.minutes[idx] <= res_min[e.wrk[idx]]) & (~e.slot[idx] | (res_slots[e.wrk[idx]] >= 1))
    return idx[ok]


def _request_csr(e: Edges) -> tuple[np.ndarray, np.ndarray]:
    """Edges are grouped by request: (start, count) per request."""
    counts = np.bincount(e.req, minlength=e.n_requests).astype(np.int64)
    return np.cumsum(counts) - counts, counts


def _greedy_order(e: Edges) -> np.ndarray:
    """All edges best first: score descending; ties in edge order (request index, then the worker's
    free minutes ascending, then worker index), which is deterministic.

    Scores usually fit in 16 bits, where NumPy's stable sort is a radix sort (linear time).
    """
    if len(e) == 0:
        return np.empty(0, dtype=np.int64)
    top = int(e.score.max())
    key = top - e.score
    if int(key.max()) < 2**15:
        key = key.astype(np.int16)
    return np.argsort(key, kind="stable").astype(np.int64)


def _rank_in_request(e: Edges, order: np.ndarray, csr: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Per edge: its position among its request's edges by score (0 = best), from the greedy order."""
    by_req = order[np.argsort(e.req[order], kind="stable")]
    starts, counts = csr
    rank = np.empty(len(e), dtype=np.int64)
    rank[by_req] = np.arange(len(e), dtype=np.int64) - np.repeat(starts, counts)
    return rank


def _greedy_fill(
    e: Edges,
    order: np.ndarray,
    res_min: np.ndarray,
    res_slots: np.ndarray,
    taken: np.ndarray,
    chunk: int = 32768,
) -> np.ndarray:
    """Take edges in ``order`` while the request is open and the worker has room (exact greedy).

    Runs a Python loop over a chunk, then drops every remaining edge that can no longer be taken with one
    vectorised filter (capacities only shrink), so the loop mostly sees live edges.
    """
    res_min = res_min.copy()
    res_slots = res_slots.copy()
    taken = taken.copy()
    picked: list[np.ndarray] = []
    remaining = order
    while remaining.size:
        block, remaining = remaining[:chunk], remaining[chunk:]
        rm, rs, tk = res_min.tolist(), res_slots.tolist(), taken.tolist()
        got = []
        for i, r, w, m, s in zip(
            block.tolist(),
            e.req[block].tolist(),
            e.wrk[block].tolist(),
            e.minutes[block].tolist(),
            e.slot[block].tolist(),
            strict=True,
        ):
            if tk[r] or m > rm[w]:
                continue
            if s:
                if rs[w] < 1:
                    continue
                rs[w] -= 1
            rm[w] -= m
            tk[r] = True
            got.append(i)
        res_min = np.array(rm, dtype=np.int64)
        res_slots = np.array(rs, dtype=np.int64)
        taken = np.array(tk, dtype=bool)
        picked.append(np.array(got, dtype=np.int64))
        if remaining.size:
            ok = (
                ~taken[e.req[remaining]]
                & (e.minutes[remaining] <= res_min[e.wrk[remaining]])
                & (~e.slot[remaining] | (res_slots[e.wrk[remaining]] >= 1))
            )
            remaining = remaining[ok]
    return np.concatenate(picked) if picked else np.empty(0, dtype=np.int64)


def greedy_edges(
    e: Edges, free_min: np.ndarray, free_slots: np.ndarray, order: np.ndarray | None = None
) -> np.ndarray:
    """The greedy baseline: best edge first, respecting every capacity."""
    taken = np.zeros(e.n_requests, dtype=bool)
    if order is None:
        order = _greedy_order(e)
    return _greedy_fill(e, order, np.asarray(free_min, np.int64), np.asarray(free_slots, np.int64), taken)


def _refill(
    e: Edges,
    chosen: np.ndarray,
    free_min: np.ndarray,
    free_slots: np.ndarray,
    ctx: _Context,
    rounds: int,
) -> np.ndarray:
    """Place open requests in the spare capacity: residual flows (+repair), then a greedy pass."""
    for _ in range(rounds):
        res_min, res_slots, taken = _residual(e, chosen, free_min, free_slots)
        cand = _open_edges(e, res_min, res_slots, taken, ctx.csr)
        if cand.size == 0:
            return chosen
        add = _repair(e, _flow(e, cand, -e.score[cand], res_min, res_slots, ctx.classes, ctx.flows), res_min)
        if add.size == 0:
            break
        chosen = np.concatenate([chosen, add])
    res_min, res_slots, taken = _residual(e, chosen, free_min, free_slots)
    # the global greedy order restricted to what is still open (no new sort)
    order = ctx.order
    live = ~taken[e.req[order]]
    order = order[live]
    ok = (e.minutes[order] <= res_min[e.wrk[order]]) & (~e.slot[order] | (res_slots[e.wrk[order]] >= 1))
    order = order[ok]
    if order.size:
        chosen = np.concatenate([chosen, _greedy_fill(e, order, res_min, res_slots, taken)])
    return chosen


@dataclass
class _Context:
    classes: Classes
    csr: tuple[np.ndarray, np.ndarray]  # (first edge, number of edges) per request
    order: np.ndarray  # all edges in greedy order
    rank: np.ndarray  # per edge: position within its request by score
    flows: list = field(default_factory=list)  # (arcs, seconds) per min-cost flow solved


def _top_k_per_request(req: np.ndarray, key: np.ndarray, k: int, n_requests: int) -> np.ndarray:
    """Indices (into ``req``/``key``) of the ``k`` highest ``key`` per request."""
    if req.size == 0:
        return np.empty(0, dtype=np.int64)
    counts = np.bincount(req, minlength=n_requests)
    if counts.max() <= k:
        return np.arange(req.size, dtype=np.int64)
    top = int(key.max()) + 1
    span = top - int(key.min()) + 1
    order = np.argsort(req.astype(np.int64) * span + (top - key), kind="stable")
    starts = np.cumsum(counts) - counts
    rank = np.arange(req.size, dtype=np.int64) - np.repeat(starts, counts)
    return np.sort(order[rank < k])


def _lns(
    e: Edges,
    free_min: np.ndarray,
    free_slots: np.ndarray,
    best: np.ndarray,
    best_obj: tuple[int, int],
    method: str,
    seconds: float,
    stats: dict[str, object],
) -> tuple[np.ndarray, tuple[int, int], str]:
    improved, info = improve_by_neighbourhoods(e, free_min, free_slots, best, seconds)
    stats["lns"] = info
    check_solution(e, free_min, free_slots, improved)
    if _objective(e, improved) > best_obj:
        return improved, _objective(e, improved), method + "+lns"
    return best, best_obj, method


# --------------------------------------------------------------------------------------------------
# the solver on arrays


def solve_edges(
    e: Edges, free_min: np.ndarray, free_slots: np.ndarray, options: AssignOptions = DEFAULT_OPTIONS
) -> Solution:
    """Best proposal for the candidate edges ``e`` under hours (minutes) and slot capacities."""
    t_start = time.perf_counter()
    stats: dict = {"edges": len(e), "requests": e.n_requests, "workers": e.n_workers}
    free_min = np.asarray(free_min, dtype=np.int64)
    free_slots = np.asarray(free_slots, dtype=np.int64)
    if len(e) == 0:
        empty = np.empty(0, dtype=np.int64)
        return Solution(empty, 0, 0, Bound(0, 0, "relaxation"), True, "flow", stats)
    csr = _request_csr(e)
    order = _greedy_order(e)
    ctx = _Context(_classes(e, csr), csr, order, _rank_in_request(e, order, csr))
    classes = ctx.classes
    all_edges = np.arange(len(e), dtype=np.int64)
    stats["order_s"] = time.perf_counter() - t_start

    # 1. start: max flow with min cost, exact slots, count caps from hours, no weekly-hours sums
    t = time.perf_counter()
    degree = ctx.csr[1]
    full = options.relax_k is None or int(degree.max()) <= options.relax_k
    use_lp = options.lp_bound and len(e) <= options.lp_max_edges
    if full:
        relaxed = _flow(e, all_edges, -e.score, free_min, free_slots, classes, ctx.flows)
        bound = Bound(*_objective(e, relaxed), "relaxation")
    elif not use_lp:
        # The bound on placements needs every edge, but only a max flow (much cheaper than min cost).
        placed_ub = _max_placements(e, free_min, free_slots, classes)
        bound = Bound(placed_ub, _score_bound(e, placed_ub, csr), "max-flow")
        stats["bound_s"] = time.perf_counter() - t
        t = time.perf_counter()
    if not full:
        sel = np.flatnonzero(ctx.rank < options.relax_k)
        relaxed = _flow(e, sel, -e.score[sel], free_min, free_slots, classes, ctx.flows)
    stats["relax_s"] = time.perf_counter() - t
    used = np.bincount(e.wrk[relaxed], weights=e.minutes[relaxed], minlength=e.n_workers)
    overloaded = int((used > free_min).sum())
    stats["relax_overloaded_workers"] = overloaded
    if overloaded == 0 and full:
        # the relaxation's optimum respects every worker's hours: it is the optimum
        stats["flows"] = ctx.flows
        stats["total_s"] = time.perf_counter() - t_start
        stats["rounds"] = 0
        obj = _objective(e, relaxed)
        return Solution(relaxed, obj[0], obj[1], Bound(*obj, bound.source), True, "flow", stats)
    if use_lp:
        # The LP relaxation with every constraint: a far tighter bound on placements than any flow.
        t = time.perf_counter()
        caps = _count_caps(e, all_edges, free_min, classes)
        start = all_edges if len(e) <= options.lp_full_max_edges else np.flatnonzero(ctx.rank < 8)
        lp = lp_bound(e, free_min, free_slots, caps, start)
        stats["bound_s"] = time.perf_counter() - t
        stats["lp"] = {"value": lp.value, "columns": lp.columns, "rounds": lp.rounds, "full": lp.exact}
        if not full or lp.placed < bound.placed:
            bound = Bound(lp.placed, _score_bound(e, lp.placed, csr), "lp")
    if overloaded == 0 and _objective(e, relaxed) == (bound.placed, bound.score):
        stats["flows"] = ctx.flows
        stats["total_s"] = time.perf_counter() - t_start
        stats["rounds"] = 0
        obj = _objective(e, relaxed)
        return Solution(relaxed, obj[0], obj[1], Bound(*obj, bound.source), True, "flow", stats)

    # 2. repair (+ refill when no penalty round follows; the rounds refill their own proposals)
    t = time.perf_counter()
    n_rounds = options.penalty_rounds
    if n_rounds is None:
        n_rounds = int(min(12, max(1, round(3_000_000 / len(e)))))
    best = _repair(e, relaxed, free_min)
    if n_rounds == 0:
        best = _refill(e, best, free_min, free_slots, ctx, options.refill_rounds)
    best_obj = _objective(e, best)
    method = "flow+repair"
    stats["repair_s"] = time.perf_counter() - t
    stats["after_repair"] = list(best_obj)

    # 3. penalty rounds on pruned graphs
    t = time.perf_counter()
    price = np.zeros(e.n_workers)  # points per minute
    unit = max(float(np.abs(e.score).mean()), 1.0) / max(float(e.minutes.mean()), 1.0)
    scale = 16  # integer resolution of penalised costs
    last = relaxed
    rounds = 0
    history = []
    pool = np.empty(0, dtype=np.int64)
    if n_rounds > 0:
        # candidate pool for the rounds: each request's best edges by raw score (one sort)
        pool = np.flatnonzero(ctx.rank < options.prune_k * 3)
    for _ in range(n_rounds):
        if options.time_budget_s is not None and time.perf_counter() - t_start > options.time_budget_s:
            break
        used = np.bincount(e.wrk[last], weights=e.minutes[last], minlength=e.n_workers)
        ratio = (used - free_min) / np.maximum(free_min, 1)
        price = np.maximum(0.0, price + options.penalty_step * unit * np.clip(ratio, -1.0, 3.0))
        red_pool = e.score[pool] * scale - np.rint(scale * price[e.wrk[pool]] * e.minutes[pool]).astype(
            np.int64
        )
        keep = np.zeros(len(e), dtype=bool)
        keep[pool[_top_k_per_request(e.req[pool], red_pool, options.prune_k, e.n_requests)]] = True
        keep[last] = True
        sel = np.flatnonzero(keep)
        red = e.score[sel] * scale - np.rint(scale * price[e.wrk[sel]] * e.minutes[sel]).astype(np.int64)
        last = _flow(e, sel, -red, free_min, free_slots, classes, ctx.flows)
        cand = _refill(e, _repair(e, last, free_min), free_min, free_slots, ctx, options.refill_rounds)
        obj = _objective(e, cand)
        history.append(list(obj))
        rounds += 1
        if obj > best_obj:
            best, best_obj, method = cand, obj, "flow+penalties"
    stats["penalty_s"] = time.perf_counter() - t
    stats["rounds"] = rounds
    stats["round_objectives"] = history

    proven = best_obj == (bound.placed, bound.score)
    # 4. the exact model for municipal pools, warm-started with the best proposal, within the budget
    if not proven and len(e) <= options.exact_max_edges:
        t = time.perf_counter()
        left = max(0.25, options.exact_time_limit_s - (t - t_start))
        res = solve_exact(e, free_min, free_slots, best, 0.6 * left)
        stats["exact_s"] = time.perf_counter() - t
        stats["exact"] = res.stats
        if res.chosen is not None:
            check_solution(e, free_min, free_slots, res.chosen)
            if _objective(e, res.chosen) >= best_obj:
                if _objective(e, res.chosen) > best_obj:
                    method = "exact" if res.proven else "exact-unproven"
                best, best_obj = res.chosen, _objective(e, res.chosen)
        if res.proven:
            proven = True
            method = "exact"
            bound = Bound(*best_obj, "exact")
        elif (
            res.placed_ub is not None
            and res.score_ub is not None
            and (res.placed_ub, res.score_ub) < (bound.placed, bound.score)
        ):
            bound = Bound(res.placed_ub, res.score_ub, "mip")
        lns_s = options.exact_time_limit_s - (time.perf_counter() - t_start)
        if not proven and lns_s > 0.05:
            best, best_obj, method = _lns(e, free_min, free_slots, best, best_obj, method, lns_s, stats)
    elif not proven and options.lns_time_s:
        seconds = options.lns_time_s
        best, best_obj, method = _lns(e, free_min, free_slots, best, best_obj, method, seconds, stats)

    if not proven and best_obj == (bound.placed, bound.score):
        proven = True  # reached the upper bound

    # 5. never worse than greedy
    if options.greedy_guard and not proven:
        t = time.perf_counter()
        g = greedy_edges(e, free_min, free_slots, ctx.order)
        stats["greedy_guard_s"] = time.perf_counter() - t
        if _objective(e, g) > best_obj:
            best, best_obj, method = g, _objective(e, g), "greedy"
    stats["flows"] = ctx.flows
    stats["total_s"] = time.perf_counter() - t_start
    return Solution(best, best_obj[0], best_obj[1], bound, proven, method, stats)


# --------------------------------------------------------------------------------------------------
# object-level API


def _unassigned_reasons(e: Edges, ra: RequestArrays, chosen: np.ndarray) -> dict[str, tuple[Reason, ...]]:
    has_edge = np.bincount(e.req, minlength=ra.n) > 0
    placed = np.zeros(ra.n, dtype=bool)
    placed[e.req[chosen]] = True
    out: dict[str, tuple[Reason, ...]] = {}
    for j in np.flatnonzero(~placed).tolist():
        if not has_edge[j]:
            reason = Reason(
                "no_candidates",
                "Geen enkele ervaringsdeskundige voldoet aan alle harde eisen (soort inzet, vereiste "
                "ervaring, grenzen, harde eisen, uren of bewonersplek).",
            )
        else:
            reason = Reason(
                "capacity",
                "Er zijn wel geschikte ervaringsdeskundigen, maar hun uren of bewonersplekken zijn in dit "
                "voorstel nodig voor andere verzoeken.",
            )
        out[ra.ids[j]] = (reason,)
    return out


def _to_assignment(sol: Solution, e: Edges, wa: WorkerArrays, ra: RequestArrays) -> Assignment:
    chosen = sol.chosen[np.argsort(e.req[sol.chosen], kind="stable")]
    pairs = tuple(
        Pair(ra.ids[r], wa.ids[w], int(s))
        for r, w, s in zip(
            e.req[chosen].tolist(), e.wrk[chosen].tolist(), e.score[chosen].tolist(), strict=True
        )
    )
    return Assignment(
        pairs=pairs,
        unassigned=_unassigned_reasons(e, ra, chosen),
        placed=sol.placed,
        score=sol.score,
        bound=sol.bound,
        proven_optimal=sol.proven_optimal,
        method=sol.method,
        stats=sol.stats,
    )


def prepare(
    workers: Iterable[Worker], requests: Iterable[Request], weights: Weights = DEFAULT_WEIGHTS
) -> tuple[WorkerArrays, RequestArrays, Edges, dict]:
    """Encode and build the candidate edges; returns timings too."""
    t0 = time.perf_counter()
    wa = encode_workers(workers)
    ra = encode_requests(requests, wa)
    t1 = time.perf_counter()
    e = build_edges(wa, ra, weights)
    t2 = time.perf_counter()
    return wa, ra, e, {"encode_s": t1 - t0, "edges_s": t2 - t1}


def assign(
    workers: Sequence[Worker] | Iterable[Worker],
    requests: Sequence[Request] | Iterable[Request],
    weights: Weights = DEFAULT_WEIGHTS,
    options: AssignOptions = DEFAULT_OPTIONS,
) -> Assignment:
    """The proposal for all open requests of a pool: as many placed as possible, then best total score."""
    wa, ra, e, times = prepare(workers, requests, weights)
    sol = solve_edges(e, wa.free_min, wa.free_slots, options)
    sol.stats.update(times)
    return _to_assignment(sol, e, wa, ra)


def greedy_assign(
    workers: Iterable[Worker], requests: Iterable[Request], weights: Weights = DEFAULT_WEIGHTS
) -> Assignment:
    """The greedy baseline (best edge first, all capacities respected), for comparison."""
    wa, ra, e, times = prepare(workers, requests, weights)
    t = time.perf_counter()
    chosen = greedy_edges(e, wa.free_min, wa.free_slots)
    times["total_s"] = time.perf_counter() - t
    placed, sc = _objective(e, chosen)
    sol = Solution(chosen, placed, sc, None, False, "greedy", {"edges": len(e), **times})
    return _to_assignment(sol, e, wa, ra)


def placement_bound(
    e: Edges,
    free_min: np.ndarray,
    free_slots: np.ndarray,
    *,
    start_k: int = 4,
    method: str = "ipm",
    max_rounds: int = 4,
) -> LpBound:
    """The LP bound on placements for a big pool (a city): column generation from each request's best
    ``start_k`` edges, interior point. Proven whatever the rounds; costs far more than the proposal."""
    csr = _request_csr(e)
    order = _greedy_order(e)
    rank = _rank_in_request(e, order, csr)
    caps = _count_caps(e, np.arange(len(e), dtype=np.int64), free_min, _classes(e, csr))
    start = np.flatnonzero(rank < start_k)
    return lp_bound(e, free_min, free_slots, caps, start, method=method, max_rounds=max_rounds)
