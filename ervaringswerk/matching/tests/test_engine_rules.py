"""Unit tests: each hard constraint, privacy of domains, Dutch explanations, ranking order, ties."""

from __future__ import annotations

import random
import re

import pytest

from ervaringswerk.matching.engine import (
    DEFAULT_WEIGHTS,
    FACTOR_CODES,
    REASON_CODES,
    AssignOptions,
    Ranker,
    Request,
    Weights,
    Worker,
    assign,
    exclusions,
    explain,
    feasibility,
    generate_instance,
    greedy_assign,
    rank,
    score,
    score_factors,
)
from ervaringswerk.matching.engine.batch import check_solution, greedy_edges, prepare, solve_edges

LABELS = {"armoede_schulden": "armoede en schulden", "ggz": "psychische problemen (GGZ)"}


def worker(**kw) -> Worker:
    base = {
        "id": "W1",
        "free_hours": 16,
        "weekly_hours": 16,
        "free_slots": 3,
        "domains": {"armoede_schulden", "ggz"},
        "neighbourhoods": {"Brandevoort"},
        "languages": {"nl", "ar"},
        "kinds": {"individueel", "groep"},
        "attributes": {"geslacht": "vrouw"},
    }
    base.update(kw)
    return Worker(**base)


def request(**kw) -> Request:
    base = {
        "id": "V1",
        "kind": "individueel",
        "hours": 2,
        "required_domains": {"armoede_schulden"},
        "neighbourhood": "Brandevoort",
        "language": "ar",
        "needs_resident_slot": True,
        "resident_code": "B-17",
    }
    base.update(kw)
    return Request(**base)


def codes(reasons) -> set[str]:
    return {r.code for r in reasons}


# ---------------------------------------------------------------- hard constraints, one by one


def test_feasible_pair_has_no_reasons():
    assert feasibility(worker(), request()) == []


@pytest.mark.parametrize(
    ("w_kw", "r_kw", "code"),
    [
        ({"available": False}, {}, "unavailable"),
        ({"kinds": {"groep"}}, {}, "kind"),
        ({"domains": {"ggz"}}, {}, "required_domain"),
        ({"excluded_themes": {"huiselijk_geweld"}}, {"themes": {"huiselijk_geweld"}}, "excluded_theme"),
        ({}, {"must_attributes": {"geslacht": "man"}}, "must_attribute"),
        ({"attributes": {}}, {"must_attributes": {"geslacht": "vrouw"}}, "must_attribute"),
        ({"free_hours": 1.5}, {"hours": 2}, "hours"),
        ({"free_slots": 0}, {}, "resident_slot"),
    ],
)
def test_each_hard_constraint_excludes_and_says_why(w_kw, r_kw, code):
    w, r = worker(**w_kw), request(**r_kw)
    reasons = feasibility(w, r, LABELS)
    assert codes(reasons) == {code}
    assert all(x.code in REASON_CODES for x in reasons)
    # excluded everywhere: ranking (both paths), edges, batch assignment
    assert rank([w], r) == []
    assert Ranker([w]).rank(r) == []
    assert exclusions([w], r, LABELS) == {"W1": reasons}
    result = assign([w], [r])
    assert result.pairs == ()
    assert result.unassigned["V1"][0].code == "no_candidates"


def test_reasons_are_dutch_and_specific():
    w = worker(free_hours=1.5, free_slots=0, kinds={"groep"}, domains=set(), available=False)
    texts = {x.code: x.text for x in feasibility(w, request(), LABELS)}
    assert texts["hours"] == "Heeft te weinig uren vrij: 1,5 uur per week vrij, 2 uur nodig."
    assert texts["kind"] == "Doet geen inzet van de soort 'individuele ondersteuning'."
    assert "armoede en schulden" in texts["required_domain"]
    assert texts["resident_slot"].startswith("Heeft geen plek meer voor nog een bewoner")
    assert texts["unavailable"].startswith("Is nu niet beschikbaar")


def test_slot_rule_only_for_requests_that_need_a_slot():
    w = worker(free_slots=0)
    assert feasibility(w, request(needs_resident_slot=False, kind="groep", resident_code=None)) == []


def test_hours_compare_in_whole_minutes_without_float_noise():
    # 0.1 + 0.2 style noise must not exclude an exact fit
    assert feasibility(worker(free_hours=0.1 + 0.2), request(hours=0.3)) == []


def test_private_domain_is_never_used():
    # The caller leaves private domains out of Worker.domains; the engine then treats the domain as
    # absent: a required one excludes, a preferred one scores nothing, and the reason does not hint at
    # a hidden domain.
    public = worker(domains={"ggz"})  # "armoede_schulden" kept private
    r = request(required_domains={"armoede_schulden"})
    reasons = feasibility(public, r, LABELS)
    assert codes(reasons) == {"required_domain"}
    assert "zichtbare" in reasons[0].text and "privé" not in reasons[0].text
    assert assign([public], [r]).placed == 0
    r2 = request(required_domains=set(), preferred_domains={"armoede_schulden"})
    pref = {f.code: f for f in score_factors(public, r2, labels=LABELS)}["preferred_domains"]
    assert pref.points == 0
    assert score(public, r2) == score(worker(domains=set()), r2)


# ---------------------------------------------------------------- score and explanations

DUTCH_LABELS = {
    "Vereiste ervaring",
    "Gewenste ervaring",
    "Wijk",
    "Taal",
    "Wensen",
    "Ruimte in uren",
    "Continuïteit",
    "Spreiding van werk",
    "Urgentie",
    "Aandachtspunt",
}
ENGLISH = re.compile(r"\b(the|and|has|hours|speaks|lives|works|match|matches|capacity|load)\b", re.I)


def test_explanations_are_dutch_and_name_the_factor():
    w = worker(
        residents={"B-17"},
        flags={"intervisie_achterstallig"},
        current_load_ratio=0.4,
        free_hours=6,
    )
    r = request(preferred_domains={"ggz"}, wish_attributes={"geslacht": "vrouw"}, urgency=3, waiting_days=21)
    cand = explain(w, r, labels=LABELS)
    assert not isinstance(cand, list)
    by_code = {f.code: f for f in cand.factors}
    assert set(by_code) == set(FACTOR_CODES)
    for f in cand.factors:
        assert f.label in DUTCH_LABELS
        assert f.text.endswith(".") and not ENGLISH.search(f.text), f.text
    assert by_code["neighbourhood"].text == "Woont of werkt in de wijk Brandevoort."
    assert by_code["language"].text == "Spreekt Arabisch, de gevraagde taal."
    assert by_code["continuity"].text == "Heeft deze bewoner eerder ondersteund (continuïteit)."
    assert by_code["capacity"].text == "Nog 6 van 16 uur per week vrij; na deze inzet 4 uur."
    assert by_code["flags"].points < 0 and "intervisie achterstallig" in by_code["flags"].text
    assert "Urgentie hoog" in by_code["urgency"].text
    assert cand.score == sum(f.points for f in cand.factors) == score(w, r)


def test_each_factor_moves_the_score_as_documented():
    w, r, d = worker(), request(), DEFAULT_WEIGHTS
    base = score(w, r)
    assert score(w, request(neighbourhood="Centrum")) == base - d.neighbourhood
    assert score(w, request(language="tr")) == base - d.language
    assert score(worker(residents={"B-17"}), r) == base + d.continuity
    assert score(w, request(preferred_domains={"ggz"})) == base + d.preferred_domain
    assert score(w, request(wish_attributes={"geslacht": "vrouw"})) == base + d.wish_attribute
    assert score(w, request(wish_attributes={"geslacht": "man"})) == base
    assert score(w, request(urgency=3)) == base + 2 * d.urgency
    assert score(worker(flags={"intervisie_achterstallig"}), r) == base - 10
    assert score(worker(current_load_ratio=1.0), r) == base - d.workload
    assert score(worker(free_hours=2, weekly_hours=16), r) < base  # less room left after the request


def test_weights_are_overridable_and_validated():
    w, r = worker(), request()
    heavy = DEFAULT_WEIGHTS.replace(neighbourhood=100, flag_penalties={"intervisie_achterstallig": -50})
    assert score(w, r, heavy) == score(w, r) + 75
    assert score(worker(flags={"intervisie_achterstallig"}), r, heavy) == score(w, r, heavy) - 50
    with pytest.raises(ValueError):
        Weights(language=-1)
    assert Ranker([w]).rank(r, weights=heavy)[0].score == score(w, r, heavy)


# ---------------------------------------------------------------- ranking


def test_ranking_order_best_first():
    ws = [
        worker(id="far", neighbourhoods={"Centrum"}, languages={"nl"}),
        worker(id="near", neighbourhoods={"Brandevoort"}, languages={"nl"}),
        worker(id="near-ar", neighbourhoods={"Brandevoort"}, languages={"nl", "ar"}),
        worker(id="continuity", neighbourhoods={"Centrum"}, languages={"nl", "ar"}, residents={"B-17"}),
        worker(id="excluded", free_slots=0),
    ]
    r = request()
    got = [c.worker_id for c in rank(ws, r)]
    assert got == ["continuity", "near-ar", "near", "far"]
    assert [c.worker_id for c in Ranker(ws).rank(r)] == got
    assert [c.worker_id for c in rank(ws, r, limit=2)] == got[:2]
    assert set(exclusions(ws, r)) == {"excluded"}
    # after a decline the next candidate moves up (offer workflow)
    declined = {"continuity"}
    assert [c.worker_id for c in rank(ws, r, exclude=declined)] == got[1:]
    assert [c.worker_id for c in Ranker(ws).rank(r, limit=1, exclude=declined)] == ["near-ar"]


def test_ties_are_broken_by_id_whatever_the_input_order():
    ws = [worker(id=f"W{i:02d}") for i in range(12)]
    r = request()
    expected = [f"W{i:02d}" for i in range(12)]
    for seed in range(5):
        shuffled = ws[:]
        random.Random(seed).shuffle(shuffled)
        assert [c.worker_id for c in rank(shuffled, r, limit=None)] == expected
        assert [c.worker_id for c in Ranker(shuffled).rank(r, limit=None)] == expected


def test_batch_results_are_deterministic_and_independent_of_input_order():
    inst = generate_instance(40, 160, seed=3)
    first = assign(inst.workers, inst.requests, options=AssignOptions(exact_max_edges=0))
    ws, rs = inst.workers[:], inst.requests[:]
    random.Random(1).shuffle(ws)
    random.Random(2).shuffle(rs)
    again = assign(ws, rs, options=AssignOptions(exact_max_edges=0))
    assert again.pairs == first.pairs
    assert again.objective == first.objective


def test_unknown_codes_are_handled_on_the_fast_path():
    ws = [worker()]
    assert Ranker(ws).rank(request(kind="onderzoek")) == []
    assert Ranker(ws).rank(request(required_domains={"onbekend"})) == []
    assert Ranker(ws).rank(request(language="xx")) == rank(ws, request(language="xx"))


# ---------------------------------------------------------------- batch


def test_continuity_wins_in_a_batch():
    ws = [worker(id="A", free_slots=1), worker(id="B", free_slots=1, residents={"B-17"})]
    result = assign(ws, [request()])
    assert [(p.request_id, p.worker_id) for p in result.pairs] == [("V1", "B")]


def test_optimal_places_more_than_greedy_on_a_classic_trap():
    # Greedy gives the only worker A can serve away to the request B could also take.
    ws = [
        worker(id="A", free_slots=1, neighbourhoods={"Brandevoort"}),
        worker(id="B", free_slots=1, neighbourhoods={"Centrum"}, domains={"ggz"}),
    ]
    rs = [
        request(id="V1", required_domains={"armoede_schulden"}, language="tr", resident_code=None),  # only A
        request(id="V2", required_domains={"ggz"}, resident_code=None),  # A (higher: wijk) or B
    ]
    g = greedy_assign(ws, rs)
    o = assign(ws, rs)
    assert g.placed == 1 and o.placed == 2
    assert {p.request_id: p.worker_id for p in o.pairs} == {"V1": "A", "V2": "B"}
    assert o.unassigned == {}
    assert g.unassigned["V1"][0].code == "capacity"


def test_hours_are_never_exceeded_on_a_generated_tight_instance():
    inst = generate_instance(60, 600, seed=11)
    wa, ra, e, _ = prepare(inst.workers, inst.requests)
    sol = solve_edges(e, wa.free_min, wa.free_slots, AssignOptions(exact_max_edges=0))
    check_solution(e, wa.free_min, wa.free_slots, sol.chosen)
    g = greedy_edges(e, wa.free_min, wa.free_slots)
    check_solution(e, wa.free_min, wa.free_slots, g)
    assert sol.stats["relax_overloaded_workers"] > 0  # hours really bind here
    assert sol.objective >= (g.size, int(e.score[g].sum()))
    assert sol.bound.placed >= sol.placed


def test_check_solution_catches_overbooking():
    inst = generate_instance(10, 80, seed=5)
    wa, ra, e, _ = prepare(inst.workers, inst.requests)
    import numpy as np

    with pytest.raises(AssertionError):
        check_solution(e, wa.free_min, wa.free_slots, np.arange(len(e)))


def test_validation_of_inputs():
    with pytest.raises(ValueError):
        worker(free_hours=-1)
    with pytest.raises(ValueError):
        worker(current_load_ratio=1.5)
    with pytest.raises(ValueError):
        request(urgency=4)
    with pytest.raises(ValueError):
        assign([worker(), worker()], [request()])  # duplicate worker ids


def test_edge_blocks_give_the_same_edges(monkeypatch):
    import ervaringswerk.matching.engine.edges as edges_module
    from ervaringswerk.matching.engine import build_edges, encode_requests, encode_workers

    inst = generate_instance(30, 300, seed=8)
    wa = encode_workers(inst.workers)
    ra = encode_requests(inst.requests, wa)
    whole = build_edges(wa, ra)
    monkeypatch.setattr(edges_module, "_CHUNK_EDGES", 7)
    blocked = build_edges(wa, ra)
    assert len(whole) > 100
    for name in ("req", "wrk", "score", "minutes", "slot"):
        assert (getattr(whole, name) == getattr(blocked, name)).all()
