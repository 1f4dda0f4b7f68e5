"""The points each score factor gives. One place, documented, overridable.

Scores are integers so the min-cost flow optimum is exact. Every factor is computed with integer
arithmetic (floor division) so the reference Python path and the NumPy path give identical numbers.

Override per municipality with ``DEFAULT_WEIGHTS.replace(neighbourhood=40)`` or build ``Weights(...)``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .model import FLAG_INTERVISION_OVERDUE


@dataclass(frozen=True, kw_only=True)
class Weights:
    #: Flat points when the worker has every required domain (always true for a feasible pair); only
    #: given when the request names required domains, so it mostly serves the explanation.
    required_domains: int = 20
    #: Points per preferred domain the worker has (visible for matching).
    preferred_domain: int = 15
    #: Points when the worker lives or works in the request's neighbourhood.
    neighbourhood: int = 25
    #: Points when the worker speaks the requested language.
    language: int = 25
    #: Points per wish attribute (e.g. gender, cultural background) that matches.
    wish_attribute: int = 10
    #: Up to this many points for hours left after taking the request:
    #: ``capacity * (free_minutes - request_minutes) // weekly_minutes``.
    capacity: int = 10
    #: Points when the worker supported this same resident before (continuity).
    continuity: int = 40
    #: Up to this many points for a low current load (workload spread):
    #: ``workload * (1000 - load_per_mille) // 1000``.
    workload: int = 15
    #: Points per urgency level above 1 (urgency 3 gives twice this). Same for every worker of one
    #: request, so it does not change a ranking; in a batch it makes urgent requests win scarce capacity.
    urgency: int = 15
    #: Points per full week of waiting, capped at ``waiting_weeks_cap`` weeks (same role as urgency).
    waiting_week: int = 1
    waiting_weeks_cap: int = 12
    #: Points per worker flag (negative = penalty). Flags not listed count ``unknown_flag`` points
    #: but are still shown in the explanation.
    flag_penalties: Mapping[str, int] = field(
        default_factory=lambda: MappingProxyType({FLAG_INTERVISION_OVERDUE: -10})
    )
    unknown_flag: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "flag_penalties", MappingProxyType(dict(self.flag_penalties)))
        for f in dataclasses.fields(self):
            if f.name == "flag_penalties" or f.name == "unknown_flag":
                continue
            value = getattr(self, f.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"weight {f.name} must be a non-negative int, got {value!r}")
        for flag, value in self.flag_penalties.items():
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"flag penalty {flag} must be an int, got {value!r}")

    def replace(self, **changes: Any) -> Weights:
        return dataclasses.replace(self, **changes)

    def flag_points(self, flag: str) -> int:
        return self.flag_penalties.get(flag, self.unknown_flag)

    def urgency_points(self, urgency: int, waiting_days: int) -> int:
        weeks = min(waiting_days // 7, self.waiting_weeks_cap)
        return self.urgency * (urgency - 1) + self.waiting_week * weeks

    def __hash__(self) -> int:  # the mapping field is not hashable; hash the frozen items
        values = tuple(
            tuple(sorted(getattr(self, f.name).items()))
            if f.name == "flag_penalties"
            else getattr(self, f.name)
            for f in dataclasses.fields(self)
        )
        return hash(values)


DEFAULT_WEIGHTS = Weights()
