"""The exact model (HiGHS MIP) and the LP bound, checked against an independent reference: a plain binary
MIP (one 0/1 variable per pair) written here and solved by SCIP through OR-Tools, with a zero gap."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.linear_solver import pywraplp

from ervaringswerk.matching.engine import (
    AssignOptions,
    assign,
    check_solution,
    encode_requests,
    encode_workers,
    generate_instance,
    prepare,
    solve_edges,
)
from ervaringswerk.matching.engine.batch import _classes, _count_caps, _request_csr
from ervaringswerk.matching.engine.edges import build_edges
from ervaringswerk.matching.engine.exact import lp_bound, solve_exact

from .strategies import instances
from .test_engine_properties import brute_force

# Generous budget: these tests check what the model proves, not how fast (never a wall-clock assertion).
PATIENT = AssignOptions(exact_time_limit_s=120.0)
FEW = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def reference_optimum(e, free_min, free_slots) -> tuple[int, int]:
    """Lexicographic optimum (placed, score) of the plain binary model, SCIP, relative gap 0."""
    solver = pywraplp.Solver.CreateSolver("SCIP")
    x = [solver.BoolVar(f"x{i}") for i in range(len(e))]
    for r in range(e.n_requests):
        idx = np.flatnonzero(e.req == r)
        if idx.size > 1:
            solver.Add(sum(x[i] for i in idx) <= 1)
    for w in range(e.n_workers):
        idx = np.flatnonzero(e.wrk == w)
        solver.Add(sum(int(e.minutes[i]) * x[i] for i in idx) <= int(free_min[w]))
        slots = idx[e.slot[idx]]
        solver.Add(sum(x[i] for i in slots) <= int(free_slots[w]))
    shifted = e.score.astype(int) - min(0, int(e.score.min())) if len(e) else e.score
    big = (int(shifted.max()) if len(e) else 0) * e.n_requests + 1
    solver.Maximize(sum((big + int(shifted[i])) * x[i] for i in range(len(e))))
    params = pywraplp.MPSolverParameters()
    params.SetDoubleParam(params.RELATIVE_MIP_GAP, 0.0)
    assert solver.Solve(params) == pywraplp.Solver.OPTIMAL
    chosen = [i for i in range(len(e)) if x[i].solution_value() > 0.5]
    return len(chosen), int(e.score[chosen].sum()) if chosen else 0


@FEW
@given(
    st.integers(0, 10_000),
    st.sampled_from([(10, 40), (20, 80), (30, 120)]),
    st.sampled_from(["structured", "loose"]),
)
def test_equals_the_exact_mip_up_to_30_by_120(seed, size, profile):
    inst = generate_instance(*size, seed=seed, profile=profile)
    wa, ra, e, _ = prepare(inst.workers, inst.requests)
    sol = solve_edges(e, wa.free_min, wa.free_slots, PATIENT)
    check_solution(e, wa.free_min, wa.free_slots, sol.chosen)
    best = reference_optimum(e, wa.free_min, wa.free_slots)
    assert sol.objective == best
    assert sol.proven_optimal
    assert (sol.bound.placed, sol.bound.score) == best


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_workers=6, max_requests=10))
def test_small_random_pools_equal_the_reference_mip(inst):
    ws, rs = inst
    result = assign(ws, rs, options=PATIENT)
    wa = encode_workers(ws)
    e = build_edges(wa, encode_requests(rs, wa))
    assert result.objective == reference_optimum(e, wa.free_min, wa.free_slots)
    assert result.proven_optimal


def _lp(e, wa, start, **kw):
    csr = _request_csr(e)
    caps = _count_caps(e, np.arange(len(e)), wa.free_min, _classes(e, csr))
    return lp_bound(e, wa.free_min, wa.free_slots, caps, start, **kw)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_workers=5, max_requests=6))
def test_lp_bound_is_valid_even_when_column_generation_stops_early(inst):
    ws, rs = inst
    wa = encode_workers(ws)
    e = build_edges(wa, encode_requests(rs, wa))
    placed, _ = brute_force(ws, rs)
    if len(e) == 0:
        return
    full = _lp(e, wa, np.arange(len(e)))
    assert full.exact and full.placed >= placed
    # one column, one round: the duals are poor, the priced-in bound must still hold (and be looser)
    early = _lp(e, wa, np.array([0]), max_rounds=1)
    assert early.value >= full.value - 1e-6
    assert early.placed >= placed
    # and generated to the end it reaches the full LP
    generated = _lp(e, wa, np.array([0]))
    assert abs(generated.value - full.value) < 1e-6


def test_lp_bound_is_tighter_than_max_flow_on_a_tight_pool():
    inst = generate_instance(100, 400, seed=1)
    wa, ra, e, _ = prepare(inst.workers, inst.requests)
    lp = solve_edges(e, wa.free_min, wa.free_slots, AssignOptions(exact_max_edges=0))
    flow = solve_edges(e, wa.free_min, wa.free_slots, AssignOptions(exact_max_edges=0, lp_bound=False))
    assert lp.bound.source == "lp" and flow.bound.source == "max-flow"
    assert lp.placed <= lp.bound.placed < flow.bound.placed
    # column generation from each request's best edges gives the same bound as the LP over all edges
    pruned = solve_edges(e, wa.free_min, wa.free_slots, AssignOptions(exact_max_edges=0, lp_full_max_edges=0))
    assert pruned.bound.placed == lp.bound.placed
    assert pruned.stats["lp"]["columns"] < len(e)


def test_exact_model_stopped_early_keeps_the_hint_and_reports_a_proven_bound():
    inst = generate_instance(300, 1200, seed=1)
    wa, ra, e, _ = prepare(inst.workers, inst.requests)
    heuristic = solve_edges(e, wa.free_min, wa.free_slots, AssignOptions(exact_max_edges=0))
    res = solve_exact(e, wa.free_min, wa.free_slots, heuristic.chosen, time_limit_s=0.05)
    # whatever HiGHS returns within its limit is feasible and no worse than the hint
    if res.chosen is not None:
        check_solution(e, wa.free_min, wa.free_slots, res.chosen)
        assert (res.chosen.size, int(e.score[res.chosen].sum())) >= heuristic.objective
    # stopped before its first LP it has no bound (None); otherwise the bound holds
    if res.placed_ub is not None:
        assert res.placed_ub >= max(heuristic.placed, res.chosen.size if res.chosen is not None else 0)
    if res.proven:
        assert res.placed_ub == res.chosen.size
