"""Hypothesis strategies for small, collision-rich matching instances (tiny vocabularies)."""

from __future__ import annotations

from hypothesis import strategies as st

from ervaringswerk.matching.engine import Request, Worker

KINDS = ("individueel", "groep")
DOMAINS = ("ggz", "verslaving", "armoede_schulden")
NBS = ("brandevoort", "centrum")
LANGS = ("nl", "ar")
THEMES = ("huiselijk_geweld", "psychose")
RESIDENTS = ("B1", "B2", "B3")
FLAGS = ("intervisie_achterstallig", "nieuw")
HOURS = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0)
FREE_HOURS = (0.0, 1.0, 1.5, 2.0, 3.0, 3.0, 4.0, 4.0, 5.0, 6.0, 8.0)


def subset(items, max_size=None, p_in: float = 0.5):
    """A subset of ``items`` (at most ``max_size`` of them), drawn as one biased coin per item."""
    limit = len(items) if max_size is None else max_size
    coin = st.integers(0, 99).map(lambda x: x < int(p_in * 100))
    return st.tuples(*[coin for _ in items]).map(
        lambda bits: frozenset([x for x, b in zip(items, bits, strict=True) if b][:limit])
    )


@st.composite
def workers(draw, wid: str = "W0") -> Worker:
    free = draw(st.sampled_from(FREE_HOURS))
    weekly = draw(st.one_of(st.none(), st.sampled_from((4.0, 8.0, 16.0))))
    attrs = {}
    if draw(st.booleans()):
        attrs["geslacht"] = draw(st.sampled_from(("vrouw", "man")))
    return Worker(
        id=wid,
        free_hours=free,
        weekly_hours=weekly,
        free_slots=draw(st.integers(0, 3)),
        domains=draw(subset(DOMAINS, p_in=0.75)),
        neighbourhoods=draw(subset(NBS)),
        languages=draw(subset(LANGS)),
        kinds=draw(subset(KINDS, p_in=0.8)),
        excluded_themes=draw(subset(THEMES, 1, p_in=0.15)),
        attributes=attrs,
        available=draw(st.integers(0, 19)) > 0,
        current_load_ratio=draw(st.floats(0.0, 1.0, allow_nan=False)),
        residents=draw(subset(RESIDENTS, 2)),
        flags=draw(subset(FLAGS, 1)),
    )


@st.composite
def requests(draw, rid: str = "V0") -> Request:
    kind = draw(st.sampled_from(KINDS))
    must = {}
    if draw(st.integers(0, 7)) == 0:
        must["geslacht"] = draw(st.sampled_from(("vrouw", "man")))
    wish = {}
    if draw(st.booleans()):
        wish["geslacht"] = draw(st.sampled_from(("vrouw", "man")))
    slot = kind == "individueel"
    return Request(
        id=rid,
        kind=kind,
        hours=draw(st.sampled_from(HOURS)),
        required_domains=draw(subset(DOMAINS, 1, p_in=0.3)),
        preferred_domains=draw(subset(DOMAINS, 2)),
        neighbourhood=draw(st.one_of(st.none(), st.sampled_from(NBS))),
        language=draw(st.one_of(st.none(), st.sampled_from(LANGS))),
        must_attributes=must,
        wish_attributes=wish,
        themes=draw(subset(THEMES, 1, p_in=0.15)),
        needs_resident_slot=slot,
        resident_code=draw(st.one_of(st.none(), st.sampled_from(RESIDENTS))) if slot else None,
        urgency=draw(st.integers(1, 3)),
        waiting_days=draw(st.integers(0, 60)),
    )


@st.composite
def pools(draw, max_workers: int = 5, min_workers: int = 1) -> list[Worker]:
    n = draw(st.integers(min_workers, max_workers))
    return [draw(workers(f"W{i}")) for i in range(n)]


@st.composite
def instances(draw, max_workers: int = 5, max_requests: int = 6):
    ws = draw(pools(max_workers))
    n = draw(st.integers(1, max_requests))
    rs = [draw(requests(f"V{j}")) for j in range(n)]
    return ws, rs
