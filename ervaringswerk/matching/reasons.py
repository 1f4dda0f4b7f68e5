"""The true reason a peer worker is left out of a ranking, and the reasons per group (issue 13).

The engine only knows "0 free slots" or "0 free hours"; it cannot tell a full peer worker from one whose
capacity was never set (every imported peer worker had 0 residents, and the page said "maximum aantal
bereikt"). This module looks at the profile behind the engine's reason and says which it is. Django side
(reads model attributes), no queries.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Groups, in the order the page lists them; each a short Dutch heading and what to do about it.
GROUPS = {
    "no_capacity": (
        gettext_lazy("Nog geen capaciteit ingesteld"),
        gettext_lazy(
            "Hun uren per week of maximum aantal bewoners staat op 0. "
            "De coördinator stelt dat in op het profiel."
        ),
    ),
    "paused": (gettext_lazy("Gepauzeerd of niet actief"), gettext_lazy("Ze zijn nu niet beschikbaar.")),
    "domain_missing": (
        gettext_lazy("Gevraagde ervaring ontbreekt"),
        gettext_lazy("Niemand in deze groep heeft de vereiste ervaring voor matching zichtbaar gemaakt."),
    ),
    "boundary": (
        gettext_lazy("Eigen grens"),
        gettext_lazy("Ze hebben aangegeven niet met dit thema te werken."),
    ),
    "full": (gettext_lazy("Vol"), gettext_lazy("Hun uren of plekken voor bewoners zijn al bezet.")),
    "kind": (gettext_lazy("Andere soort inzet"), gettext_lazy("Ze doen deze soort inzet niet.")),
    "must": (
        gettext_lazy("Harde eis van het verzoek"),
        gettext_lazy("Ze voldoen niet aan een harde eis van het verzoek."),
    ),
    "declined": (gettext_lazy("Afgewezen"), gettext_lazy("Ze hebben dit verzoek al afgewezen.")),
}
CODE_GROUP = {
    "unavailable": "paused",
    "required_domain": "domain_missing",
    "excluded_theme": "boundary",
    "kind": "kind",
    "must_attribute": "must",
    "hours": "full",
    "resident_slot": "full",
    "declined": "declined",
}


def true_reason(peer, code: str, text: str) -> tuple[str, str]:
    """(group, Dutch text) for one engine reason about one peer worker."""
    if code == "hours" and not peer.weekly_hours:
        return "no_capacity", _("Er zijn nog geen beschikbare uren per week ingesteld (0 uur).")
    if code == "resident_slot" and not peer.max_residents:
        return (
            "no_capacity",
            _("Er is nog geen maximum aantal bewoners ingesteld (0); daardoor past geen bewoner."),
        )
    if code == "unavailable":
        if peer.status == "left":
            return "paused", _("Is vertrokken uit de pool.")
        if peer.is_paused_on(timezone.localdate()):
            return "paused", _("Is gepauzeerd.")
        return "paused", _("Is nu niet actief.")
    return CODE_GROUP.get(code, "must"), text


@dataclass
class ReasonGroup:
    code: str
    label: str
    advice: str
    count: int


def group_reasons(excluded_codes: dict) -> list[ReasonGroup]:
    """How many peer workers each group holds. A peer worker counts in every group that applies to them,
    so the coordinator sees every obstacle, not only the first."""
    counts: dict[str, int] = {}
    for groups in excluded_codes.values():
        for group in set(groups):
            counts[group] = counts.get(group, 0) + 1
    return [ReasonGroup(code, *GROUPS[code], counts[code]) for code in GROUPS if code in counts]
