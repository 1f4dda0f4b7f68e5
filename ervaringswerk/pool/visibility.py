"""Who may see which lived experience: the ONE place where the peer worker's disclosure choice is applied.

Every read of lived experience (profile page, API, export, the pool's domain filter and the matching
contract) asks `experience_levels()` which visibility levels the viewer may see in that context. The
functions that fetch experiences (`visible_experiences`, `visible_experiences_by_peer`) and the filter
(`domain_filter_q`) live in selectors.py and are built on it; nothing else decides.

Levels a viewer may see (P = private, C = coordinator, M = matching, Pr = professionals):

| viewer                                        | profile / API | search, filter | export      |
|-----------------------------------------------|---------------|----------------|-------------|
| the peer worker themself                      | P C M Pr      | -              | P C M Pr    |
| a coordinator of the peer's pool organisation | C M Pr        | M Pr           | M Pr        |
| a professional, context OFFER (deployment has checked there is an offer) | Pr | - | -     |
| anyone else                                   | -             | -              | -           |
| the matching engine (no viewer), context MATCHING: M Pr                                     |

An export leaves the system, so it carries only what the peer worker released beyond their coordinator.
"""

from enum import StrEnum

from ervaringswerk.core.tenancy import Role, Viewer

from .constants import Visibility


class ExperienceContext(StrEnum):
    PROFILE = "profile"  # a profile page or an API detail/list read by a person
    SEARCH = "search"  # filtering and searching the pool
    EXPORT = "export"  # a file that leaves the system
    MATCHING = "matching"  # the matching engine (no person looks)
    OFFER = "offer"  # a professional sees the peer worker proposed for their request


class Relation(StrEnum):
    SELF = "self"
    COORDINATOR = "coordinator"
    PROFESSIONAL = "professional"
    SYSTEM = "system"
    NONE = "none"


ALL_LEVELS = frozenset(Visibility.values)
COORDINATOR_LEVELS = frozenset({Visibility.COORDINATOR, Visibility.MATCHING, Visibility.PROFESSIONALS})
MATCHING_LEVELS = frozenset({Visibility.MATCHING, Visibility.PROFESSIONALS})
PROFESSIONAL_LEVELS = frozenset({Visibility.PROFESSIONALS})
NOTHING: frozenset[str] = frozenset()

RULES: dict[tuple[Relation, ExperienceContext], frozenset[str]] = {
    (Relation.SELF, ExperienceContext.PROFILE): ALL_LEVELS,
    (Relation.SELF, ExperienceContext.EXPORT): ALL_LEVELS,
    (Relation.COORDINATOR, ExperienceContext.PROFILE): COORDINATOR_LEVELS,
    (Relation.COORDINATOR, ExperienceContext.SEARCH): MATCHING_LEVELS,
    (Relation.COORDINATOR, ExperienceContext.EXPORT): MATCHING_LEVELS,
    (Relation.PROFESSIONAL, ExperienceContext.OFFER): PROFESSIONAL_LEVELS,
    (Relation.SYSTEM, ExperienceContext.MATCHING): MATCHING_LEVELS,
}


def relation_to(viewer: Viewer | None, peer=None, *, organisation_id=None) -> Relation:
    """How the viewer stands to a peer worker (or, with peer=None, to the peer workers of an organisation)."""
    if viewer is None:
        return Relation.SYSTEM
    if not getattr(viewer, "is_authenticated", False) or viewer.membership is None:
        return Relation.NONE
    if peer is not None:
        if peer.municipality_id != viewer.municipality_id:
            return Relation.NONE
        if peer.user_id is not None and peer.user_id == viewer.user_id:
            return Relation.SELF
        organisation_id = peer.organisation_id
    if viewer.has_role(Role.COORDINATOR) and organisation_id == viewer.organisation_id:
        return Relation.COORDINATOR
    if viewer.has_role(Role.PROFESSIONAL, Role.TEAM_LEAD):
        return Relation.PROFESSIONAL
    return Relation.NONE


def experience_levels(
    *, viewer: Viewer | None, peer=None, context: ExperienceContext, organisation_id=None
) -> frozenset[str]:
    """The visibility levels this viewer may see of this peer worker's lived experience, in this context.

    viewer=None means the system itself (only the MATCHING context answers anything then).
    """
    relation = relation_to(viewer, peer, organisation_id=organisation_id)
    return RULES.get((relation, ExperienceContext(context)), NOTHING)
