"""Property tests of the matching engine against plain-Python references (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ervaringswerk.matching.engine import (
    AssignOptions,
    Ranker,
    Request,
    Worker,
    assign,
    encode_requests,
    encode_workers,
    feasibility,
    greedy_assign,
    rank,
    score,
)
from ervaringswerk.matching.engine.edges import build_edges
from ervaringswerk.matching.engine.model import to_minutes

from .strategies import instances, pools, requests

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NO_EXACT = AssignOptions(exact_max_edges=0)  # flow + penalties + repair only (the path used at scale)
# ... and with pruned flows, so even tiny instances take the max-flow bound path of big pools
PRUNED = AssignOptions(exact_max_edges=0, relax_k=1, prune_k=1)


def brute_force(workers: list[Worker], reqs: list[Request]) -> tuple[int, int]:
    """Lexicographic optimum (placed, score) by enumeration, using only the reference Python rules."""
    options = []
    for r in reqs:
        opts = [(w, score(w, r)) for w in workers if not feasibility(w, r)]
        options.append(opts)
    free_min = {w.id: to_minutes(w.free_hours) for w in workers}
    free_slots = {w.id: w.free_slots for w in workers}
    best = (0, 0)

    def go(j: int, placed: int, total: int) -> None:
        nonlocal best
        if j == len(reqs):
            best = max(best, (placed, total))
            return
        if placed + (len(reqs) - j) < best[0]:
            return  # cannot reach the best number of placements any more
        r = reqs[j]
        need = to_minutes(r.hours)
        for w, s in options[j]:
            if free_min[w.id] >= need and (not r.needs_resident_slot or free_slots[w.id] >= 1):
                free_min[w.id] -= need
                free_slots[w.id] -= int(r.needs_resident_slot)
                go(j + 1, placed + 1, total + s)
                free_min[w.id] += need
                free_slots[w.id] += int(r.needs_resident_slot)
        go(j + 1, placed, total)

    go(0, 0, 0)
    return best


def assert_valid(workers: list[Worker], reqs: list[Request], result) -> None:
    """Every hard constraint, checked with the reference rules, independent of the engine's arrays."""
    by_w = {w.id: w for w in workers}
    by_r = {r.id: r for r in reqs}
    seen = set()
    used_min: dict[str, int] = {}
    used_slots: dict[str, int] = {}
    total = 0
    for p in result.pairs:
        assert p.request_id not in seen, "request assigned twice"
        seen.add(p.request_id)
        w, r = by_w[p.worker_id], by_r[p.request_id]
        assert feasibility(w, r) == [], f"infeasible pair {p}"
        assert p.score == score(w, r)
        used_min[w.id] = used_min.get(w.id, 0) + to_minutes(r.hours)
        used_slots[w.id] = used_slots.get(w.id, 0) + int(r.needs_resident_slot)
        total += p.score
    for wid, m in used_min.items():
        assert m <= to_minutes(by_w[wid].free_hours), f"hours exceeded for {wid}"
    for wid, s in used_slots.items():
        assert s <= by_w[wid].free_slots, f"resident slots exceeded for {wid}"
    assert result.placed == len(result.pairs)
    assert result.score == total
    assert set(result.unassigned) == {r.id for r in reqs} - seen


@SETTINGS
@given(instances(max_workers=6, max_requests=10))
def test_assignment_never_violates_a_constraint(inst):
    ws, rs = inst
    for options in (AssignOptions(), NO_EXACT, PRUNED):
        assert_valid(ws, rs, assign(ws, rs, options=options))
    assert_valid(ws, rs, greedy_assign(ws, rs))


@SETTINGS
@given(instances(max_workers=6, max_requests=10))
def test_optimal_is_never_worse_than_greedy(inst):
    # lexicographic: (placed, score); the engine places as many as possible first
    ws, rs = inst
    g = greedy_assign(ws, rs).objective
    assert assign(ws, rs).objective >= g
    assert assign(ws, rs, options=NO_EXACT).objective >= g
    assert assign(ws, rs, options=PRUNED).objective >= g


@SETTINGS
@given(instances(max_workers=5, max_requests=6))
def test_small_instances_equal_brute_force(inst):
    ws, rs = inst
    best = brute_force(ws, rs)
    result = assign(ws, rs)
    assert result.objective == best
    assert result.proven_optimal
    assert (result.bound.placed, result.bound.score) == best


@SETTINGS
@given(instances(max_workers=5, max_requests=6))
def test_flow_path_bound_is_valid_and_optimality_claims_hold(inst):
    ws, rs = inst
    best = brute_force(ws, rs)
    for options in (NO_EXACT, PRUNED):
        result = assign(ws, rs, options=options)
        assert result.objective <= best <= (result.bound.placed, result.bound.score)
        if result.proven_optimal:
            assert result.objective == best


@SETTINGS
@given(pools(max_workers=8), requests(), st.integers(1, 8))
def test_fast_ranking_equals_reference(ws, r, limit):
    ref = rank(ws, r, limit=None)
    fast = Ranker(ws).rank(r, limit=None)
    assert [(c.worker_id, c.score) for c in fast] == [(c.worker_id, c.score) for c in ref]
    assert fast == ref  # same factors and sentences too
    assert Ranker(ws).rank(r, limit=limit) == ref[:limit]


@SETTINGS
@given(instances(max_workers=8, max_requests=8))
def test_vectorised_edges_equal_reference_rules(inst):
    ws, rs = inst
    wa = encode_workers(ws)
    ra = encode_requests(rs, wa)
    e = build_edges(wa, ra)
    got = {
        (ra.ids[r], wa.ids[w]): s
        for r, w, s in zip(e.req.tolist(), e.wrk.tolist(), e.score.tolist(), strict=True)
    }
    want = {(r.id, w.id): score(w, r) for r in rs for w in ws if not feasibility(w, r)}
    assert got == want
