"""Seeded generator of realistic matching instances (invented data only).

Two profiles:

* ``"structured"`` — what real pools look like and what quality gates must use: specific experience
  domains and kinds, so a request has few candidates (tens, not hundreds), and total free hours and
  resident slots roughly equal to the demand (``capacity_ratio`` 1.0). Here greedy falls measurably
  short of the optimum.
* ``"loose"`` — broad profiles and plenty of capacity (``capacity_ratio`` 2.5): many candidates per
  request; every method looks close to optimal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from numpy.typing import ArrayLike

from .model import (
    FLAG_INTERVISION_OVERDUE,
    KIND_CONSULTATION,
    KIND_GROUP,
    KIND_INDIVIDUAL,
    KIND_POLICY,
    KIND_RESEARCH,
    KIND_TRAINING,
    KIND_WALK_IN,
    Request,
    Worker,
)

T = TypeVar("T")

DOMAINS = (
    "ggz",
    "verslaving",
    "dakloosheid",
    "armoede_schulden",
    "verstandelijke_beperking",
    "lichamelijke_beperking",
    "chronische_ziekte",
    "huiselijk_geweld",
    "jeugdzorg",
    "detentie",
    "migratie_cultuur",
    "mantelzorg",
    "rouw_verlies",
    "eenzaamheid",
)
DOMAIN_LABELS = {
    "ggz": "psychische problemen (GGZ)",
    "verslaving": "verslaving",
    "dakloosheid": "dak- en thuisloosheid",
    "armoede_schulden": "armoede en schulden",
    "verstandelijke_beperking": "verstandelijke beperking",
    "lichamelijke_beperking": "lichamelijke beperking",
    "chronische_ziekte": "chronische ziekte",
    "huiselijk_geweld": "huiselijk geweld en misbruik",
    "jeugdzorg": "jeugdzorg",
    "detentie": "detentie en justitie",
    "migratie_cultuur": "migratie en cultuur",
    "mantelzorg": "mantelzorg",
    "rouw_verlies": "rouw en verlies",
    "eenzaamheid": "eenzaamheid",
}
DOMAIN_WEIGHT = np.array([16, 11, 6, 14, 5, 5, 7, 6, 5, 4, 8, 5, 4, 9], dtype=float)
THEMES = ("huiselijk_geweld", "verslaving", "suicidaliteit", "detentie", "psychose", "kinderen_in_gezin")
KIND_REQUEST_P = {
    KIND_INDIVIDUAL: 0.55,
    KIND_GROUP: 0.14,
    KIND_WALK_IN: 0.08,
    KIND_CONSULTATION: 0.11,
    KIND_TRAINING: 0.06,
    KIND_POLICY: 0.04,
    KIND_RESEARCH: 0.02,
}
KIND_WORKER_P = {
    KIND_INDIVIDUAL: 0.75,
    KIND_GROUP: 0.3,
    KIND_WALK_IN: 0.2,
    KIND_CONSULTATION: 0.25,
    KIND_TRAINING: 0.15,
    KIND_POLICY: 0.1,
    KIND_RESEARCH: 0.06,
}
KIND_HOURS = {
    KIND_INDIVIDUAL: (1.0, 1.5, 2.0, 3.0),
    KIND_GROUP: (2.0, 3.0, 4.0),
    KIND_WALK_IN: (3.0, 4.0, 6.0),
    KIND_CONSULTATION: (0.5, 1.0, 2.0),
    KIND_TRAINING: (2.0, 4.0),
    KIND_POLICY: (1.0, 2.0),
    KIND_RESEARCH: (2.0, 4.0, 8.0),
}
LANGUAGES = ("ar", "tr", "ber", "pap", "pl", "ti", "so", "uk", "en", "fa")
GENDERS = ("vrouw", "man", "non-binair")
GENDER_P = (0.56, 0.41, 0.03)
BACKGROUNDS = (
    "nederlands",
    "marokkaans",
    "turks",
    "surinaams",
    "antilliaans",
    "syrisch",
    "eritrees",
    "pools",
)
BACKGROUND_P = (0.6, 0.1, 0.09, 0.07, 0.04, 0.04, 0.03, 0.03)


@dataclass
class Instance:
    workers: list[Worker]
    requests: list[Request]
    seed: int
    profile: str


def _pick(rng: np.random.Generator, items: Sequence[T], p: ArrayLike, k: int) -> list[T]:
    p = np.asarray(p, dtype=float)
    idx = rng.choice(len(items), size=min(k, len(items)), replace=False, p=p / p.sum())
    return [items[i] for i in idx]


def generate_instance(
    n_workers: int,
    n_requests: int,
    seed: int = 0,
    profile: str = "structured",
    capacity_ratio: float | None = None,
    id_prefix: str = "",
) -> Instance:
    """A seeded instance. ``capacity_ratio`` = total free hours (and resident slots) / total demand."""
    if profile not in ("structured", "loose"):
        raise ValueError("profile must be 'structured' or 'loose'")
    loose = profile == "loose"
    ratio = capacity_ratio if capacity_ratio is not None else (2.5 if loose else 1.0)
    rng = np.random.default_rng(seed)
    n_nb = max(4, n_workers // 40)
    nbs = [f"wijk-{i:03d}" for i in range(n_nb)]
    kinds = list(KIND_REQUEST_P)
    dom_w = np.ones(len(DOMAINS)) if loose else DOMAIN_WEIGHT

    # requests first (the demand), then workers scaled to it
    req_kind = rng.choice(len(kinds), size=n_requests, p=np.array(list(KIND_REQUEST_P.values())))
    req_rows = []
    for i in range(n_requests):
        kind = kinds[req_kind[i]]
        n_req_dom = rng.choice([0, 1, 2], p=[0.3, 0.65, 0.05] if loose else [0.02, 0.68, 0.3])
        if kind == KIND_INDIVIDUAL and not loose:
            n_req_dom = max(n_req_dom, 1)
        required = _pick(rng, DOMAINS, dom_w, n_req_dom)
        rest = [d for d in DOMAINS if d not in required]
        preferred = _pick(rng, rest, np.ones(len(rest)), rng.choice([0, 1, 2], p=[0.5, 0.35, 0.15]))
        lang = None
        u = rng.random()
        if u < 0.12:
            lang = LANGUAGES[rng.integers(len(LANGUAGES))]
        elif u < 0.16:
            lang = "nl"
        must = {}
        if not loose and rng.random() < 0.1:
            must["geslacht"] = GENDERS[rng.choice(3, p=GENDER_P)]
        wish = {}
        if rng.random() < 0.3:
            wish["geslacht"] = GENDERS[rng.choice(3, p=GENDER_P)]
        if rng.random() < 0.15:
            wish["achtergrond"] = BACKGROUNDS[rng.choice(len(BACKGROUNDS), p=BACKGROUND_P)]
        themes = [THEMES[rng.integers(len(THEMES))]] if rng.random() < 0.3 else []
        hours = float(rng.choice(KIND_HOURS[kind]))
        req_rows.append((kind, required, preferred, lang, must, wish, themes, hours))
    demand_min = sum(r[-1] for r in req_rows) * 60
    slot_demand = int(sum(1 for r in req_rows if r[0] == KIND_INDIVIDUAL))

    # workers
    weekly = rng.choice([8, 12, 16, 20, 24, 32], size=n_workers).astype(float)
    load = rng.uniform(0.0, 0.85, size=n_workers)
    free = weekly * (1 - load)
    scale_h = ratio * demand_min / 60 / max(free.sum(), 1e-9)
    max_res = rng.integers(3, 9, size=n_workers)
    free_slots_raw = np.maximum(max_res - np.floor(load * max_res), 0)
    scale_s = ratio * slot_demand / max(free_slots_raw.sum(), 1e-9)
    workers = []
    resident_pool: list[str] = []
    for i in range(n_workers):
        fh = float(np.round(free[i] * scale_h * 2) / 2)
        wk = float(max(weekly[i] * scale_h, fh))
        fs_real = free_slots_raw[i] * scale_s
        fs = int(np.floor(fs_real) + (rng.random() < fs_real - np.floor(fs_real)))
        wkinds = [k for k in kinds if rng.random() < (0.6 if loose else KIND_WORKER_P[k])]
        if not wkinds:
            wkinds = [KIND_INDIVIDUAL]
        n_dom = rng.choice([1, 2, 3, 4], p=[0.1, 0.3, 0.35, 0.25] if loose else [0.45, 0.4, 0.15, 0.0])
        domains = _pick(rng, DOMAINS, dom_w, n_dom)
        home = int(rng.integers(n_nb))
        wnbs = {nbs[home]}
        if rng.random() < 0.5:
            wnbs.add(nbs[(home + 1) % n_nb])
        langs = {"nl"} if rng.random() < 0.97 else set()
        if rng.random() < 0.25:
            langs.add(LANGUAGES[rng.integers(len(LANGUAGES))])
        attrs = {
            "geslacht": GENDERS[rng.choice(3, p=GENDER_P)],
            "achtergrond": BACKGROUNDS[rng.choice(len(BACKGROUNDS), p=BACKGROUND_P)],
        }
        excluded = set(_pick(rng, THEMES, np.ones(len(THEMES)), rng.choice([0, 1, 2], p=[0.6, 0.3, 0.1])))
        prior = [f"{id_prefix}B{seed}-{i}-{k}" for k in range(int(rng.integers(0, 6)))]
        resident_pool.extend(prior)
        flags = {FLAG_INTERVISION_OVERDUE} if rng.random() < 0.08 else set()
        workers.append(
            Worker(
                id=f"{id_prefix}W{i:06d}",
                free_hours=fh,
                weekly_hours=round(wk * 2) / 2,
                free_slots=fs,
                domains=frozenset(domains),
                neighbourhoods=frozenset(wnbs),
                languages=frozenset(langs),
                kinds=frozenset(wkinds),
                excluded_themes=frozenset(excluded),
                attributes=attrs,
                available=bool(rng.random() < 0.93),
                current_load_ratio=float(np.round(load[i], 3)),
                residents=frozenset(prior),
                flags=frozenset(flags),
            )
        )

    requests = []
    urg = rng.choice([1, 2, 3], size=n_requests, p=[0.7, 0.2, 0.1])
    wait = rng.exponential(20, size=n_requests).astype(int)
    for i, (kind, required, preferred, lang, must, wish, themes, hours) in enumerate(req_rows):
        slot = kind == KIND_INDIVIDUAL
        code = None
        if slot:
            if resident_pool and rng.random() < 0.2:
                code = resident_pool[int(rng.integers(len(resident_pool)))]
            else:
                code = f"{id_prefix}R{seed}-{i}"
        requests.append(
            Request(
                id=f"{id_prefix}V{i:07d}",
                kind=kind,
                hours=hours,
                required_domains=frozenset(required),
                preferred_domains=frozenset(preferred),
                neighbourhood=nbs[int(rng.integers(n_nb))],
                language=lang,
                must_attributes=must,
                wish_attributes=wish,
                themes=frozenset(themes),
                needs_resident_slot=slot,
                resident_code=code,
                urgency=int(urg[i]),
                waiting_days=int(wait[i]),
            )
        )
    return Instance(workers, requests, seed, profile)
