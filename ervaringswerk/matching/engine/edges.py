"""Vectorised candidate edges (feasible worker × request pairs) with their integer scores.

No per-pair Python. The work is O(signatures × workers + edges), not O(requests × workers):

1. Requests are grouped by their *primary signature* (kind, required domains, needs a resident slot).
   A city has a few hundred distinct signatures for tens of thousands of requests.
2. One boolean matrix signatures × workers (in blocks) applies availability, kind, required domains
   and the free-slot rule. Its true cells are sorted by (signature, free minutes).
3. The hours rule "request minutes <= worker free minutes" then selects a *suffix* of its signature's
   list, found for all requests at once with one ``searchsorted``; the suffixes are expanded with
   ``repeat``/``arange`` arithmetic.
4. The rarer per-pair rules (boundaries/themes, must attributes) filter the expanded edges.
5. Scores are summed from per-request constants, per-worker constants and per-edge bit tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .encode import RequestArrays, WorkerArrays, bit_set, popcount_rows
from .weights import DEFAULT_WEIGHTS, Weights

_BLOCK_CELLS = 4_000_000
_CHUNK_EDGES = 1_000_000


@dataclass(eq=False)
class Edges:
    """Candidate edges, grouped by request. Indices refer to the sorted ids of the encoded arrays."""

    req: np.ndarray  # int32 request index
    wrk: np.ndarray  # int32 worker index
    score: np.ndarray  # int32
    minutes: np.ndarray  # int32, the request's minutes per week
    slot: np.ndarray  # bool, the request uses a resident slot
    n_requests: int
    n_workers: int

    def __len__(self) -> int:
        return int(self.req.size)

    def subset(self, mask_or_idx: np.ndarray) -> Edges:
        return Edges(
            self.req[mask_or_idx],
            self.wrk[mask_or_idx],
            self.score[mask_or_idx],
            self.minutes[mask_or_idx],
            self.slot[mask_or_idx],
            self.n_requests,
            self.n_workers,
        )


def _rows_subset(masks: np.ndarray, need: np.ndarray) -> np.ndarray:
    """(S, W) matrix: worker w has every bit of need[s] (masks (W, k), need (S, k))."""
    out: np.ndarray | None = None
    for k in range(masks.shape[1]):
        part = (masks[None, :, k] & need[:, None, k]) == need[:, None, k]
        out = part if out is None else out & part
    assert out is not None  # masks have at least one word
    return out


def build_edges(wa: WorkerArrays, ra: RequestArrays, weights: Weights = DEFAULT_WEIGHTS) -> Edges:
    nw, nr = wa.n, ra.n
    empty = Edges(
        np.empty(0, np.int32),
        np.empty(0, np.int32),
        np.empty(0, np.int32),
        np.empty(0, np.int32),
        np.empty(0, bool),
        nr,
        nw,
    )
    if nw == 0 or nr == 0:
        return empty
    live = np.flatnonzero(~ra.impossible)
    if live.size == 0:
        return empty
    # 1. primary signatures
    sig_cols = np.concatenate(
        [ra.kind[live], ra.required[live], ra.needs_slot[live, None].astype(np.uint64)], axis=1
    )
    sigs, sig_of = np.unique(sig_cols, axis=0, return_inverse=True)
    sig_of = sig_of.reshape(-1)
    nk = ra.kind.shape[1]
    nd = ra.required.shape[1]
    s_kind, s_req, s_slot = sigs[:, :nk], sigs[:, nk : nk + nd], sigs[:, -1].astype(bool)
    # 2. signatures × workers, blockwise
    n_sig = sigs.shape[0]
    block = max(1, _BLOCK_CELLS // max(nw, 1))
    base_ok = wa.available
    has_slot = wa.free_slots >= 1
    sig_parts, wrk_parts = [], []
    for lo in range(0, n_sig, block):
        hi = min(n_sig, lo + block)
        m = _rows_subset(wa.kinds, s_kind[lo:hi]) & _rows_subset(wa.domains, s_req[lo:hi]) & base_ok[None, :]
        m &= ~s_slot[lo:hi, None] | has_slot[None, :]
        s_i, w_i = np.nonzero(m)
        sig_parts.append(s_i + lo)
        wrk_parts.append(w_i)
    seg_sig = np.concatenate(sig_parts).astype(np.int64)
    seg_wrk = np.concatenate(wrk_parts).astype(np.int64)
    # sort each signature's workers by free minutes (then index, for determinism)
    fm = wa.free_min[seg_wrk]
    order = np.lexsort((seg_wrk, fm, seg_sig))
    seg_sig, seg_wrk, fm = seg_sig[order], seg_wrk[order], fm[order]
    span = int(wa.free_min.max()) + 2
    key = seg_sig * span + fm
    seg_end = np.searchsorted(seg_sig, np.arange(n_sig) + 1, side="left")
    # 3. hours: suffix of the signature's list
    r_min = ra.minutes[live]
    start = np.searchsorted(key, sig_of * span + np.minimum(r_min, span - 1), side="left")
    end = seg_end[sig_of]
    counts = np.maximum(end - start, 0)
    if int(counts.sum()) == 0:
        return empty
    tricky = (ra.themes != 0).any(axis=1) | (ra.must != 0).any(axis=1)
    # steps 4-5 in blocks of requests (about _CHUNK_EDGES edges each) to bound the temporary memory
    cum = np.cumsum(counts)
    cuts = np.searchsorted(cum, np.arange(_CHUNK_EDGES, int(cum[-1]), _CHUNK_EDGES), side="left") + 1
    parts = []
    for lo, hi in zip(np.r_[0, cuts], np.r_[cuts, live.size], strict=True):
        if hi > lo:
            parts.append(_expand(wa, ra, weights, live[lo:hi], start[lo:hi], counts[lo:hi], seg_wrk, tricky))
    return Edges(
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
        np.concatenate([p[3] for p in parts]),
        np.concatenate([p[4] for p in parts]),
        nr,
        nw,
    )


def _expand(
    wa: WorkerArrays,
    ra: RequestArrays,
    weights: Weights,
    live: np.ndarray,
    start: np.ndarray,
    counts: np.ndarray,
    seg_wrk: np.ndarray,
    tricky: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Edges of one block of requests: expand suffixes, apply per-pair rules, score."""
    total = int(counts.sum())
    e_req = np.repeat(live, counts)
    offsets = np.repeat(start - (np.cumsum(counts) - counts), counts)
    e_wrk = seg_wrk[np.arange(total, dtype=np.int64) + offsets]
    # 4. per-pair rules for the requests that have themes or must attributes
    sel = np.flatnonzero(tricky[e_req])
    if sel.size:
        rq, wk = e_req[sel], e_wrk[sel]
        bad = ((wa.excluded_themes[wk] & ra.themes[rq]) != 0).any(axis=1)
        bad |= ((wa.attributes[wk] & ra.must[rq]) != ra.must[rq]).any(axis=1)
        if bad.any():
            keep = np.ones(total, dtype=bool)
            keep[sel[bad]] = False
            e_req, e_wrk = e_req[keep], e_wrk[keep]
    # 5. scores
    sc = score_edges(wa, ra, e_req, e_wrk, weights)
    return (
        e_req.astype(np.int32),
        e_wrk.astype(np.int32),
        sc.astype(np.int32),
        ra.minutes[e_req].astype(np.int32),
        ra.needs_slot[e_req],
    )


def score_edges(
    wa: WorkerArrays, ra: RequestArrays, e_req: np.ndarray, e_wrk: np.ndarray, weights: Weights
) -> np.ndarray:
    """Integer score of each (request, worker) edge; identical to :func:`.scoring.score`."""
    w = weights
    sc = ra.request_const(w)[e_req] + wa.worker_const(w)[e_wrk]
    if w.preferred_domain:
        has_pref = (ra.preferred != 0).any(axis=1)
        sel = np.flatnonzero(has_pref[e_req])
        if sel.size:
            sc[sel] += w.preferred_domain * popcount_rows(wa.domains[e_wrk[sel]], ra.preferred[e_req[sel]])
    if w.wish_attribute:
        has_wish = (ra.wish != 0).any(axis=1)
        sel = np.flatnonzero(has_wish[e_req])
        if sel.size:
            sc[sel] += w.wish_attribute * popcount_rows(wa.attributes[e_wrk[sel]], ra.wish[e_req[sel]])
    if w.neighbourhood:
        nb = ra.neighbourhood[e_req]
        sel = np.flatnonzero(nb >= 0)
        if sel.size:
            sc[sel] += w.neighbourhood * bit_set(wa.neighbourhoods, e_wrk[sel], nb[sel])
    if w.language:
        lang = ra.language[e_req]
        sel = np.flatnonzero(lang >= 0)
        if sel.size:
            sc[sel] += w.language * bit_set(wa.languages, e_wrk[sel], lang[sel])
    if w.capacity:
        weekly = wa.weekly_min[e_wrk]
        left = wa.free_min[e_wrk] - ra.minutes[e_req]
        sc += np.where(weekly > 0, w.capacity * left // np.maximum(weekly, 1), 0)
    if w.continuity and wa.resident_keys.size:
        res = ra.resident[e_req]
        sel = np.flatnonzero(res >= 0)
        if sel.size:
            keys = res[sel] * wa.n + e_wrk[sel]
            pos = np.searchsorted(wa.resident_keys, keys)
            pos = np.minimum(pos, wa.resident_keys.size - 1)
            sc[sel] += w.continuity * (wa.resident_keys[pos] == keys)
    return sc.astype(np.int64)
