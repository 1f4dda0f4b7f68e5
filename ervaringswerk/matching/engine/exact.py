"""The exact model and its LP bound, solved with HiGHS (through ``highspy``).

Two things live here:

* :func:`lp_bound` — the LP relaxation of "place as many requests as possible" with every hard
  constraint (one worker per request, weekly minutes and resident slots per worker, plus each worker's
  count cap). Any feasible proposal is feasible in it, so its optimum bounds the number placed. For big
  pools it is solved by column generation: an LP over each request's best edges, then every edge is
  priced with the LP's duals; the dual objective with all edges priced in is a valid bound for *any*
  non-negative duals, so the bound is proven even when the generation stops early.
* :func:`solve_exact` — the exact lexicographic model (placed first, then score) as a MIP, warm-started
  with a proposal and stopped by a wall-clock budget. It is *aggregated*: per worker one integer
  variable per request size class (minutes, uses a slot) counts how many such requests the worker
  takes, and the edges are continuous. For fixed counts what remains is a flow problem (totally
  unimodular), so this is exact while branch-and-bound only branches on the few count variables; the
  counts are turned into an integral assignment by one min-cost flow.

HiGHS minimises/maximises in floating point; everything returned is re-checked on integers.

``highspy`` is pinned to the HiGHS version OR-Tools bundles (both load ``libhighs.so.1``; a different
version in the same process fails on import with an undefined symbol).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import highspy
import numpy as np
from ortools.graph.python import min_cost_flow

from .edges import Edges

_INF = highspy.kHighsInf


@dataclass
class LpBound:
    placed: int  # proven upper bound on the number of requests placed (floor of the LP bound)
    value: float  # the LP bound itself (fractional)
    seconds: float
    columns: int  # edges in the final LP (column generation)
    rounds: int
    exact: bool  # the LP over the generated columns is the full LP (no edge left with a positive price)


@dataclass
class ExactResult:
    chosen: np.ndarray | None  # edge indices, or None when HiGHS found nothing better than the hint
    proven: bool
    placed_ub: int | None
    score_ub: int | None
    seconds: float
    stats: dict = field(default_factory=dict)


def _highs() -> highspy.Highs:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    # one thread: deterministic, and the machine running the product is shared
    h.setOptionValue("threads", 1)
    return h


def _count_rows(
    e: Edges, free_min: np.ndarray, free_slots: np.ndarray, caps: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Row bounds of the plain model: R request rows, W minute rows, W slot rows, W count-cap rows."""
    R = e.n_requests
    upper = np.concatenate([np.ones(R), free_min.astype(float), free_slots.astype(float), caps.astype(float)])
    return np.full(upper.size, -_INF), upper


def _columns(e: Edges, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Column-wise entries of edges ``idx`` in the plain model (request, minutes, slot, count cap)."""
    R, W = e.n_requests, e.n_workers
    req, wrk = e.req[idx].astype(np.int64), e.wrk[idx].astype(np.int64)
    slot = e.slot[idx]
    nnz = 3 + slot.astype(np.int64)
    start = np.concatenate([[0], np.cumsum(nnz)])
    index = np.empty(int(start[-1]), dtype=np.int32)
    value = np.ones(int(start[-1]))
    s0 = start[:-1]
    index[s0] = req
    index[s0 + 1] = R + wrk
    value[s0 + 1] = e.minutes[idx]
    index[s0 + 2] = R + 2 * W + wrk  # the worker's count-cap row
    sl = np.flatnonzero(slot)
    index[s0[sl] + 3] = R + W + wrk[sl]
    return start, index, value


def lp_bound(
    e: Edges,
    free_min: np.ndarray,
    free_slots: np.ndarray,
    caps: np.ndarray,
    start_edges: np.ndarray,
    *,
    max_rounds: int = 30,
    add_per_request: int = 2,
    method: str = "simplex",
) -> LpBound:
    """Proven upper bound on the number of requests placed: the LP relaxation, by column generation.

    ``caps`` are the per-worker count caps (valid inequalities that tighten the LP); ``start_edges`` the
    edges of the first LP (e.g. each request's best few, or all).
    """
    t0 = time.perf_counter()
    R, W, E = e.n_requests, e.n_workers, len(e)
    free_min = np.asarray(free_min, dtype=np.int64)
    free_slots = np.asarray(free_slots, dtype=np.int64)
    caps = np.asarray(caps, dtype=np.int64)
    if E == 0:
        return LpBound(0, 0.0, 0.0, 0, 0, True)
    lower, upper = _count_rows(e, free_min, free_slots, caps)
    h = _highs()
    if method == "ipm":
        # big pools: interior point without crossover; its duals are approximate, which is fine because
        # the bound below is valid for any non-negative duals
        h.setOptionValue("solver", "ipm")
        h.setOptionValue("run_crossover", "off")
    h.addRows(lower.size, lower, upper, 0, np.empty(0, np.int32), np.empty(0, np.int32), np.empty(0))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    in_lp = np.zeros(E, dtype=bool)
    sel = np.unique(np.asarray(start_edges, dtype=np.int64))
    best = float("inf")
    rounds = 0
    exact = False
    rhs = np.concatenate([np.ones(R), free_min, free_slots, caps]).astype(float)
    m = e.minutes.astype(float)
    s = e.slot.astype(float)
    while True:
        if sel.size:
            start, index, value = _columns(e, sel)
            h.addCols(
                sel.size,
                np.ones(sel.size),
                np.zeros(sel.size),
                np.ones(sel.size),
                index.size,
                start[:-1].astype(np.int32),
                index,
                value,
            )
            in_lp[sel] = True
        h.run()
        rounds += 1
        if method != "ipm" and h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"LP bound: {h.modelStatusToString(h.getModelStatus())}")
        dual = np.maximum(np.asarray(h.getSolution().row_dual, dtype=float), 0.0)
        u, lam, sig, kap = dual[:R], dual[R : R + W], dual[R + W : R + 2 * W], dual[R + 2 * W :]
        # price every edge; the dual objective with all positive prices added is a valid bound
        red = 1.0 - u[e.req] - lam[e.wrk] * m - sig[e.wrk] * s - kap[e.wrk]
        pos = red > 1e-9
        bound = float(rhs @ dual + red[pos].sum())
        best = min(best, bound)
        missing = np.flatnonzero(pos & ~in_lp)
        if missing.size == 0:
            exact = True
            break
        if rounds >= max_rounds:
            break
        # the most promising few per request
        order = np.lexsort((-red[missing], e.req[missing]))
        missing = missing[order]
        first = np.concatenate([[True], e.req[missing][1:] != e.req[missing][:-1]])
        rank = np.arange(missing.size) - np.maximum.accumulate(np.where(first, np.arange(missing.size), 0))
        sel = missing[rank < add_per_request]
    placed = int(np.floor(best + 1e-6))
    return LpBound(placed, best, time.perf_counter() - t0, int(in_lp.sum()), rounds, exact)


# --------------------------------------------------------------------------------------------------
# the exact lexicographic model


def _size_classes(e: Edges) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per edge its (worker, size class) group; class = (minutes, uses a slot)."""
    key = e.minutes.astype(np.int64) * 2 + e.slot
    values, cls = np.unique(key, return_inverse=True)
    group_key = e.wrk.astype(np.int64) * values.size + cls.reshape(-1)
    groups, group_of_edge = np.unique(group_key, return_inverse=True)
    g_worker = groups // values.size
    g_value = values[groups % values.size]
    return groups, group_of_edge.reshape(-1), g_worker, g_value // 2, (g_value % 2).astype(bool)


def flow_with_group_caps(e: Edges, group_of_edge: np.ndarray, caps: np.ndarray) -> np.ndarray:
    """Max placed, then max score, when worker w takes at most caps[g] requests of each group g."""
    R, G, E = e.n_requests, caps.size, len(e)
    sink = R + G
    tails = np.concatenate([e.req.astype(np.int64), R + np.arange(G)]).astype(np.int32)
    heads = np.concatenate([R + group_of_edge, np.full(G, sink)]).astype(np.int32)
    arc_caps = np.concatenate([np.ones(E, dtype=np.int64), caps.astype(np.int64)])
    costs = np.concatenate([-e.score.astype(np.int64), np.zeros(G, dtype=np.int64)])
    f = min_cost_flow.SimpleMinCostFlow()
    f.add_arcs_with_capacity_and_unit_cost(tails, heads, arc_caps, costs)
    supplies = np.zeros(R + G + 1, dtype=np.int64)
    supplies[:R] = 1
    supplies[sink] = -R
    f.set_nodes_supplies(np.arange(R + G + 1, dtype=np.int32), supplies)
    if f.solve_max_flow_with_min_cost() != f.OPTIMAL:
        raise RuntimeError("min-cost flow failed")
    return np.flatnonzero(f.flows(np.arange(E, dtype=np.int32)) > 0).astype(np.int64)


def solve_exact(
    e: Edges,
    free_min: np.ndarray,
    free_slots: np.ndarray,
    hint: np.ndarray,
    time_limit_s: float,
) -> ExactResult:
    """The exact model: maximise big × placed + score (big > any score difference), warm-started.

    Returns the best assignment HiGHS found (as an integral assignment of the same objective or better),
    whether it is proven optimal, and the proven bound when it stopped early.
    """
    t0 = time.perf_counter()
    R, W, E = e.n_requests, e.n_workers, len(e)
    free_min = np.asarray(free_min, dtype=np.int64)
    free_slots = np.asarray(free_slots, dtype=np.int64)
    groups, g_of_e, g_w, g_min, g_slot = _size_classes(e)
    G = groups.size
    shift = -min(0, int(e.score.min()))
    shifted = e.score.astype(np.int64) + shift
    best_per_req = np.zeros(R, dtype=np.int64)
    np.maximum.at(best_per_req, e.req, shifted)
    big = int(best_per_req.sum()) + 1  # one more placement outweighs any score difference
    # columns: E edge variables x in [0, 1] (continuous), G count variables y (integer)
    # rows: R requests (sum x <= 1), G links (sum x - y <= 0), W minutes, W slots
    n_rows = R + G + 2 * W
    x_start = 2 * np.arange(E, dtype=np.int64)
    x_index = np.empty(2 * E, dtype=np.int32)
    x_index[0::2] = e.req
    x_index[1::2] = R + g_of_e
    x_value = np.ones(2 * E)
    y_nnz = 2 + g_slot.astype(np.int64)
    y_start = 2 * E + np.concatenate([[0], np.cumsum(y_nnz)[:-1]])
    y_index = np.empty(int(y_nnz.sum()), dtype=np.int32)
    y_value = np.empty(int(y_nnz.sum()))
    off = y_start - 2 * E
    y_index[off] = R + np.arange(G)
    y_value[off] = -1.0
    y_index[off + 1] = R + G + g_w
    y_value[off + 1] = g_min
    sl = np.flatnonzero(g_slot)
    y_index[off[sl] + 2] = R + G + W + g_w[sl]
    y_value[off[sl] + 2] = 1.0
    members = np.bincount(g_of_e, minlength=G).astype(float)
    y_ub = np.where(g_min > 0, np.minimum(members, np.floor(free_min[g_w] / np.maximum(g_min, 1))), members)
    y_ub = np.where(g_slot, np.minimum(y_ub, free_slots[g_w]), y_ub)
    lp = highspy.HighsLp()
    lp.num_col_ = E + G
    lp.num_row_ = n_rows
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = np.concatenate([(big + shifted).astype(float), np.zeros(G)])
    lp.col_lower_ = np.zeros(E + G)
    lp.col_upper_ = np.concatenate([np.ones(E), y_ub])
    lp.row_lower_ = np.full(n_rows, -_INF)
    lp.row_upper_ = np.concatenate(
        [np.ones(R), np.zeros(G), free_min.astype(float), free_slots.astype(float)]
    )
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.concatenate([x_start, y_start, [x_index.size + y_index.size]]).astype(np.int32)
    lp.a_matrix_.index_ = np.concatenate([x_index, y_index])
    lp.a_matrix_.value_ = np.concatenate([x_value, y_value])
    lp.a_matrix_.num_col_ = E + G
    lp.a_matrix_.num_row_ = n_rows
    lp.integrality_ = [highspy.HighsVarType.kContinuous] * E + [highspy.HighsVarType.kInteger] * G
    h = _highs()
    h.setOptionValue("time_limit", max(0.05, float(time_limit_s)))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999)  # objective values of integral solutions are integers
    h.passModel(lp)
    if hint.size:
        x = np.zeros(E)
        x[hint] = 1.0
        y = np.bincount(g_of_e[hint], minlength=G).astype(float)
        start = highspy.HighsSolution()
        start.col_value = np.concatenate([x, y]).tolist()
        start.value_valid = True
        h.setSolution(start)
    build_s = time.perf_counter() - t0
    h.run()
    info = h.getInfo()
    status = h.getModelStatus()
    stats = {
        "build_s": round(build_s, 4),
        "status": h.modelStatusToString(status),
        "nodes": int(info.mip_node_count),
        "count_vars": int(G),
    }
    chosen = None
    if info.primal_solution_status == 2:  # feasible
        vals = np.asarray(h.getSolution().col_value, dtype=float)
        caps = np.floor(vals[E:] + 0.5).astype(np.int64)
        chosen = flow_with_group_caps(e, g_of_e, caps)
    proven = status == highspy.HighsModelStatus.kOptimal
    placed_ub = score_ub = None
    dual_bound = float(info.mip_dual_bound)
    if np.isfinite(dual_bound) and abs(dual_bound) < 1e300:
        # HiGHS works in floating point: round the bound up by more than its tolerance
        ub = int(np.floor(dual_bound + max(1e-6, 1e-9 * abs(dual_bound))))
        placed_ub = ub // big
        score_ub = ub - big * placed_ub - shift * placed_ub
    return ExactResult(chosen, proven, placed_ub, score_ub, time.perf_counter() - t0, stats)


def improve_by_neighbourhoods(
    e: Edges,
    free_min: np.ndarray,
    free_slots: np.ndarray,
    chosen: np.ndarray,
    time_budget_s: float,
    *,
    max_workers: int = 24,
    sub_time_limit_s: float = 0.3,
    seed: int = 0,
) -> tuple[np.ndarray, dict]:
    """Large-neighbourhood search with the exact model: around a waiting request, free a group of
    workers (its candidates, and the candidates of what those workers now do), solve that part exactly
    with everything else fixed, keep it when the whole is better. Each step can only improve."""
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    R, W = e.n_requests, e.n_workers
    free_min = np.asarray(free_min, dtype=np.int64)
    free_slots = np.asarray(free_slots, dtype=np.int64)
    order_w = np.argsort(e.wrk, kind="stable")
    w_start = np.searchsorted(e.wrk[order_w], np.arange(W + 1))
    counts = np.bincount(e.req, minlength=R)
    r_start = np.concatenate([[0], np.cumsum(counts)])  # edges are grouped by request
    assigned_edge = np.full(R, -1, dtype=np.int64)
    assigned_edge[e.req[chosen]] = chosen
    tries = improved = 0
    tabu = np.zeros(R, dtype=np.int64)
    while time.perf_counter() - t0 < time_budget_s:
        waiting = np.flatnonzero((assigned_edge < 0) & (counts > 0))
        if waiting.size == 0:
            break
        weights = 1.0 / (1.0 + tabu[waiting])
        r0 = int(rng.choice(waiting, p=weights / weights.sum()))
        tabu[r0] += 1
        tries += 1
        # workers: the waiting request's candidates, then candidates of what those workers do now
        group: list[int] = []
        seen = set()
        frontier = [int(w) for w in rng.permutation(e.wrk[r_start[r0] : r_start[r0 + 1]])]
        while frontier and len(group) < max_workers:
            w = frontier.pop(0)
            if w in seen:
                continue
            seen.add(w)
            group.append(w)
            mine = order_w[w_start[w] : w_start[w + 1]]
            for r in e.req[mine[assigned_edge[e.req[mine]] == mine]].tolist():
                frontier.extend(rng.permutation(e.wrk[r_start[r] : r_start[r + 1]]).tolist())
        in_group = np.zeros(W, dtype=bool)
        in_group[group] = True
        # requests: everything the group does now, and waiting requests that the group could do
        g_edges = np.concatenate([order_w[w_start[w] : w_start[w + 1]] for w in group])
        rq = e.req[g_edges]
        owner = assigned_edge[rq]
        keep = (owner < 0) | np.isin(owner, g_edges)
        sub = np.sort(g_edges[keep])
        if sub.size == 0:
            continue
        r_ids, r_loc = np.unique(e.req[sub], return_inverse=True)
        w_ids, w_loc = np.unique(e.wrk[sub], return_inverse=True)
        se = Edges(
            r_loc.astype(np.int32),
            w_loc.astype(np.int32),
            e.score[sub],
            e.minutes[sub],
            e.slot[sub],
            int(r_ids.size),
            int(w_ids.size),
        )
        current = np.flatnonzero(np.isin(sub, chosen))
        before = (int(current.size), int(se.score[current].sum()))
        res = solve_exact(se, free_min[w_ids], free_slots[w_ids], current, sub_time_limit_s)
        if res.chosen is None:
            continue
        after = (int(res.chosen.size), int(se.score[res.chosen].sum()))
        if after > before:
            improved += 1
            drop = sub[current]
            assigned_edge[e.req[drop]] = -1
            add = sub[res.chosen]
            assigned_edge[e.req[add]] = add
            chosen = np.flatnonzero(np.isin(np.arange(len(e)), assigned_edge[assigned_edge >= 0]))
    return np.sort(assigned_edge[assigned_edge >= 0]), {
        "tries": tries,
        "improved": improved,
        "seconds": round(time.perf_counter() - t0, 3),
    }
