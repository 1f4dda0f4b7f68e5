"""Matching benchmark: ``python -m bench.matching [--quick]``.

Scenarios (generated, structured and tight: few candidates per request, capacity ≈ demand):

* **city** — 2,000 peer workers, 20,000 open requests, one pool.
* **nation** — 20,000 peer workers, 200,000 requests, split into 12 regions of unequal size (like
  provinces / regional pools) that are encoded, built and solved one after the other; figures are sums
  (times, placed, score) or maxima (memory) over the regions. Pools never share workers across regions
  in the product, so this is the real shape of the problem, not a shortcut.

Per scenario: encode time (objects → arrays), edge-build time, optimal solve time (wall and CPU),
greedy baseline (time, placed, score), the ratio of solve time to edge-build time, the proven bound and
gap, peak memory, and single-request ranking latency (median / p95 over 200 requests against 2,000
workers). Results: a table on stdout and ``bench/results/matching-<timestamp>.json``.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import gc
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from ervaringswerk.matching.engine import (
    AssignOptions,
    Ranker,
    check_solution,
    generate_instance,
    greedy_edges,
    prepare,
    solve_edges,
)
from ervaringswerk.matching.engine.batch import placement_bound
from ervaringswerk.matching.engine.exact import solve_exact

RESULTS = Path(__file__).resolve().parent / "results"
EXACT_SIZES = ((100, 400), (300, 1200), (500, 2000))
EXACT_SEEDS = (1, 2, 3)
NATION_SHARES = (0.17, 0.14, 0.12, 0.1, 0.09, 0.08, 0.07, 0.06, 0.05, 0.05, 0.04, 0.03)


def _reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark (Linux >= 4.0) so a phase's own peak can be read."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _rss_mb(field: str) -> float:
    """VmHWM (peak) or VmRSS (current) of this process in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_pool(
    n_workers: int,
    n_requests: int,
    seed: int,
    options: AssignOptions,
    prefix: str = "",
    profile: str = "structured",
    repeats: int = 1,
    reset_peak: bool = True,
    tight_bound: bool = False,
) -> dict:
    """Generate, encode, build, solve and compare with greedy for one pool."""
    inst = generate_instance(n_workers, n_requests, seed=seed, profile=profile, id_prefix=prefix)
    gc.collect()
    tracemalloc.start()
    c0 = time.process_time()
    wa, ra, e, times = prepare(inst.workers, inst.requests)
    c1 = time.process_time()
    _, peak_build = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del inst
    gc.collect()

    rss_before = _rss_mb("VmRSS")
    reset = _reset_peak_rss() if reset_peak else False
    t = time.perf_counter()
    c2 = time.process_time()
    sol = solve_edges(e, wa.free_min, wa.free_slots, options)
    solve_runs = [time.perf_counter() - t]
    solve_cpu_runs = [time.process_time() - c2]
    solve_peak = _rss_mb("VmHWM") if reset else float("nan")
    # The solve is deterministic; repeating it and taking the median keeps one noisy moment on a
    # shared machine from deciding the figure (min and max are kept in the JSON).
    for _ in range(repeats - 1):
        t = time.perf_counter()
        c2 = time.process_time()
        again = solve_edges(e, wa.free_min, wa.free_slots, options)
        solve_runs.append(time.perf_counter() - t)
        solve_cpu_runs.append(time.process_time() - c2)
        assert again.objective == sol.objective, "the solve must be deterministic"
    solve_s = statistics.median(solve_runs)
    solve_cpu = statistics.median(solve_cpu_runs)
    check_solution(e, wa.free_min, wa.free_slots, sol.chosen)

    t = time.perf_counter()
    g = greedy_edges(e, wa.free_min, wa.free_slots)
    greedy_s = time.perf_counter() - t
    tight_placed, tight_s, tight_cpu, tight_info = sol.bound.placed, 0.0, 0.0, None
    if tight_bound and sol.bound.source == "max-flow":
        # the LP bound the product skips at this size (it costs far more than the proposal)
        t, c = time.perf_counter(), time.process_time()
        lp = placement_bound(e, wa.free_min, wa.free_slots)
        tight_s, tight_cpu = time.perf_counter() - t, time.process_time() - c
        tight_placed = min(tight_placed, lp.placed)
        tight_info = {"value": lp.value, "columns": lp.columns, "rounds": lp.rounds, "full": lp.exact}
    check_solution(e, wa.free_min, wa.free_slots, g)
    g_obj = (int(g.size), int(e.score[g].sum()))
    s = sol.stats
    return {
        "workers": n_workers,
        "requests": n_requests,
        "edges": len(e),
        "candidates_per_request": len(e) / max(n_requests, 1),
        "encode_s": times["encode_s"],
        "edges_s": times["edges_s"],
        "prepare_cpu_s": c1 - c0,
        "solve_s": solve_s,
        "solve_cpu_s": solve_cpu,
        "solve_runs_s": solve_runs,
        "relax_s": s.get("relax_s", 0.0),
        "repair_s": s.get("repair_s", 0.0),
        "penalty_s": s.get("penalty_s", 0.0),
        "greedy_guard_s": s.get("greedy_guard_s", 0.0),
        "rounds": s.get("rounds", 0),
        "relax_overloaded_workers": s.get("relax_overloaded_workers", 0),
        "method": sol.method,
        "placed": sol.placed,
        "score": sol.score,
        "after_repair": s.get("after_repair"),
        "bound_placed": sol.bound.placed,
        "bound_score": sol.bound.score,
        "bound_source": sol.bound.source,
        "lp": s.get("lp") or tight_info,
        "tight_bound_placed": tight_placed,
        "tight_bound_s": tight_s,
        "tight_bound_cpu_s": tight_cpu,
        "proven_optimal": sol.proven_optimal,
        "greedy_s": greedy_s,
        "greedy_placed": g_obj[0],
        "greedy_score": g_obj[1],
        "peak_build_tracemalloc_mb": peak_build / 2**20,
        "rss_before_solve_mb": rss_before,
        "peak_rss_during_solve_mb": solve_peak,
        "solve_extra_peak_mb": solve_peak - rss_before,
        "bound_s": s.get("bound_s", 0.0),
        "exact_s": s.get("exact_s", 0.0),
        "exact": s.get("exact"),
        "order_s": s.get("order_s", 0.0),
        "flows": s.get("flows", []),
        "round_objectives": s.get("round_objectives", []),
    }


def exact_check(n_workers: int, n_requests: int, seed: int, options: AssignOptions, limit_s: float) -> dict:
    """The proposal and greedy against the exact optimum: the exact MIP again, warm-started with the
    proposal, with a generous time limit. When even that does not prove it, the best known solution and
    the MIP's proven bound are both reported (the true optimum lies between them)."""
    inst = generate_instance(n_workers, n_requests, seed=seed)
    wa, ra, e, times = prepare(inst.workers, inst.requests)
    fm, fs = wa.free_min, wa.free_slots
    t, c = time.perf_counter(), time.process_time()
    sol = solve_edges(e, fm, fs, options)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    check_solution(e, fm, fs, sol.chosen)
    g = greedy_edges(e, fm, fs)
    check_solution(e, fm, fs, g)
    t, c = time.perf_counter(), time.process_time()
    ref = solve_exact(e, fm, fs, sol.chosen, limit_s)
    ref_wall, ref_cpu = time.perf_counter() - t, time.process_time() - c
    best = sol.objective
    if ref.chosen is not None:
        check_solution(e, fm, fs, ref.chosen)
        best = max(best, (int(ref.chosen.size), int(e.score[ref.chosen].sum())))
    proven = ref.proven or sol.proven_optimal
    ub = best[0] if proven else min(x for x in (ref.placed_ub, sol.bound.placed) if x is not None)
    return {
        "workers": n_workers,
        "requests": n_requests,
        "seed": seed,
        "edges": len(e),
        "edges_s": times["edges_s"],
        "solve_s": wall,
        "solve_cpu_s": cpu,
        "placed": sol.placed,
        "score": sol.score,
        "method": sol.method,
        "proposal_proven": sol.proven_optimal,
        "proposal_bound": [sol.bound.placed, sol.bound.score, sol.bound.source],
        "lp": sol.stats.get("lp"),
        "exact_stats": sol.stats.get("exact"),
        "greedy_placed": int(g.size),
        "greedy_score": int(e.score[g].sum()),
        "optimum_placed": best[0],
        "optimum_score": best[1],
        "optimum_proven": proven,
        "optimum_bound_placed": ub,
        "reference_s": ref_wall,
        "reference_cpu_s": ref_cpu,
        "reference_status": ref.stats.get("status"),
        "share": sol.placed / max(best[0], 1),
        "greedy_share": int(g.size) / max(best[0], 1),
        "share_of_bound": sol.placed / max(ub, 1),
    }


def _region(job: tuple) -> dict:
    """One nation region in a worker process; the process's whole peak RSS is kept (no reset)."""
    i, nw, nr, seed, options, profile = job
    t = time.perf_counter()
    out = run_pool(nw, nr, seed, options, prefix=f"R{i:02d}-", profile=profile, reset_peak=False)
    out["region"] = i
    out["pid"] = os.getpid()
    out["task_wall_s"] = time.perf_counter() - t
    out["process_peak_rss_mb"] = _rss_mb("VmHWM")
    gc.collect()
    return out


def run_nation_parallel(options: AssignOptions, seed: int, profile: str, processes: int) -> tuple[list, dict]:
    """The twelve regions in ``processes`` worker processes (largest first, so the tail is short)."""
    jobs = [
        (i, round(20000 * share), round(200000 * share), seed * 100 + i, options, profile)
        for i, share in enumerate(NATION_SHARES)
    ]
    t = time.perf_counter()
    ctx = __import__("multiprocessing").get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=processes, mp_context=ctx) as ex:
        parts = list(ex.map(_region, jobs))
    wall = time.perf_counter() - t
    by_pid: dict[int, dict] = {}
    for p in parts:
        d = by_pid.setdefault(p["pid"], {"peak_mb": 0.0, "product_s": 0.0, "regions": []})
        d["peak_mb"] = max(d["peak_mb"], p["process_peak_rss_mb"])
        # what the product does per region: encode, build the edges, solve (not generating test data)
        d["product_s"] += p["encode_s"] + p["edges_s"] + p["solve_s"]
        d["regions"].append(p["region"])
    info = {
        "processes": processes,
        "wall_s_incl_generating_data": wall,
        "product_wall_s": max(d["product_s"] for d in by_pid.values()),
        "peak_rss_all_processes_mb": sum(d["peak_mb"] for d in by_pid.values()),
        "per_process": {str(k): v for k, v in by_pid.items()},
    }
    return sorted(parts, key=lambda p: p["region"]), info


def exact_table(rows: list[dict]) -> str:
    head = (
        f"{'pool':>11} {'seed':>4} {'edges':>6} {'optimum':>8} {'proven':>6} {'proposal':>8} {'share':>7} "
        f"{'greedy':>6} {'share':>7} {'ours proven':>11} {'solve s':>7} {'cpu s':>6} {'MIP s':>6}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        opt = (
            f"{r['optimum_placed']}"
            if r["optimum_proven"]
            else f"{r['optimum_placed']}-{r['optimum_bound_placed']}"
        )
        lines.append(
            f"{r['workers']:>5} × {r['requests']:<4} {r['seed']:>4} {r['edges']:>6} {opt:>8} "
            f"{'yes' if r['optimum_proven'] else 'no':>6} {r['placed']:>8} {100 * r['share']:>6.2f}% "
            f"{r['greedy_placed']:>6} {100 * r['greedy_share']:>6.2f}% "
            f"{'yes' if r['proposal_proven'] else 'no':>11} {r['solve_s']:>7.2f} {r['solve_cpu_s']:>6.2f} "
            f"{r['reference_s']:>6.1f}"
        )
    lines.append(
        "optimum: proven by the MIP (or 'best known-bound' when even the generous limit did not prove it); "
        "share = placed / optimum (best known)"
    )
    return "\n".join(lines)


def ranking_latency(n_workers: int = 2000, n_requests: int = 200, seed: int = 7) -> dict:
    # the city pool (capacity sized for 20,000 requests); rank 200 of its requests one by one
    inst = generate_instance(n_workers, 10 * n_workers, seed=seed, profile="structured")
    inst.requests = inst.requests[:: len(inst.requests) // n_requests][:n_requests]
    t = time.perf_counter()
    ranker = Ranker(inst.workers)
    encode_ms = (time.perf_counter() - t) * 1000
    for r in inst.requests[:10]:  # warm-up
        ranker.rank(r)
    lat, lat_arrays, n_cand = [], [], []
    for r in inst.requests:
        t = time.perf_counter()
        idx, _ = ranker.scores(r)
        lat_arrays.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        ranker.rank(r, limit=20)
        lat.append((time.perf_counter() - t) * 1000)
        n_cand.append(int(idx.size))

    def p95(xs):
        return float(np.percentile(xs, 95))

    return {
        "workers": n_workers,
        "requests": n_requests,
        "pool_encode_ms": encode_ms,
        "rank_top20_with_explanations_ms_median": statistics.median(lat),
        "rank_top20_with_explanations_ms_p95": p95(lat),
        "scores_only_ms_median": statistics.median(lat_arrays),
        "scores_only_ms_p95": p95(lat_arrays),
        "feasible_candidates_median": statistics.median(n_cand),
    }


def summarise(name: str, parts: list[dict]) -> dict:
    tot = {k: sum(p[k] for p in parts) for k in parts[0] if isinstance(parts[0][k], int | float)}
    out = {
        "scenario": name,
        "regions": len(parts),
        "workers": tot["workers"],
        "requests": tot["requests"],
        "edges": tot["edges"],
        "encode_s": tot["encode_s"],
        "edges_s": tot["edges_s"],
        "solve_s": tot["solve_s"],
        "solve_cpu_s": tot["solve_cpu_s"],
        "relax_s": tot["relax_s"],
        "max_region_solve_s": max(p["solve_s"] for p in parts),
        "greedy_s": tot["greedy_s"],
        "placed": tot["placed"],
        "score": tot["score"],
        "greedy_placed": tot["greedy_placed"],
        "greedy_score": tot["greedy_score"],
        "bound_placed": tot["bound_placed"],
        "bound_score": tot["bound_score"],
        "tight_bound_placed": tot["tight_bound_placed"],
        "tight_bound_s": tot["tight_bound_s"],
        "peak_build_tracemalloc_mb": max(p["peak_build_tracemalloc_mb"] for p in parts),
        "peak_rss_during_solve_mb": max(p["peak_rss_during_solve_mb"] for p in parts),
        "solve_extra_peak_mb": max(p["solve_extra_peak_mb"] for p in parts),
        "methods": sorted({p["method"] for p in parts}),
        "solve_runs_s": [p["solve_runs_s"] for p in parts],
    }
    out["placed_vs_greedy"] = out["placed"] / max(out["greedy_placed"], 1)
    out["score_vs_greedy"] = out["score"] / max(out["greedy_score"], 1)
    out["placed_share_of_bound"] = out["placed"] / max(out["bound_placed"], 1)
    out["greedy_placed_share_of_bound"] = out["greedy_placed"] / max(out["bound_placed"], 1)
    out["placed_share_of_tight_bound"] = out["placed"] / max(out["tight_bound_placed"], 1)
    out["greedy_share_of_tight_bound"] = out["greedy_placed"] / max(out["tight_bound_placed"], 1)
    out["solve_over_edges_build"] = out["solve_s"] / max(out["edges_s"], 1e-9)
    out["regions_detail"] = parts
    return out


def table(rows: list[dict], ranking: dict) -> str:
    cols = [
        ("scenario", "{:<8}", "scenario"),
        ("workers", "{:>7}", "workers"),
        ("requests", "{:>8}", "requests"),
        ("edges", "{:>9}", "edges"),
        ("encode s", "{:>8.2f}", "encode_s"),
        ("build s", "{:>7.2f}", "edges_s"),
        ("solve s", "{:>7.2f}", "solve_s"),
        ("cpu s", "{:>6.2f}", "solve_cpu_s"),
        ("solve/build", "{:>11.1f}", "solve_over_edges_build"),
        ("greedy s", "{:>8.2f}", "greedy_s"),
        ("placed", "{:>7}", "placed"),
        ("greedy", "{:>7}", "greedy_placed"),
        ("placed/gr", "{:>9.4f}", "placed_vs_greedy"),
        ("score/gr", "{:>8.4f}", "score_vs_greedy"),
        ("bound", "{:>7}", "bound_placed"),
        ("of bound", "{:>8.4f}", "placed_share_of_bound"),
        ("gr of bound", "{:>11.4f}", "greedy_placed_share_of_bound"),
        ("tight", "{:>7}", "tight_bound_placed"),
        ("of tight", "{:>8.4f}", "placed_share_of_tight_bound"),
        ("gr tight", "{:>8.4f}", "greedy_share_of_tight_bound"),
        ("solve MB", "{:>8.0f}", "peak_rss_during_solve_mb"),
    ]
    widths = [max([len(h)] + [len(f.format(r[k])) for r in rows]) for h, f, k in cols]
    lines = [
        " ".join(
            h.rjust(w) if i else h.ljust(w) for i, ((h, _, _), w) in enumerate(zip(cols, widths, strict=True))
        )
    ]
    lines.append("-" * len(lines[0]))
    for r in rows:
        lines.append(
            " ".join(
                f.format(r[k]).rjust(w) if i else f.format(r[k]).ljust(w)
                for i, ((_, f, k), w) in enumerate(zip(cols, widths, strict=True))
            )
        )
    lines.append("")
    lines.append(
        f"ranking 1 request × {ranking['workers']} workers: top 20 with explanations "
        f"median {ranking['rank_top20_with_explanations_ms_median']:.2f} ms, "
        f"p95 {ranking['rank_top20_with_explanations_ms_p95']:.2f} ms; scores only median "
        f"{ranking['scores_only_ms_median']:.3f} ms, p95 {ranking['scores_only_ms_p95']:.3f} ms "
        f"(pool encoded once in {ranking['pool_encode_ms']:.0f} ms; median "
        f"{ranking['feasible_candidates_median']:.0f} feasible workers per request)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="city only (< 60 s)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=None, help="penalty rounds (default: engine default)")
    ap.add_argument(
        "--profile",
        choices=("structured", "loose"),
        default="structured",
        help="instance profile (quality gates use structured)",
    )
    ap.add_argument(
        "--exact-limit", type=float, default=45.0, help="seconds for the reference MIP per pool (generous)"
    )
    ap.add_argument("--no-exact", action="store_true", help="skip the comparison with the exact optimum")
    ap.add_argument("--processes", type=int, default=os.cpu_count() or 2, help="nation: worker processes")
    args = ap.parse_args(argv)
    options = AssignOptions() if args.rounds is None else AssignOptions(penalty_rounds=args.rounds)
    started = time.perf_counter()
    load_before = os.getloadavg()
    rows = []
    exact_rows = []
    if not args.no_exact:
        for nw, nr in EXACT_SIZES:
            for seed in EXACT_SEEDS:
                print(f"exact check {nw} × {nr}, seed {seed} ...", file=sys.stderr, flush=True)
                row = exact_check(nw, nr, seed, options, args.exact_limit)
                exact_rows.append(row)
                print("  " + exact_table([row]).splitlines()[2], file=sys.stderr, flush=True)
    print("city: 2,000 workers × 20,000 requests ...", file=sys.stderr, flush=True)
    city = run_pool(2000, 20000, args.seed, options, profile=args.profile, repeats=3, tight_bound=True)
    rows.append(summarise("city", [city]))
    nation_info = None
    if not args.quick:
        print(f"nation: 12 regions in {args.processes} processes ...", file=sys.stderr, flush=True)
        parts, nation_info = run_nation_parallel(options, args.seed, args.profile, args.processes)
        nation = summarise("nation", parts)
        nation["parallel"] = nation_info
        rows.append(nation)
    ranking = ranking_latency()
    result = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "profile": args.profile,
        "seed": args.seed,
        "options": {k: getattr(options, k) for k in options.__dataclass_fields__},
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "numpy": np.__version__,
            "loadavg_before": load_before,
            "loadavg_after": os.getloadavg(),
        },
        "scenarios": rows,
        "exact_checks": exact_rows,
        "ranking": ranking,
        "total_s": time.perf_counter() - started,
    }
    if exact_rows:
        print(exact_table(exact_rows))
        print()
    print(table(rows, ranking))
    city_row = rows[0]
    print(
        f"city: edge build + solve {city_row['edges_s'] + city_row['solve_s']:.2f} s wall "
        f"(build {city_row['edges_s']:.2f}, solve {city_row['solve_s']:.2f} median of 3, cpu "
        f"{city_row['solve_cpu_s']:.2f}); placed {city_row['placed']} of at most "
        f"{city_row['tight_bound_placed']} (LP bound, {city_row['tight_bound_s']:.1f} s extra) = "
        f"{100 * city_row['placed_share_of_tight_bound']:.2f} %; greedy "
        f"{100 * city_row['greedy_share_of_tight_bound']:.2f} %"
    )
    if nation_info:
        nr = rows[1]
        print(
            f"nation: {nation_info['processes']} processes, wall {nation_info['product_wall_s']:.2f} s for "
            f"encode + build + solve (slowest process; {nation_info['wall_s_incl_generating_data']:.2f} s "
            f"including generating the invented data), peak RSS of all processes together "
            f"{nation_info['peak_rss_all_processes_mb']:.0f} MB; placed {nr['placed']} of at most "
            f"{nr['bound_placed']} = {100 * nr['placed_share_of_bound']:.2f} %"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"matching-{stamp}.json"
    path.write_text(json.dumps(result, indent=2, default=float))
    print(f"\nwritten {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    print(f"load average before/after: {load_before[0]:.2f} / {result['machine']['loadavg_after'][0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
