"""Plain data the engine reads and returns. No Django, no database: the caller fills these.

All inputs are frozen dataclasses with keyword-only fields. Collections are normalised to
``frozenset`` and read-only mappings in ``__post_init__`` so a caller may pass lists, sets or dicts.

Units
-----
* Hours are hours **per week** (floats). Internally every hour figure is converted once to whole
  minutes (``to_minutes``) so capacity checks are exact integer comparisons.
* Scores are integers (so the min-cost flow is exact); see :mod:`.weights`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# Kinds of deployment (soorten inzet). The engine treats a kind as an opaque code; these are the codes
# the product uses, with their Dutch labels in ``DEFAULT_LABELS``.
KIND_INDIVIDUAL = "individueel"  # individual support of a resident (uses a resident slot)
KIND_GROUP = "groep"  # group activity: recovery group, theme meeting
KIND_WALK_IN = "inloop"  # walk-in / host hours
KIND_CONSULTATION = "consultatie"  # consultation to professionals
KIND_TRAINING = "training"  # training or expertise promotion
KIND_POLICY = "beleid"  # policy participation (advice, client council)
KIND_RESEARCH = "onderzoek"  # research
KINDS = (
    KIND_INDIVIDUAL,
    KIND_GROUP,
    KIND_WALK_IN,
    KIND_CONSULTATION,
    KIND_TRAINING,
    KIND_POLICY,
    KIND_RESEARCH,
)

FLAG_INTERVISION_OVERDUE = "intervisie_achterstallig"

# Dutch display names used in explanations when the caller passes no labels of its own. Any code
# without a label is shown as the code itself.
DEFAULT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        KIND_INDIVIDUAL: "individuele ondersteuning",
        KIND_GROUP: "groepsactiviteit",
        KIND_WALK_IN: "inloop (gastheerschap)",
        KIND_CONSULTATION: "consultatie aan professionals",
        KIND_TRAINING: "training of deskundigheidsbevordering",
        KIND_POLICY: "beleidsparticipatie",
        KIND_RESEARCH: "onderzoek",
        FLAG_INTERVISION_OVERDUE: "intervisie achterstallig",
        "nl": "Nederlands",
        "en": "Engels",
        "ar": "Arabisch",
        "tr": "Turks",
        "ber": "Berbers",
        "pap": "Papiaments",
        "pl": "Pools",
        "ti": "Tigrinya",
        "so": "Somalisch",
        "uk": "Oekraïens",
        "fa": "Farsi",
        "es": "Spaans",
    }
)

MINUTES_PER_HOUR = 60


def to_minutes(hours: float) -> int:
    """Hours per week as whole minutes (round half to even, the same rule NumPy's ``rint`` uses)."""
    return int(round(float(hours) * MINUTES_PER_HOUR))


def load_per_mille(ratio: float) -> int:
    """A load ratio 0..1 as an integer 0..1000 (clipped)."""
    return min(1000, max(0, int(round(float(ratio) * 1000))))


def _fs(value: Iterable[str] | None) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset((value,))
    return frozenset(value)


def _ro(value: Mapping[str, str] | None) -> Mapping[str, str]:
    return MappingProxyType(dict(value or {}))


@dataclass(frozen=True, kw_only=True, slots=True)
class Worker:
    """A peer worker (ervaringsdeskundige) as the matcher may see them.

    The caller is responsible for privacy: ``domains`` holds only the experience domains this person
    allows to be used for matching. A domain they keep private must simply not be here; the engine then
    treats it exactly like a domain they do not have.
    """

    id: str
    free_hours: float  # hours per week still free (after current deployments)
    free_slots: int  # resident slots still free (max concurrent residents minus current ones)
    weekly_hours: float | None = None  # weekly capacity in hours; None means "same as free_hours"
    domains: frozenset[str] = frozenset()  # experience domains visible for matching
    neighbourhoods: frozenset[str] = frozenset()  # neighbourhoods (wijken) where they live or work
    languages: frozenset[str] = frozenset()  # language codes they can work in
    kinds: frozenset[str] = frozenset()  # kinds of deployment they do (see KINDS)
    excluded_themes: frozenset[str] = frozenset()  # boundaries: situations they do not work with
    attributes: Mapping[str, str] = field(default_factory=dict, hash=False)  # e.g. {"geslacht": "vrouw"}
    available: bool = True  # False when paused, on leave, or inactive
    current_load_ratio: float = 0.0  # 0..1, share of weekly capacity already in use
    residents: frozenset[str] = frozenset()  # pseudonymous codes of residents supported before
    flags: frozenset[str] = frozenset()  # signals such as "intervisie_achterstallig"

    def __post_init__(self) -> None:
        for name in (
            "domains",
            "neighbourhoods",
            "languages",
            "kinds",
            "excluded_themes",
            "residents",
            "flags",
        ):
            object.__setattr__(self, name, _fs(getattr(self, name)))
        object.__setattr__(self, "attributes", _ro(self.attributes))
        object.__setattr__(self, "id", str(self.id))
        if self.free_hours < 0 or self.free_slots < 0:
            raise ValueError(f"worker {self.id}: free_hours and free_slots must be >= 0")
        if not 0.0 <= self.current_load_ratio <= 1.0:
            raise ValueError(f"worker {self.id}: current_load_ratio must be within 0..1")

    @property
    def capacity_hours(self) -> float:
        """Weekly capacity used as the denominator of "nog X van Y uur vrij"."""
        return max(self.weekly_hours or 0.0, self.free_hours)


@dataclass(frozen=True, kw_only=True, slots=True)
class Request:
    """A request for deployment (inzetverzoek) of a peer worker."""

    id: str
    kind: str  # kind of deployment (see KINDS); the worker must do this kind
    hours: float  # hours per week the deployment takes; must fit the worker's free hours
    required_domains: frozenset[str] = frozenset()  # hard: the worker must have every one (visibly)
    preferred_domains: frozenset[str] = frozenset()  # soft: points per matching domain
    neighbourhood: str | None = None  # soft: points when the worker lives or works there
    language: str | None = None  # soft: points when the worker speaks it
    must_attributes: Mapping[str, str] = field(default_factory=dict, hash=False)  # hard: each must equal
    wish_attributes: Mapping[str, str] = field(default_factory=dict, hash=False)  # soft: points per match
    themes: frozenset[str] = frozenset()  # situations involved; hard against the worker's boundaries
    needs_resident_slot: bool = False  # individual support: uses one of the worker's resident slots
    resident_code: str | None = None  # pseudonymous resident code, for continuity
    urgency: int = 1  # 1 normal, 2 raised, 3 high
    waiting_days: int = 0  # days the request has been waiting

    def __post_init__(self) -> None:
        for name in ("required_domains", "preferred_domains", "themes"):
            object.__setattr__(self, name, _fs(getattr(self, name)))
        object.__setattr__(self, "must_attributes", _ro(self.must_attributes))
        object.__setattr__(self, "wish_attributes", _ro(self.wish_attributes))
        object.__setattr__(self, "id", str(self.id))
        if self.hours < 0:
            raise ValueError(f"request {self.id}: hours must be >= 0")
        if self.urgency not in (1, 2, 3):
            raise ValueError(f"request {self.id}: urgency must be 1, 2 or 3")
        if self.waiting_days < 0:
            raise ValueError(f"request {self.id}: waiting_days must be >= 0")


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a worker cannot take a request (a hard constraint that fails)."""

    code: str  # machine code, see REASON_CODES
    text: str  # plain Dutch, safe to show to a coordinator


REASON_CODES = (
    "unavailable",
    "kind",
    "required_domain",
    "excluded_theme",
    "must_attribute",
    "hours",
    "resident_slot",
)


@dataclass(frozen=True, slots=True)
class Factor:
    """One part of a score: points plus a plain-Dutch sentence naming the factor."""

    code: str  # machine code, see FACTOR_CODES
    label: str  # Dutch name of the factor, e.g. "Wijk"
    points: int
    text: str  # Dutch sentence, e.g. "Actief in de wijk Brandevoort (woont of werkt er)"


FACTOR_CODES = (
    "required_domains",
    "preferred_domains",
    "neighbourhood",
    "language",
    "wish_attributes",
    "capacity",
    "continuity",
    "workload",
    "urgency",
    "flags",
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A feasible worker for one request, with the total score and its explanation."""

    worker_id: str
    score: int
    factors: tuple[Factor, ...]
