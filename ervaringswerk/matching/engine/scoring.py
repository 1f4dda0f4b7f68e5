"""Reference (plain Python) hard constraints and score with a Dutch explanation per factor.

This is the definition of the matching rules. The NumPy paths in :mod:`.encode`, :mod:`.rank` and
:mod:`.edges` must give exactly the same feasibility and the same integer scores (property-tested).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .model import DEFAULT_LABELS, Candidate, Factor, Reason, Request, Worker, load_per_mille, to_minutes
from .weights import DEFAULT_WEIGHTS, Weights

Labels = Mapping[str, str]

URGENCY_WORDS = {1: "normaal", 2: "verhoogd", 3: "hoog"}


def label(code: str, labels: Labels | None = None) -> str:
    """Dutch display name of a code: the caller's labels first, then the engine defaults, then the code."""
    if labels is not None and code in labels:
        return labels[code]
    return DEFAULT_LABELS.get(code, code)


def fmt_hours(hours: float) -> str:
    """Hours the Dutch way: ``6``, ``1,5``, ``0,25``."""
    text = f"{hours:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def minutes_as_hours(minutes: int) -> str:
    return fmt_hours(minutes / 60)


def join_nl(items: Iterable[str]) -> str:
    """``a``, ``a en b``, ``a, b en c``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def _labelled(codes: Iterable[str], labels: Labels | None) -> list[str]:
    return sorted(label(c, labels) for c in codes)


def _pairs(mapping: Mapping[str, str], labels: Labels | None) -> list[str]:
    return [f"{label(k, labels)}: {label(v, labels)}" for k, v in sorted(mapping.items())]


def feasibility(worker: Worker, request: Request, labels: Labels | None = None) -> list[Reason]:
    """Every hard constraint the pair breaks, as Dutch reasons. An empty list means feasible."""
    reasons: list[Reason] = []
    if not worker.available:
        reasons.append(Reason("unavailable", "Is nu niet beschikbaar (gepauzeerd of niet actief)."))
    if request.kind not in worker.kinds:
        reasons.append(Reason("kind", f"Doet geen inzet van de soort '{label(request.kind, labels)}'."))
    missing = request.required_domains - worker.domains
    if missing:
        # Same words whether the domain is absent or kept private: nothing about private domains leaks.
        reasons.append(
            Reason(
                "required_domain",
                "Heeft geen voor matching zichtbare ervaring met "
                f"{join_nl(_labelled(missing, labels))} (vereist).",
            )
        )
    conflict = request.themes & worker.excluded_themes
    if conflict:
        reasons.append(
            Reason(
                "excluded_theme",
                f"Heeft als grens aangegeven niet te werken met {join_nl(_labelled(conflict, labels))}.",
            )
        )
    unmet = {k: v for k, v in request.must_attributes.items() if worker.attributes.get(k) != v}
    if unmet:
        reasons.append(
            Reason("must_attribute", f"Voldoet niet aan de harde eis {join_nl(_pairs(unmet, labels))}.")
        )
    need, free = to_minutes(request.hours), to_minutes(worker.free_hours)
    if need > free:
        reasons.append(
            Reason(
                "hours",
                f"Heeft te weinig uren vrij: {minutes_as_hours(free)} uur per week vrij, "
                f"{minutes_as_hours(need)} uur nodig.",
            )
        )
    if request.needs_resident_slot and worker.free_slots < 1:
        reasons.append(
            Reason("resident_slot", "Heeft geen plek meer voor nog een bewoner (maximum aantal bereikt).")
        )
    return reasons


def is_feasible(worker: Worker, request: Request) -> bool:
    return not feasibility(worker, request)


def score_factors(
    worker: Worker,
    request: Request,
    weights: Weights = DEFAULT_WEIGHTS,
    labels: Labels | None = None,
) -> tuple[Factor, ...]:
    """The score of a (feasible) pair, factor by factor, in a fixed order. Total = sum of points."""
    w = weights
    out: list[Factor] = []
    if request.required_domains:
        out.append(
            Factor(
                "required_domains",
                "Vereiste ervaring",
                w.required_domains,
                "Heeft ervaring met " + join_nl(_labelled(request.required_domains, labels)) + " (vereist).",
            )
        )
    if request.preferred_domains:
        have = request.preferred_domains & worker.domains
        lacking = request.preferred_domains - worker.domains
        if have and lacking:
            text = (
                f"Heeft gewenste ervaring met {join_nl(_labelled(have, labels))}; "
                f"niet met {join_nl(_labelled(lacking, labels))}."
            )
        elif have:
            text = f"Heeft gewenste ervaring met {join_nl(_labelled(have, labels))}."
        else:
            text = f"Geen gewenste ervaring met {join_nl(_labelled(lacking, labels))}."
        out.append(Factor("preferred_domains", "Gewenste ervaring", w.preferred_domain * len(have), text))
    if request.neighbourhood is not None:
        name = label(request.neighbourhood, labels)
        if request.neighbourhood in worker.neighbourhoods:
            out.append(Factor("neighbourhood", "Wijk", w.neighbourhood, f"Woont of werkt in de wijk {name}."))
        else:
            out.append(Factor("neighbourhood", "Wijk", 0, f"Woont en werkt niet in de wijk {name}."))
    if request.language is not None:
        name = label(request.language, labels)
        if request.language in worker.languages:
            out.append(Factor("language", "Taal", w.language, f"Spreekt {name}, de gevraagde taal."))
        else:
            out.append(Factor("language", "Taal", 0, f"Spreekt geen {name}, de gevraagde taal."))
    if request.wish_attributes:
        met = {k: v for k, v in request.wish_attributes.items() if worker.attributes.get(k) == v}
        unmet = {k: v for k, v in request.wish_attributes.items() if k not in met}
        parts = []
        if met:
            parts.append("Past bij de wens " + join_nl(_pairs(met, labels)))
        if unmet:
            parts.append("niet bij de wens " + join_nl(_pairs(unmet, labels)))
        text = "; ".join(parts) + "."
        out.append(
            Factor("wish_attributes", "Wensen", w.wish_attribute * len(met), text[0].upper() + text[1:])
        )
    free = to_minutes(worker.free_hours)
    weekly = max(to_minutes(worker.capacity_hours), free)
    need = to_minutes(request.hours)
    left = max(free - need, 0)
    points = w.capacity * left // weekly if weekly > 0 else 0
    out.append(
        Factor(
            "capacity",
            "Ruimte in uren",
            points,
            f"Nog {minutes_as_hours(free)} van {minutes_as_hours(weekly)} uur per week vrij; "
            f"na deze inzet {minutes_as_hours(left)} uur.",
        )
    )
    if request.resident_code is not None and request.resident_code in worker.residents:
        out.append(
            Factor(
                "continuity",
                "Continuïteit",
                w.continuity,
                "Heeft deze bewoner eerder ondersteund (continuïteit).",
            )
        )
    load = load_per_mille(worker.current_load_ratio)
    out.append(
        Factor(
            "workload",
            "Spreiding van werk",
            w.workload * (1000 - load) // 1000,
            f"Is nu voor {load // 10}% van de weekcapaciteit ingezet; "
            "minder belaste mensen krijgen voorrang.",
        )
    )
    urgency_points = w.urgency_points(request.urgency, request.waiting_days)
    if urgency_points:
        out.append(
            Factor(
                "urgency",
                "Urgentie",
                urgency_points,
                f"Urgentie {URGENCY_WORDS.get(request.urgency, str(request.urgency))}, wacht "
                f"{request.waiting_days} {'dag' if request.waiting_days == 1 else 'dagen'}: "
                "voorrang bij de verdeling (gelijk voor iedere kandidaat).",
            )
        )
    for flag in sorted(worker.flags):
        points = w.flag_points(flag)
        name = label(flag, labels)
        if points:
            text = f"Aandachtspunt: {name} (kleine aftrek; bespreek dit voor de inzet)."
        else:
            text = f"Aandachtspunt: {name} (geen aftrek)."
        out.append(Factor("flags", "Aandachtspunt", points, text))
    return tuple(out)


def score(worker: Worker, request: Request, weights: Weights = DEFAULT_WEIGHTS) -> int:
    """Total integer score of a pair (does not check feasibility)."""
    return sum(f.points for f in score_factors(worker, request, weights))


def explain(
    worker: Worker,
    request: Request,
    weights: Weights = DEFAULT_WEIGHTS,
    labels: Labels | None = None,
) -> Candidate | list[Reason]:
    """A :class:`Candidate` with the explained score when feasible, else the list of Dutch reasons."""
    reasons = feasibility(worker, request, labels)
    if reasons:
        return reasons
    factors = score_factors(worker, request, weights, labels)
    return Candidate(worker.id, sum(f.points for f in factors), factors)
