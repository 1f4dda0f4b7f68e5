"""Array form of workers and requests for the vectorised paths.

Sets of codes become bitmasks (``uint64`` arrays of shape ``(n, words)``, 64 codes per word, so any
vocabulary size works); neighbourhoods and languages become bit indices; hours become integer minutes.
Workers are stored sorted by id, so "lower index" means "lower id" and ties break the same way
everywhere. Requests are encoded against the workers' vocabulary: a required domain, kind or must
attribute that no worker has makes the request impossible; a preferred one that no worker has simply
scores nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .model import Request, Worker, load_per_mille, to_minutes
from .weights import Weights

_MASK64 = (1 << 64) - 1


class BitVocab:
    """Codes → bit positions, in sorted order (deterministic)."""

    def __init__(self, codes: Iterable[str]):
        self.codes: tuple[str, ...] = tuple(sorted(set(codes)))
        self.index: dict[str, int] = {c: i for i, c in enumerate(self.codes)}
        self.words = max(1, (len(self.codes) + 63) // 64)

    def __len__(self) -> int:
        return len(self.codes)

    def bits(self, codes: Iterable[str]) -> tuple[int, bool]:
        """(mask as a Python int, whether some code is unknown)."""
        mask = 0
        unknown = False
        index = self.index
        for c in codes:
            i = index.get(c)
            if i is None:
                unknown = True
            else:
                mask |= 1 << i
        return mask, unknown

    def to_array(self, masks: Sequence[int]) -> np.ndarray:
        if self.words == 1:
            return np.array(masks, dtype=np.uint64).reshape(len(masks), 1)
        return np.array(
            [[(m >> (64 * k)) & _MASK64 for k in range(self.words)] for m in masks], dtype=np.uint64
        ).reshape(len(masks), self.words)


def attr_items(mapping: Mapping[str, object]) -> list[str]:
    return [f"{k}\x1f{v}" for k, v in mapping.items()]


def subset_rows(worker_masks: np.ndarray, need: np.ndarray) -> np.ndarray:
    """Per row: does ``worker_masks[row]`` contain every bit of ``need`` (one request's mask)?"""
    if worker_masks.shape[1] == 1:
        n = need[0]
        return (worker_masks[:, 0] & n) == n
    return ((worker_masks & need) == need).all(axis=1)


def disjoint_rows(worker_masks: np.ndarray, other: np.ndarray) -> np.ndarray:
    if worker_masks.shape[1] == 1:
        return (worker_masks[:, 0] & other[0]) == 0
    return ((worker_masks & other) == 0).all(axis=1)


def popcount_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise popcount of ``a & b`` for 2-D uint64 arrays of the same width (or b broadcast)."""
    both = a & b
    if both.shape[1] == 1:
        return np.bitwise_count(both[:, 0]).astype(np.int64)
    return np.bitwise_count(both).sum(axis=1, dtype=np.int64)


def bit_set(masks: np.ndarray, rows: np.ndarray | slice, bit: np.ndarray | int) -> np.ndarray:
    """Is bit ``bit`` set in ``masks[rows]``? ``bit`` may be a scalar or per-row; ``-1`` means never."""
    bit = np.asarray(bit, dtype=np.int64)
    safe = np.maximum(bit, 0)
    word = safe >> 6
    shift = (safe & 63).astype(np.uint64)
    if isinstance(rows, slice):
        vals = masks[rows, word] if word.ndim else masks[rows, int(word)]
    else:
        vals = masks[rows, word]
    return (((vals >> shift) & np.uint64(1)) == 1) & (bit >= 0)


@dataclass(eq=False)
class WorkerArrays:
    ids: tuple[str, ...]
    available: np.ndarray  # bool
    free_min: np.ndarray  # int64, free minutes per week
    weekly_min: np.ndarray  # int64, weekly capacity in minutes (>= free_min)
    free_slots: np.ndarray  # int64
    load_pm: np.ndarray  # int64, current load per mille
    kinds: np.ndarray  # uint64 (n, words)
    domains: np.ndarray
    excluded_themes: np.ndarray
    languages: np.ndarray
    attributes: np.ndarray
    neighbourhoods: np.ndarray
    flags: np.ndarray
    vocab: dict[str, BitVocab]
    resident_keys: np.ndarray  # sorted int64: resident_index * n + worker_index
    resident_index: dict[str, int]
    _const_cache: dict = field(default_factory=dict, repr=False)

    @property
    def n(self) -> int:
        return len(self.ids)

    def worker_const(self, weights: Weights) -> np.ndarray:
        """Per-worker part of the score that does not depend on the request: workload + flags."""
        cached = self._const_cache.get(weights)
        if cached is not None:
            return cached
        const = weights.workload * (1000 - self.load_pm) // 1000
        flag_vocab = self.vocab["flags"]
        for code, i in flag_vocab.index.items():
            pts = weights.flag_points(code)
            if pts:
                const = const + pts * bit_set(self.flags, slice(None), i).astype(np.int64)
        const = const.astype(np.int64)
        self._const_cache[weights] = const
        return const

    def residents_of(self, resident_code: str | None) -> np.ndarray:
        """Worker indices that supported this resident before (sorted)."""
        if resident_code is None:
            return np.empty(0, dtype=np.int64)
        ri = self.resident_index.get(resident_code)
        if ri is None:
            return np.empty(0, dtype=np.int64)
        return self.residents_of_index(ri)

    def residents_of_index(self, ri: int) -> np.ndarray:
        lo = np.searchsorted(self.resident_keys, ri * self.n, side="left")
        hi = np.searchsorted(self.resident_keys, (ri + 1) * self.n, side="left")
        return self.resident_keys[lo:hi] - ri * self.n


def encode_workers(workers: Iterable[Worker]) -> WorkerArrays:
    ws = sorted(workers, key=lambda w: w.id)
    ids = tuple(w.id for w in ws)
    if len(set(ids)) != len(ids):
        raise ValueError("worker ids must be unique")
    vocab = {
        "kinds": BitVocab(k for w in ws for k in w.kinds),
        "domains": BitVocab(d for w in ws for d in w.domains),
        "themes": BitVocab(t for w in ws for t in w.excluded_themes),
        "languages": BitVocab(x for w in ws for x in w.languages),
        "attributes": BitVocab(a for w in ws for a in attr_items(w.attributes)),
        "neighbourhoods": BitVocab(x for w in ws for x in w.neighbourhoods),
        "flags": BitVocab(f for w in ws for f in w.flags),
    }

    def arr(name: str, getter: Callable[[Worker], Iterable[str]]) -> np.ndarray:
        v = vocab[name]
        return v.to_array([v.bits(getter(w))[0] for w in ws])

    free_min = np.array([to_minutes(w.free_hours) for w in ws], dtype=np.int64)
    weekly_min = np.array([to_minutes(w.capacity_hours) for w in ws], dtype=np.int64)
    resident_index: dict[str, int] = {}
    keys: list[int] = []
    n = len(ws)
    for i, w in enumerate(ws):
        for code in w.residents:
            ri = resident_index.setdefault(code, len(resident_index))
            keys.append(ri * n + i)
    return WorkerArrays(
        ids=ids,
        available=np.array([w.available for w in ws], dtype=bool),
        free_min=free_min,
        weekly_min=np.maximum(weekly_min, free_min),
        free_slots=np.array([w.free_slots for w in ws], dtype=np.int64),
        load_pm=np.array([load_per_mille(w.current_load_ratio) for w in ws], dtype=np.int64),
        kinds=arr("kinds", lambda w: w.kinds),
        domains=arr("domains", lambda w: w.domains),
        excluded_themes=arr("themes", lambda w: w.excluded_themes),
        languages=arr("languages", lambda w: w.languages),
        attributes=arr("attributes", lambda w: attr_items(w.attributes)),
        neighbourhoods=arr("neighbourhoods", lambda w: w.neighbourhoods),
        flags=arr("flags", lambda w: w.flags),
        vocab=vocab,
        resident_keys=np.array(sorted(keys), dtype=np.int64),
        resident_index=resident_index,
    )


@dataclass(eq=False)
class RequestArrays:
    ids: tuple[str, ...]
    impossible: np.ndarray  # bool: a kind, required domain or must attribute no worker has
    kind: np.ndarray  # uint64 (n, words) one bit (or none when impossible)
    required: np.ndarray  # uint64 (n, words)
    preferred: np.ndarray
    themes: np.ndarray
    must: np.ndarray
    wish: np.ndarray
    neighbourhood: np.ndarray  # int64 bit index, -1 none/unknown
    language: np.ndarray  # int64 bit index, -1 none/unknown
    minutes: np.ndarray  # int64
    needs_slot: np.ndarray  # bool
    resident: np.ndarray  # int64 index into the workers' resident_index, -1 none/unknown
    has_required: np.ndarray  # bool: request names required domains (for the flat factor)
    urgency: np.ndarray  # int64
    waiting_days: np.ndarray  # int64

    @property
    def n(self) -> int:
        return len(self.ids)

    def request_const(self, weights: Weights) -> np.ndarray:
        """Per-request part of the score: required-domain factor + urgency."""
        weeks = np.minimum(self.waiting_days // 7, weights.waiting_weeks_cap)
        return (
            weights.required_domains * self.has_required.astype(np.int64)
            + weights.urgency * (self.urgency - 1)
            + weights.waiting_week * weeks
        )


def encode_requests(requests: Iterable[Request], wa: WorkerArrays) -> RequestArrays:
    rs = sorted(requests, key=lambda r: r.id)
    ids = tuple(r.id for r in rs)
    if len(set(ids)) != len(ids):
        raise ValueError("request ids must be unique")
    v = wa.vocab
    impossible = []
    masks: dict[str, list[int]] = {k: [] for k in ("kind", "required", "preferred", "themes", "must", "wish")}
    nb, lang, res = [], [], []
    for r in rs:
        km, ku = v["kinds"].bits((r.kind,))
        rm, ru = v["domains"].bits(r.required_domains)
        mm, mu = v["attributes"].bits(attr_items(r.must_attributes))
        impossible.append(ku or ru or mu)
        masks["kind"].append(km)
        masks["required"].append(rm)
        masks["must"].append(mm)
        masks["preferred"].append(v["domains"].bits(r.preferred_domains)[0])
        masks["themes"].append(v["themes"].bits(r.themes)[0])
        masks["wish"].append(v["attributes"].bits(attr_items(r.wish_attributes))[0])
        nb.append(v["neighbourhoods"].index.get(r.neighbourhood, -1) if r.neighbourhood is not None else -1)
        lang.append(v["languages"].index.get(r.language, -1) if r.language is not None else -1)
        res.append(wa.resident_index.get(r.resident_code, -1) if r.resident_code is not None else -1)
    return RequestArrays(
        ids=ids,
        impossible=np.array(impossible, dtype=bool),
        kind=v["kinds"].to_array(masks["kind"]),
        required=v["domains"].to_array(masks["required"]),
        preferred=v["domains"].to_array(masks["preferred"]),
        themes=v["themes"].to_array(masks["themes"]),
        must=v["attributes"].to_array(masks["must"]),
        wish=v["attributes"].to_array(masks["wish"]),
        neighbourhood=np.array(nb, dtype=np.int64),
        language=np.array(lang, dtype=np.int64),
        minutes=np.array([to_minutes(r.hours) for r in rs], dtype=np.int64),
        needs_slot=np.array([r.needs_resident_slot for r in rs], dtype=bool),
        resident=np.array(res, dtype=np.int64),
        has_required=np.array([bool(r.required_domains) for r in rs], dtype=bool),
        urgency=np.array([r.urgency for r in rs], dtype=np.int64),
        waiting_days=np.array([r.waiting_days for r in rs], dtype=np.int64),
    )
