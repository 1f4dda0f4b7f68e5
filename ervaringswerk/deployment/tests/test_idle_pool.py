"""The supply-versus-deployment gap (issue 14, item 8): the coordinator's idle pool at /pool/wachtend/.

Peer workers of the coordinator's own pool who are in the pool (not left) and have not been deployed for
N weeks, each with the reason; decline reasons per reason and per requesting organisation.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.core.reference import DeploymentKind
from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment.models import AssignmentStatus, DeclineReason, Offer, OfferStatus
from ervaringswerk.deployment.selectors import idle_pool
from ervaringswerk.deployment.tests.factories import make_assignment, make_peer, make_request, viewer
from ervaringswerk.organisations.models import OrganisationKind
from ervaringswerk.organisations.services import organisation_create
from ervaringswerk.pool.constants import PeerStatus

TODAY = timezone.localdate()


def _offer(request, peer, *, status, reason="", days_ago=7):
    offer = Offer.objects.create(
        municipality=request.municipality,
        request=request,
        peer=peer,
        status=status,
        hours_per_week=request.hours_per_week,
        decline_reason=reason,
    )
    responded = timezone.now() - datetime.timedelta(days=days_ago)
    Offer.objects.filter(pk=offer.pk).update(created_at=responded, responded_at=responded)
    return offer


@pytest.fixture
def pool(world):
    a = world.a
    consult = make_request(a, kind=DeploymentKind.CONSULTATION, title="Consult open")
    closed = make_request(a, kind=DeploymentKind.GROUP_ACTIVITY, title="Groep", status="matched")
    other_team = organisation_create(
        municipality=a.municipality, name="Schuldhulp Aastad", kind=OrganisationKind.DEBT_HELP
    )
    debt = make_request(a, kind=DeploymentKind.CONSULTATION, title="Schuld", organisation=other_team)
    peers = {
        "no_requests": make_peer(a, first_name="Geen", last_name="Verzoeken", kinds=["group_activity"]),
        "not_offered": make_peer(a, first_name="Niet", last_name="Aangeboden", kinds=["consultation"]),
        "declined": make_peer(a, first_name="Wel", last_name="Afgewezen", kinds=["consultation"]),
        "no_capacity": make_peer(
            a, first_name="Geen", last_name="Uren", weekly_hours=0, kinds=["consultation"]
        ),
        "paused": make_peer(a, first_name="Even", last_name="Pauze", status=PeerStatus.PAUSED),
        "pending": make_peer(a, first_name="Wacht", last_name="Antwoord", kinds=["consultation"]),
        "busy": make_peer(a, first_name="Druk", last_name="Bezet", kinds=["consultation"]),
        "recent": make_peer(a, first_name="Net", last_name="Klaar", kinds=["group_activity"]),
        "left": make_peer(a, first_name="Al", last_name="Weg", status=PeerStatus.LEFT, left_on=TODAY),
    }
    _offer(consult, peers["declined"], status=OfferStatus.DECLINED, reason=DeclineReason.NO_TIME)
    _offer(debt, peers["declined"], status=OfferStatus.DECLINED, reason=DeclineReason.LOCATION)
    _offer(debt, peers["busy"], status=OfferStatus.DECLINED, reason=DeclineReason.LOCATION, days_ago=20)
    # a decline long ago is outside the analysis window (and does not explain being idle now)
    _offer(debt, peers["not_offered"], status=OfferStatus.DECLINED, reason=DeclineReason.OTHER, days_ago=200)
    _offer(make_request(a, title="Wacht"), peers["pending"], status=OfferStatus.PENDING, days_ago=1)
    make_assignment(closed, peers["busy"], status=AssignmentStatus.ACTIVE, start_date=TODAY)
    make_assignment(
        closed,
        peers["recent"],
        status=AssignmentStatus.ENDED,
        start_date=TODAY - datetime.timedelta(days=90),
        end_date=TODAY - datetime.timedelta(days=21),
    )
    # not the coordinator's: another pool organisation of the same municipality, and another municipality
    other_pool = organisation_create(
        municipality=a.municipality,
        name="Zelfregiecentrum Aastad",
        kind=OrganisationKind.SELF_DIRECTION_CENTRE,
    )
    make_peer(a, first_name="Ander", last_name="Centrum", organisation=other_pool)
    make_peer(world.b, first_name="Buur", last_name="Gemeente")
    return peers


def _reasons(data):
    return {row.peer.last_name: row.reason for row in data.rows}


def test_the_idle_pool_lists_who_has_not_been_deployed_with_the_reason(world, pool):
    data = idle_pool(viewer=viewer(world.a.users[Role.COORDINATOR]), weeks=6)
    assert _reasons(data) == {
        "Verzoeken": "no_matching_requests",
        "Aangeboden": "not_offered",
        "Afgewezen": "declined",
        "Uren": "no_capacity",
        "Pauze": "paused",
        "Antwoord": "offer_pending",
    }
    by_name = {row.peer.last_name: row for row in data.rows}
    assert by_name["Afgewezen"].declines == 2
    assert by_name["Afgewezen"].last_deployed is None
    assert data.pool_size == 8  # everyone in the pool but the one who left
    assert data.deployed == 2  # busy now, and recent (ended three weeks ago)


def test_the_number_of_weeks_is_selectable(world, pool):
    data = idle_pool(viewer=viewer(world.a.users[Role.COORDINATOR]), weeks=2)
    recent = {row.peer.last_name: row for row in data.rows}["Klaar"]
    assert recent.last_deployed == TODAY - datetime.timedelta(days=21)
    assert recent.reason == "no_matching_requests"


def test_decline_reasons_per_reason_and_per_organisation(world, pool):
    data = idle_pool(viewer=viewer(world.a.users[Role.COORDINATOR]), weeks=6)
    assert data.declines_by_reason == [
        (str(DeclineReason.LOCATION.label), 2, 2),  # (reason, declines, peer workers)
        (str(DeclineReason.NO_TIME.label), 1, 1),
    ]
    assert data.declines_by_organisation == [("Schuldhulp Aastad", 2, 2), ("Wijkteam Aastad", 1, 1)]


def test_the_page_shows_the_reasons_and_audits_the_list_read(world, pool, client_for):
    response = client_for(world.a.users[Role.COORDINATOR]).get(reverse("deployment:idle_pool"))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Geen open verzoeken voor de soorten inzet van deze ervaringsdeskundige",
        "Wel passende open verzoeken, nog niet aangeboden",
        "2 aanbiedingen afgewezen",
        "Geen beschikbare uren ingesteld",
        "Gepauzeerd",
        "Aanbod wacht op antwoord",
        "De plek of wijk past niet",
        "Schuldhulp Aastad",
    ):
        assert text in html, text
    for absent in ("Bezet", "Weg", "Centrum", "Gemeente"):
        assert f"Peer {absent}" not in html and f">{absent}<" not in html
    event = AuditEvent.objects.get(action=AuditAction.LIST, object_type="pool.peerworker")
    assert event.details["count"] == 6
    assert {str(pool[key].pk) for key in ("declined", "paused")} <= set(event.details["ids"])


def test_weeks_from_the_query_string_and_a_dutch_message_for_bad_input(world, pool, client_for):
    client = client_for(world.a.users[Role.COORDINATOR])
    assert "Klaar" in client.get(reverse("deployment:idle_pool") + "?weken=2").content.decode()
    assert "Klaar" not in client.get(reverse("deployment:idle_pool")).content.decode()
    response = client.get(reverse("deployment:idle_pool") + "?weken=abc")
    assert response.status_code == 200
    assert "Kies een geldig aantal weken" in response.content.decode()


def test_empty_state(world, client_for):
    response = client_for(world.a.users[Role.COORDINATOR]).get(reverse("deployment:idle_pool"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Iedereen in uw pool is de afgelopen 6 weken ingezet" in html
    assert "Geen afgewezen aanbiedingen" in html


def test_other_roles_are_refused(world, client_for):
    for role in (Role.PEER_WORKER, Role.PROFESSIONAL, Role.TEAM_LEAD, Role.POLICY_ADVISOR):
        assert client_for(world.a.users[role]).get(reverse("deployment:idle_pool")).status_code == 403


def _bulk(world, n):
    a = world.a
    consult = make_request(a, kind=DeploymentKind.CONSULTATION, title=f"Consult {n}")
    for i in range(n):
        peer = make_peer(
            a,
            kinds=["consultation"],
            weekly_hours=[0, 8][i % 2],
            status=[PeerStatus.ACTIVE, PeerStatus.PAUSED][i % 3 == 0],
        )
        if i % 4 == 0:
            _offer(consult, peer, status=OfferStatus.DECLINED, reason=DeclineReason.NO_TIME)
        if i % 5 == 0:
            make_assignment(
                consult,
                peer,
                hours=Decimal("1"),
                status=AssignmentStatus.ENDED,
                end_date=TODAY - datetime.timedelta(days=100),
            )


# session, user, membership, navigation, the page's three reads and the audit insert; measured on
# SQLite with savepoints, the same with 3 or 40 peer workers
IDLE_PAGE_QUERIES = 10


@pytest.mark.parametrize("size", [3, 40])
def test_the_page_needs_the_same_queries_whatever_the_pool_size(
    world, client_for, django_assert_num_queries, size
):
    _bulk(world, size)
    client = client_for(world.a.users[Role.COORDINATOR])
    client.get(reverse("deployment:idle_pool"))  # warm the session
    with django_assert_num_queries(IDLE_PAGE_QUERIES):
        response = client.get(reverse("deployment:idle_pool"))
    assert response.status_code == 200


def test_the_municipal_dashboard_shows_pool_against_deployed_exactly_at_pilot_size(world, client_for):
    """The same gap for the policy advisor at pilot size: two peer workers, one deployed, shown exactly
    (a work figure); a team lead reads the municipality-wide dashboard under the threshold."""
    a = world.a
    start = TODAY.replace(day=1)
    deployed = make_peer(a, first_name="Pilot", last_name="Ingezet", joined_on=start)
    make_peer(a, first_name="Pilot", last_name="Wachtend", joined_on=start)
    make_assignment(make_request(a, status="active"), deployed, start_date=start)
    period = {"van": start.isoformat(), "tot": TODAY.isoformat()}
    month = start.strftime("%m-%Y")

    def pool_row(user):
        html = client_for(user).get(reverse("monitoring:overview"), period).content.decode()
        table = html.split('id="tabel-pool_vs_deployed"', 1)[1].split("</table>", 1)[0]
        row = table.split(f">{month}<", 1)[1].split("</tr>", 1)[0]
        return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]

    assert pool_row(a.users[Role.POLICY_ADVISOR]) == ["2", "1", "50"]
    assert all("pers." in cell for cell in pool_row(a.users[Role.TEAM_LEAD]))


def test_the_weeks_select_shows_the_default_it_applies(world, client_for):
    """Seen in the review screenshot: the page counted 6 weeks while the select showed "2 weken"."""
    import re

    from django.urls import reverse

    from ervaringswerk.core.tenancy import Role

    page = client_for(world.a.users[Role.COORDINATOR]).get(reverse("deployment:idle_pool")).content.decode()
    assert re.search(r'<option value="6"[^>]*selected', page)


def _entry(peer, *, days_ago, work_kind="group", status="approved", minutes=90):
    from ervaringswerk.hours.models import TimeEntry

    return TimeEntry.objects.create(
        municipality=peer.municipality,
        peer=peer,
        organisation=peer.organisation,
        date=TODAY - datetime.timedelta(days=days_ago),
        minutes=minutes,
        work_kind=work_kind,
        status=status,
    )


def test_hours_without_an_assignment_count_as_deployed_but_receiving_supervision_does_not(world):
    """Facilitating a walk-in or a group (hours on an activity or the programme, no assignment) is being
    deployed: such a peer worker is not idle, and the page shows when they last worked. Hours that are not
    work for residents or partners (intervisie or supervisie received), hours sent back or replaced, and
    hours of another municipality's peer worker do not make anyone deployed."""
    a = world.a
    peers = {
        "group": make_peer(a, first_name="Loop", last_name="Inloop", kinds=["group_activity"]),
        "old": make_peer(a, first_name="Lang", last_name="Geleden", kinds=["group_activity"]),
        "supervision": make_peer(a, first_name="Alleen", last_name="Intervisie", kinds=["group_activity"]),
        "returned": make_peer(a, first_name="Terug", last_name="Gegeven", kinds=["group_activity"]),
    }
    _entry(peers["group"], days_ago=10)
    _entry(peers["old"], days_ago=60)
    _entry(peers["supervision"], days_ago=3, work_kind="supervision")
    _entry(peers["returned"], days_ago=3, status="returned")
    other = make_peer(world.b, first_name="Buur", last_name="Uren")
    _entry(other, days_ago=1)

    data = idle_pool(viewer=viewer(a.users[Role.COORDINATOR]), weeks=6)
    rows = {row.peer.last_name: row for row in data.rows}
    assert set(rows) == {"Geleden", "Intervisie", "Gegeven"}
    assert rows["Geleden"].last_deployed == TODAY - datetime.timedelta(days=60)
    assert rows["Intervisie"].last_deployed is None
    assert rows["Gegeven"].last_deployed is None
    assert (data.pool_size, data.deployed) == (4, 1)
    # two weeks back the facilitator has not worked either
    short = idle_pool(viewer=viewer(a.users[Role.COORDINATOR]), weeks=1)
    assert {row.peer.last_name: row.last_deployed for row in short.rows}["Inloop"] == (
        TODAY - datetime.timedelta(days=10)
    )


def test_the_last_deployment_is_the_latest_of_assignment_and_hours(world):
    a = world.a
    peer = make_peer(a, first_name="Beide", last_name="Soorten", kinds=["group_activity"])
    make_assignment(
        make_request(a, kind=DeploymentKind.GROUP_ACTIVITY, status="matched"),
        peer,
        status=AssignmentStatus.ENDED,
        start_date=TODAY - datetime.timedelta(days=200),
        end_date=TODAY - datetime.timedelta(days=100),
    )
    _entry(peer, days_ago=70)
    data = idle_pool(viewer=viewer(a.users[Role.COORDINATOR]), weeks=6)
    assert [row.last_deployed for row in data.rows] == [TODAY - datetime.timedelta(days=70)]
