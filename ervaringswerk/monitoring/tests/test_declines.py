"""Decline reasons on the municipal dashboard (issue 14, item 8): per reason and per requesting
organisation, at pilot size.

Declined offers are work figures (exact for the policy advisor, under the threshold for anyone else), with
one exception: "it comes too close" and "my own balance needs rest" say something about one peer
worker's well-being. They are one row of the peer class (always under the threshold) and are left out of
the per-organisation counts, so no total gives them away.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment.models import DeclineReason, Offer, OfferStatus
from ervaringswerk.deployment.tests.factories import make_peer, make_request
from ervaringswerk.monitoring.filters import Filters
from ervaringswerk.monitoring.selectors import dashboard, declines
from ervaringswerk.monitoring.suppression import Audience, audience_for
from ervaringswerk.organisations.models import OrganisationKind
from ervaringswerk.organisations.services import organisation_create

TODAY = timezone.localdate()
START = TODAY - datetime.timedelta(days=60)


def _decline(request, peer, reason, *, days_ago=7):
    offer = Offer.objects.create(
        municipality=request.municipality,
        request=request,
        peer=peer,
        status=OfferStatus.DECLINED,
        hours_per_week=request.hours_per_week,
        decline_reason=reason,
    )
    responded = timezone.now() - datetime.timedelta(days=days_ago)
    Offer.objects.filter(pk=offer.pk).update(responded_at=responded)
    return offer


@pytest.fixture
def pilot(world):
    a = world.a
    debt = organisation_create(
        municipality=a.municipality, name="Schuldhulp Aastad", kind=OrganisationKind.DEBT_HELP
    )
    team_request = make_request(a, title="Wijkteam")
    debt_request = make_request(a, title="Schuld", organisation=debt)
    one, two = make_peer(a, first_name="Een"), make_peer(a, first_name="Twee")
    _decline(team_request, one, DeclineReason.LOCATION)
    _decline(debt_request, one, DeclineReason.LOCATION)
    _decline(debt_request, two, DeclineReason.NO_TIME)
    _decline(debt_request, two, DeclineReason.WELLBEING)
    _decline(team_request, one, DeclineReason.TOO_CLOSE)
    _decline(team_request, two, DeclineReason.LOCATION, days_ago=120)  # before the period
    _decline(make_request(world.b), make_peer(world.b), DeclineReason.LOCATION)  # another municipality
    return a


def _values(table):
    return {label: [cell.export() for cell in cells] for label, cells in table.rows}


def _filters(viewer, **extra):
    return Filters(START, TODAY, audience=audience_for(viewer), **extra)


def test_the_policy_advisor_reads_declines_per_reason_and_organisation_exactly(pilot):
    advisor = viewer_for(pilot.users[Role.POLICY_ADVISOR])
    by_reason, by_organisation = declines(advisor, _filters(advisor))
    rows = _values(by_reason)
    assert rows[str(DeclineReason.LOCATION.label)] == [2, 1]  # (declines, peer workers)
    assert rows[str(DeclineReason.NO_TIME.label)] == [1, 1]
    assert rows[str(DeclineReason.OTHER.label)] == [0, 0]
    # two peer workers each once: one peer worker's well-being, so under the threshold even here
    assert rows["Eigen grens of eigen balans"] == [None, None]
    assert str(DeclineReason.WELLBEING.label) not in rows and str(DeclineReason.TOO_CLOSE.label) not in rows
    # the personal reasons are not in the per-organisation counts: the sum gives nothing away
    assert _values(by_organisation) == {
        "Schuldhulp Aastad": [2, 2],
        "Wijkteam Aastad": [1, 1],
        "Totaal": [3, 2],  # = the work reasons' rows: 2 + 1 + 0 ...
    }
    assert sum(v[0] for k, v in rows.items() if k != "Eigen grens of eigen balans") == 3


def test_the_personal_reasons_show_from_the_threshold(world):
    a = world.a
    request = make_request(a)
    for i in range(5):
        _decline(request, make_peer(a, first_name=f"P{i}"), DeclineReason.WELLBEING)
    advisor = viewer_for(a.users[Role.POLICY_ADVISOR])
    by_reason, by_organisation = declines(advisor, _filters(advisor))
    assert _values(by_reason)["Eigen grens of eigen balans"] == [5, 5]
    assert _values(by_organisation) == {"Totaal": [0, 0]}


def test_a_team_lead_and_open_data_get_the_threshold(pilot):
    lead = viewer_for(pilot.users[Role.TEAM_LEAD])
    assert audience_for(lead) == Audience.ORGANISATION
    for audience in (Audience.ORGANISATION, Audience.PUBLIC):
        by_reason, by_organisation = declines(lead, Filters(START, TODAY, audience=audience))
        for table in (by_reason, by_organisation):
            assert all(cell.suppressed for _label, cells in table.rows for cell in cells), table.key


def test_with_a_total_one_small_cell_does_not_follow_from_the_others(world):
    """Open data: one organisation above the threshold and one below; the total is shown, so the next
    smallest visible row is suppressed too (complementary suppression)."""
    a = world.a
    big = organisation_create(
        municipality=a.municipality, name="Groot Aastad", kind=OrganisationKind.DEBT_HELP
    )
    mid = organisation_create(
        municipality=a.municipality, name="Middel Aastad", kind=OrganisationKind.DEBT_HELP
    )
    for organisation, n in ((big, 6), (mid, 5), (a.organisations["team"], 1)):
        request = make_request(a, organisation=organisation)
        for i in range(n):
            _decline(request, make_peer(a, first_name=f"{organisation.name}{i}"), DeclineReason.LOCATION)
    advisor = viewer_for(a.users[Role.POLICY_ADVISOR])
    _by_reason, by_organisation = declines(advisor, Filters(START, TODAY, audience=Audience.PUBLIC))
    rows = _values(by_organisation)
    assert rows["Totaal"] == [12, 12]
    assert rows["Groot Aastad"] == [6, 6]
    assert rows["Middel Aastad"] == [None, None] and rows["Wijkteam Aastad"] == [None, None]


def test_the_neighbourhood_and_programme_filters_narrow_the_declines(pilot):
    from decimal import Decimal

    from ervaringswerk.core.models import Neighbourhood
    from ervaringswerk.organisations.services import programme_create

    a = pilot
    advisor = viewer_for(a.users[Role.POLICY_ADVISOR])
    north = Neighbourhood.objects.filter(municipality=a.municipality).first() or Neighbourhood.objects.create(
        municipality=a.municipality, name="Noord", code="WK000101"
    )
    request = make_request(a, title="Noord", neighbourhood=north)
    _decline(request, make_peer(a, first_name="Drie"), DeclineReason.NOT_MY_EXPERIENCE)
    by_reason, _org = declines(advisor, _filters(advisor, neighbourhood_id=north.pk))
    assert {k: v for k, v in _values(by_reason).items() if v[0]} == {
        str(DeclineReason.NOT_MY_EXPERIENCE.label): [1, 1]
    }
    # a programme carried out by the pool with the neighbourhood team as its only partner
    programme = programme_create(
        municipality=a.municipality,
        name="Wijk",
        code="WIJK",
        funder=a.organisations["gemeente"],
        contractor=a.organisations["pool"],
        start_date=START,
        end_date=TODAY,
        hours_per_week=Decimal(8),
        hours_total=Decimal(100),
        partners=[a.organisations["team"]],
    )
    _by_reason, by_organisation = declines(advisor, _filters(advisor, programme_id=programme.pk))
    assert _values(by_organisation) == {"Wijkteam Aastad": [2, 2], "Totaal": [2, 2]}


def test_the_dashboard_page_shows_both_tables_to_the_policy_advisor(pilot, client_for):
    html = (
        client_for(pilot.users[Role.POLICY_ADVISOR])
        .get(reverse("monitoring:overview"), {"van": START.isoformat(), "tot": TODAY.isoformat()})
        .content.decode()
    )
    for key in ("declines_by_reason", "declines_by_organisation"):
        assert f'id="tabel-{key}"' in html
    assert "Schuldhulp Aastad" in html
    advisor = viewer_for(pilot.users[Role.POLICY_ADVISOR])
    assert {"declines_by_reason", "declines_by_organisation"} <= set(
        dashboard(viewer=advisor, filters=_filters(advisor))
    )
