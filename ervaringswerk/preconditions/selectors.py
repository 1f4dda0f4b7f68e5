import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.utils import timezone

from ervaringswerk.core.reference import Precondition
from ervaringswerk.core.tenancy import Role, Viewer
from ervaringswerk.monitoring.suppression import Cell, Figure, audience_for, count, protect, threshold
from ervaringswerk.organisations.selectors import contracted_organisation_ids, organisation_list

from .models import (
    Action,
    Assessment,
    AssessmentItem,
    AssessmentRound,
    PeerResponse,
    PeerResponseItem,
    RoundOrganisation,
    RoundParticipation,
)
from .participation import participant_keys

CHECKLIST_ORDER = {key: index for index, key in enumerate(Precondition.values)}


def in_checklist_order(items) -> list:
    """Items (anything with .precondition) in the order of the checklist, not the alphabet of their keys."""
    return sorted(items, key=lambda item: CHECKLIST_ORDER.get(item.precondition, len(CHECKLIST_ORDER)))


def organisations_for_preconditions(*, viewer: Viewer):
    orgs = organisation_list(viewer=viewer)
    if viewer.role == Role.POLICY_ADVISOR:
        return orgs
    return orgs.filter(pk=viewer.organisation_id)


def assessment_list(*, viewer: Viewer, organisation=None) -> QuerySet[Assessment]:
    qs = (
        Assessment.objects.filter(municipality_id=viewer.municipality_id)
        .filter(organisation__in=organisations_for_preconditions(viewer=viewer).values("pk"))
        .select_related("organisation")
        .prefetch_related(Prefetch("items", queryset=AssessmentItem.objects.all()))
    )
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return qs


def assessment_get(*, viewer: Viewer, pk) -> Assessment:
    return assessment_list(viewer=viewer).get(pk=pk)


def action_list(*, viewer: Viewer, organisation=None) -> QuerySet[Action]:
    qs = (
        Action.objects.filter(municipality_id=viewer.municipality_id)
        .filter(organisation__in=organisations_for_preconditions(viewer=viewer).values("pk"))
        .select_related("organisation")
    )
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return qs


def action_get(*, viewer: Viewer, pk) -> Action:
    return action_list(viewer=viewer).get(pk=pk)


def latest_assessments(*, municipality_id, organisation_ids=None) -> dict:
    """Per organisation: its most recent assessment with item scores (for the dashboard and report)."""
    qs = Assessment.objects.filter(municipality_id=municipality_id).order_by(
        "organisation_id", "-assessed_on", "-created_at"
    )
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=organisation_ids)
    latest = {}
    for assessment in qs.select_related("organisation").prefetch_related("items"):
        latest.setdefault(assessment.organisation_id, assessment)
    return latest


def open_action_counts(*, municipality_id) -> dict:
    return {
        row["organisation_id"]: row["n"]
        for row in Action.objects.filter(municipality_id=municipality_id, status="open")
        .values("organisation_id")
        .annotate(n=Count("id"))
        .order_by()
    }


def average_score(assessment) -> float | None:
    scores = [item.score for item in assessment.items.all()]
    return round(sum(scores) / len(scores), 1) if scores else None


# ---------------------------------------------------------------------------------------------------------
# Rounds


def round_list(*, viewer: Viewer) -> QuerySet[AssessmentRound]:
    """Policy advisor: every round of the municipality; a team lead or coordinator: the rounds their own
    organisation is asked in."""
    qs = AssessmentRound.objects.filter(municipality_id=viewer.municipality_id).annotate(
        n_organisations=Count("entries", distinct=True),
        n_submitted=Count("entries", filter=Q(entries__submitted_at__isnull=False), distinct=True),
    )
    # Explicitly: Django leaves Meta.ordering out of a GROUP BY query (the counts), and an unordered list
    # lets two pages overlap or skip a round. The model's order, ties by id.
    qs = qs.order_by("-deadline", "-created_at", "pk")
    if viewer.has_role(Role.POLICY_ADVISOR):
        return qs
    return qs.filter(
        pk__in=RoundOrganisation.objects.filter(organisation_id=viewer.organisation_id).values("round")
    )


def round_get(*, viewer: Viewer, pk) -> AssessmentRound:
    return round_list(viewer=viewer).get(pk=pk)


def round_entries(*, viewer: Viewer, round_: AssessmentRound) -> QuerySet[RoundOrganisation]:
    qs = RoundOrganisation.objects.filter(
        municipality_id=viewer.municipality_id, round=round_
    ).select_related("organisation")
    if viewer.has_role(Role.POLICY_ADVISOR):
        return qs
    return qs.filter(organisation_id=viewer.organisation_id)


def round_entry_for(*, viewer: Viewer, round_: AssessmentRound) -> RoundOrganisation | None:
    """The viewer's own organisation's entry in the round (team lead or coordinator), if it is asked."""
    return (
        RoundOrganisation.objects.filter(
            municipality_id=viewer.municipality_id, round=round_, organisation_id=viewer.organisation_id
        )
        .select_related("organisation", "round")
        .first()
    )


def round_default_organisations(*, viewer: Viewer, on: datetime.date | None = None):
    """The organisations a new round asks by default: those with an open contract (contractor or partner)."""
    ids = contracted_organisation_ids(municipality_id=viewer.municipality_id, on=on or timezone.localdate())
    return organisation_list(viewer=viewer).filter(pk__in=ids)


def round_candidate_organisations(*, viewer: Viewer):
    """Every active organisation of the municipality but the municipality itself."""
    return organisation_list(viewer=viewer).filter(is_active=True).exclude(kind="municipality")


def rounds_open_for_peer(*, peer, today: datetime.date | None = None) -> list[dict]:
    """For "Mijn werk": open rounds the peer worker's organisation is asked in, and whether they answered."""
    if peer is None:
        return []
    today = today or timezone.localdate()
    rounds = AssessmentRound.objects.filter(
        municipality_id=peer.municipality_id,
        closed_on__isnull=True,
        deadline__gte=today,
        entries__organisation_id=peer.organisation_id,
    ).order_by("deadline")
    return [{"round": r, "answered": peer_has_answered(round_=r, peer=peer)} for r in rounds]


def round_for_peer(*, peer, pk) -> AssessmentRound:
    """A round the peer worker's organisation is asked in (DoesNotExist otherwise: the page answers 404)."""
    if peer is None:
        raise AssessmentRound.DoesNotExist
    return AssessmentRound.objects.filter(
        municipality_id=peer.municipality_id, entries__organisation_id=peer.organisation_id
    ).get(pk=pk)


def peer_has_answered(*, round_: AssessmentRound, peer) -> bool:
    return RoundParticipation.objects.filter(
        round=round_, participant__in=participant_keys(round_id=round_.pk, peer_id=peer.pk)
    ).exists()


@dataclass
class CriterionRow:
    key: str
    label: str
    organisation: int | None  # the organisation's own score (organisation figure: exact)
    peers: Cell | None  # the peer workers' average; None while the round is open
    difference: float | None = None


@dataclass
class RoundResult:
    entry: RoundOrganisation
    respondents: Cell  # how many peer workers answered (peer figure: threshold)
    published: bool  # the peer workers' view is shown only once the round is closed
    criteria: list[CriterionRow] = field(default_factory=list)

    @property
    def peers_shown(self) -> bool:
        return self.published and not self.respondents.suppressed


def round_results(
    *, viewer: Viewer, round_: AssessmentRound, today: datetime.date | None = None
) -> list[RoundResult]:
    """Per organisation the viewer may see: status, the organisation's own score and the peer workers'
    average per criterion, in checklist order.

    The peer workers' view is a peer figure (monitoring.suppression): an average is shown only when at
    least the threshold of peer workers of that organisation answered (and answered that criterion), and
    only once the round is closed, so nobody can subtract two readings to find the latest answer."""
    today = today or timezone.localdate()
    published = round_.is_closed(today)
    limit = threshold(round_.municipality)
    audience = audience_for(viewer)
    entries = list(
        round_entries(viewer=viewer, round_=round_)
        .select_related("assessment")
        .prefetch_related("assessment__items")
    )
    org_ids = [e.organisation_id for e in entries]
    respondents = {
        row["organisation_id"]: row["n"]
        for row in PeerResponse.objects.filter(round=round_, organisation_id__in=org_ids)
        .values("organisation_id")
        .annotate(n=Count("id"))
        .order_by()
    }
    averages = {}
    if published:
        for row in (
            PeerResponseItem.objects.filter(response__round=round_, response__organisation_id__in=org_ids)
            .values("response__organisation_id", "precondition")
            .annotate(avg=Avg("score"), n=Count("id"))
            .order_by()
        ):
            averages[(row["response__organisation_id"], row["precondition"])] = (row["avg"], row["n"])
    results = []
    for entry in entries:
        n = respondents.get(entry.organisation_id, 0)
        answered = count(n, figure=Figure.PEER, audience=audience, limit=limit)
        own = {i.precondition: i.score for i in entry.assessment.items.all()} if entry.assessment_id else {}
        rows = []
        for key, label in Precondition.choices:
            peers = None
            if published:
                avg, n_item = averages.get((entry.organisation_id, key), (None, 0))
                value = round(float(avg), 1) if avg is not None else None
                peers = protect(value, n=n_item, figure=Figure.PEER, audience=audience, limit=limit)
                if answered.suppressed and not peers.suppressed:  # the organisation's gate comes first
                    peers = Cell(None, None, True, Figure.PEER, limit)
            difference = None
            if peers is not None and not peers.suppressed and peers.value is not None and key in own:
                difference = round(float(peers.value) - own[key], 1)
            rows.append(
                CriterionRow(
                    key=key, label=str(label), organisation=own.get(key), peers=peers, difference=difference
                )
            )
        results.append(RoundResult(entry=entry, respondents=answered, published=published, criteria=rows))
    return results


@dataclass
class RoundComparison:
    """One organisation in a closed round: its own scores and the raw peer aggregates, for the evaluation
    report. The caller applies the disclosure rule (monitoring.selectors.organisations.precondition_views)."""

    round: AssessmentRound
    organisation_name: str
    own: dict  # precondition -> the organisation's own score (submitted assessment; empty if none)
    respondents: int  # peer workers of the organisation who answered in the round
    peers: dict  # precondition -> (average score, peer workers who answered it)


def closed_round_comparisons(
    *, municipality_id, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> list[RoundComparison]:
    """Rounds of the municipality that closed in [start, end] (closed by the policy advisor, or their
    deadline passed) and are closed today, per organisation asked: three queries whatever the number of
    rounds. Open rounds are left out: the peer workers' view is published only once a round is closed."""
    today = today or timezone.localdate()
    rounds = [
        r
        for r in AssessmentRound.objects.filter(municipality_id=municipality_id, opened_on__lte=end)
        if r.is_closed(today) and start <= (r.closed_on or r.deadline) <= end
    ]
    if not rounds:
        return []
    entries = (
        RoundOrganisation.objects.filter(municipality_id=municipality_id, round__in=rounds)
        .select_related("organisation", "round", "assessment")
        .prefetch_related("assessment__items")
        .order_by("round__deadline", "round__created_at", "organisation__name")
    )
    respondents = {
        (row["round_id"], row["organisation_id"]): row["n"]
        for row in PeerResponse.objects.filter(round__in=rounds)
        .values("round_id", "organisation_id")
        .annotate(n=Count("id"))
        .order_by()
    }
    averages: dict = {}
    for row in (
        PeerResponseItem.objects.filter(response__round__in=rounds)
        .values("response__round_id", "response__organisation_id", "precondition")
        .annotate(avg=Avg("score"), n=Count("id"))
        .order_by()
    ):
        key = (row["response__round_id"], row["response__organisation_id"])
        averages.setdefault(key, {})[row["precondition"]] = (float(row["avg"]), row["n"])
    return [
        RoundComparison(
            round=entry.round,
            organisation_name=entry.organisation.name,
            own={i.precondition: i.score for i in entry.assessment.items.all()}
            if entry.assessment_id
            else {},
            respondents=respondents.get((entry.round_id, entry.organisation_id), 0),
            peers=averages.get((entry.round_id, entry.organisation_id), {}),
        )
        for entry in entries
    ]
