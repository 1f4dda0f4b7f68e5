"""Two answers at once where only one is allowed (issue 14.9), in real concurrent PostgreSQL transactions.

`ervaringswerk.core.races` runs the first call until it pauses at `audit_record` (after its rows are
written, before it commits), starts the second, and polls `pg_stat_activity` until the second backend waits
on a lock; no sleep. The second answer cannot see the first one's uncommitted participation, so the only
thing that stops it is the database: the unique (round, hash) index makes it wait for the first
transaction and then fail. Without that constraint the second does not wait, both answers are stored and
the test fails every time. The same for an organisation's assessment in a round, submitted by its team
lead and its coordinator at once (the entry's row lock, `select_for_update`).
"""

import pytest

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.races import race
from ervaringswerk.core.tenancy import Role
from ervaringswerk.preconditions import services
from ervaringswerk.preconditions.models import (
    Assessment,
    PeerResponse,
    PeerResponseItem,
    RoundOrganisation,
    RoundParticipation,
)

from .factories import make_peers, make_round

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_answers_of_one_peer_worker_at_once_store_one(world, monkeypatch):
    round_ = make_round(world)
    ((viewer, peer),) = make_peers(world, 1)

    def answer(score):
        return lambda: services.peer_response_submit(
            viewer=viewer, round_=round_, peer=peer, scores={"supervision": score}
        )

    outcome = race(monkeypatch, module=services, pause_at="audit_record", first=answer(2), second=answer(5))

    assert outcome.second_waited, "the second answer did not wait for the first one's uncommitted row"
    assert outcome.results["first"] is None
    assert "al gereageerd" in outcome.results["second"].messages[0]
    assert RoundParticipation.objects.filter(round=round_).count() == 1
    assert PeerResponse.objects.filter(round=round_).count() == 1
    assert list(PeerResponseItem.objects.values_list("score", flat=True)) == [2]


def test_team_lead_and_coordinator_submitting_at_once_give_one_assessment(world, monkeypatch):
    round_ = make_round(world, organisations=("team",))
    entry = RoundOrganisation.objects.get(round=round_)
    lead = viewer_for(world.a.users[Role.TEAM_LEAD])
    colleague = viewer_for(world.a.users[Role.TEAM_LEAD])

    def submit(viewer, score):
        return lambda: services.round_assessment_save(
            viewer=viewer, entry=entry, items={"supervision": {"score": score}}, submit=True
        )

    outcome = race(
        monkeypatch,
        module=services,
        pause_at="audit_record",
        first=submit(lead, 2),
        second=submit(colleague, 4),
    )

    assert outcome.second_waited, "the second submit did not wait for the entry's row lock"
    assert isinstance(outcome.results["first"], RoundOrganisation)
    assert "al ingediend" in outcome.results["second"].messages[0]
    assert Assessment.objects.filter(organisation=entry.organisation).count() == 1
