"""The programme pages: figures against hand-computed values, who sees peer names, and the forms."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.tenancy import Role
from ervaringswerk.hours.models import EntryStatus, TimeEntry
from ervaringswerk.hours.programme_selectors import programme_figures
from ervaringswerk.organisations.models import Milestone, OrganisationKind, Programme, ProgrammeRate
from ervaringswerk.organisations.services import milestone_add, organisation_create, programme_update
from ervaringswerk.pool.services import peer_worker_create

from .factories import peer_for, programme_for

D = datetime.date
TODAY = D(2026, 3, 31)  # day 90 of the 365-day programme


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)
    return TODAY


@pytest.fixture
def booked(world, today):
    """Six entries written directly (this is about reading them), in four statuses.

    counting (submitted + approved): 600 + 300 + 240 + 60 = 1200 min = 20 h; approved 960 min = 16 h.
    """
    t = world.a
    programme = programme_for(t, code="REKEN", hours_total=Decimal(200))
    debt = organisation_create(
        municipality=t.municipality, name="Schuldhulp Aastad", kind=OrganisationKind.DEBT_HELP
    )
    programme.partners.add(debt)
    ulla = peer_for(t)
    bram = peer_worker_create(
        organisation=t.organisations["pool"],
        first_name="Bram",
        last_name="Tweede",
        joined_on=D(2025, 1, 1),
        weekly_hours=Decimal(16),
        employment_form="payroll",
    )
    team = t.organisations["team"]
    for peer, day, minutes, kind, partner, status in (
        (ulla, D(2026, 1, 15), 600, "direct_contact", team, EntryStatus.APPROVED),
        (ulla, D(2026, 3, 10), 300, "group", None, EntryStatus.APPROVED),
        (bram, D(2026, 3, 20), 240, "consultation", team, EntryStatus.SUBMITTED),
        (bram, D(2026, 3, 25), 120, "direct_contact", team, EntryStatus.RETURNED),
        (ulla, D(2026, 2, 2), 180, "travel", None, EntryStatus.REPLACED),
        (bram, D(2026, 3, 30), 60, "direct_contact", debt, EntryStatus.APPROVED),
    ):
        TimeEntry.objects.create(
            municipality=t.municipality,
            peer=peer,
            organisation=t.organisations["pool"],
            programme=programme,
            partner=partner,
            date=day,
            minutes=minutes,
            work_kind=kind,
            status=status,
        )
    return t, programme


def _rows(breakdown):
    return {row.label: (row.used_hours, row.approved_hours) for row in breakdown}


def test_figures_match_hand_computed_values(booked):
    t, programme = booked
    figures = programme_figures(viewer=viewer_for(t.users[Role.COORDINATOR]), programme=programme)
    assert (figures.used_hours, figures.approved_hours, figures.budget_hours) == (20, 16, 200)
    assert figures.planned_hours == 49.3  # 200 * 90 / 365
    assert _rows(figures.by_partner) == {
        "Wijkteam Aastad": (14, 10),  # 600 approved + 240 submitted; the returned 120 does not count
        "Eigen organisatie (niet ingehuurd)": (5, 5),  # the replaced 180 does not count
        "Schuldhulp Aastad": (1, 1),
    }
    assert _rows(figures.by_kind) == {
        "Direct contact met bewoners": (11, 11),
        "Groepswerk": (5, 5),
        "Consultatie en advies": (4, 0),
    }
    assert _rows(figures.by_peer) == {"Ulla Uren": (15, 15), "Bram Tweede": (5, 1)}
    assert figures.peer_count == 2
    # Pace: 4 - 31 March (28 days) holds 300 + 240 + 60 min = 10 h: 2,5 h a week. 275 days remain.
    assert figures.pace_hours_per_week == 2.5
    assert figures.forecast_hours == round(20 + 10 / 28 * 275, 1) == 118.2
    assert not figures.forecast_over and figures.exhausted_on is None
    # Months: cumulative actual up to today, plan pro rata, the forecast from today's month on.
    assert figures.per == "month" and len(figures.series_labels) == 12
    assert figures.actual_series[:4] == [10.0, 10.0, 20.0, None]
    assert figures.plan_series[0] == round(200 * 31 / 365, 1) and figures.plan_series[-1] == 200
    assert figures.forecast_series[:4] == [None, None, 20.0, round(20 + 10 / 28 * 30, 1)]
    assert figures.forecast_series[-1] == 118.2


def test_burn_ahead_and_forecast_over_budget_warn_on_the_page(booked, client_for):
    t, programme = booked
    programme_update(programme=programme, hours_total=Decimal(50))
    figures = programme_figures(viewer=viewer_for(t.users[Role.POLICY_ADVISOR]), programme=programme)
    assert figures.forecast_over
    # 30 h left at 10/28 h a day: 84 days after 31 March.
    assert figures.exhausted_on == D(2026, 6, 23)
    page = client_for(t.users[Role.POLICY_ADVISOR]).get(
        reverse("hours:programme_detail", args=[programme.pk])
    )
    text = page.content.decode()
    assert "loopt voor op plan: 40% van het budget gebruikt, naar rato 25%" in text
    assert "118,2 uur bij de einddatum: 68,2 uur meer dan het budget van 50 uur" in text
    assert "budget op rond 23 juni 2026" in text


def test_programme_page_shows_used_and_approved_and_names_only_to_the_contractor(booked, client_for):
    t, programme = booked
    url = reverse("hours:programme_detail", args=[programme.pk])
    coordinator = client_for(t.users[Role.COORDINATOR]).get(url).content.decode()
    gebruikt = coordinator[coordinator.index('id="gebruikt"') :][:600]
    assert "Gebruikt" in gebruikt and "20 uur" in gebruikt and "waarvan goedgekeurd: 16 uur" in gebruikt
    assert "Bram Tweede" in coordinator and "Ulla Uren" in coordinator
    assert "<svg" in coordinator and "Tabel bij deze grafiek" in coordinator  # chart + table alternative
    assert "Wijkteam Aastad" in coordinator and "Consultatie en advies" in coordinator
    for role in (Role.TEAM_LEAD, Role.POLICY_ADVISOR):
        text = client_for(t.users[role]).get(url).content.decode()
        assert "Bram Tweede" not in text and "Ulla Uren" not in text
        assert "2 ervaringsdeskundigen schreven uren op dit programma." in text
    weekly = client_for(t.users[Role.COORDINATOR]).get(url, {"per": "week"})
    assert weekly.status_code == 200 and "Uren cumulatief per week" in weekly.content.decode()
    odd = client_for(t.users[Role.COORDINATOR]).get(url, {"per": "eeuw"})
    assert odd.status_code == 200 and "Uren cumulatief per maand" in odd.content.decode()


def test_programme_page_keeps_queries_few(booked, client_for, django_assert_max_num_queries):
    t, programme = booked
    client = client_for(t.users[Role.COORDINATOR])
    url = reverse("hours:programme_detail", args=[programme.pk])
    client.get(url)
    # 4 for the session and viewer, 4 for the programme with partners, rates and milestones, 6 for the
    # figures (totals, chart, three breakdowns, burn), 1 each for the go/no-go criteria, the hire-out
    # agreements and the header's unread-notification count; 18 with a year or a week of hours alike.
    with django_assert_max_num_queries(18):
        response = client.get(url)
    assert response.status_code == 200


def test_programme_list_is_scoped(world, client_for):
    mine = programme_for(world.a, code="EIGEN")
    theirs = programme_for(world.b, code="ANDER")
    text = client_for(world.a.users[Role.TEAM_LEAD]).get(reverse("hours:programmes")).content.decode()
    assert mine.name in text and "Programma ANDER" not in text
    assert theirs.pk  # B's programme exists, yet A never sees it


def _programme_post(t, **overrides):
    data = {
        "name": "Geldzorgen Aastad",
        "code": "GELD-2026",
        "theme": "Geldzorgen",
        "description": "Pilotjaar",
        "funder": str(t.organisations["gemeente"].pk),
        "contractor": str(t.organisations["pool"].pk),
        "partners": [str(t.organisations["team"].pk)],
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "hours_per_week": "24",
        "hours_total": "1248",
        "go_no_go_date": "2026-09-01",
    }
    data.update(overrides)
    return data


def test_create_programme_and_bad_input_gives_dutch_messages_and_keeps_input(world, client_for):
    t = world.a
    client = client_for(t.users[Role.POLICY_ADVISOR])
    url = reverse("hours:programme_create")
    bad = client.post(
        url, _programme_post(t, end_date="2025-12-31", hours_total="veel", name="Mijn programma")
    )
    text = bad.content.decode()
    assert bad.status_code == 200
    assert "De einddatum ligt vóór de startdatum." in text and "Voer een getal in." in text
    assert 'value="Mijn programma"' in text
    assert not Programme.objects.exists()
    ok = client.post(url, _programme_post(t))
    programme = Programme.objects.get()
    assert ok.status_code == 302 and ok["Location"] == reverse("hours:programme_detail", args=[programme.pk])
    assert list(programme.partners.all()) == [t.organisations["team"]]
    assert programme.hours_total == Decimal(1248)
    again = client.post(url, _programme_post(t, name="Nog een"))
    assert again.status_code == 200 and "bestaat al" in again.content.decode()
    foreign = client.post(url, _programme_post(t, code="X", funder=str(world.b.organisations["gemeente"].pk)))
    assert foreign.status_code == 200 and "Selecteer een geldige keuze" in foreign.content.decode()
    assert Programme.objects.count() == 1


def test_a_coordinator_creates_only_for_their_own_organisation(world, client_for):
    t = world.a
    client = client_for(t.users[Role.COORDINATOR])
    refused = client.post(
        reverse("hours:programme_create"), _programme_post(t, contractor=str(t.organisations["team"].pk))
    )
    assert refused.status_code == 200 and "Selecteer een geldige keuze" in refused.content.decode()
    ok = client.post(reverse("hours:programme_create"), _programme_post(t, partners=[]))
    assert ok.status_code == 302 and Programme.objects.get().contractor == t.organisations["pool"]


def test_edit_rates_and_milestones(world, client_for, today):
    t = world.a
    programme = programme_for(t, code="BEWERK", rate=None)
    client = client_for(t.users[Role.COORDINATOR])
    edit = client.post(
        reverse("hours:programme_edit", args=[programme.pk]),
        _programme_post(t, code="BEWERK", hours_total="500", status="closed"),
    )
    assert edit.status_code == 302
    programme.refresh_from_db()
    assert (programme.hours_total, programme.status) == (Decimal(500), "closed")

    rate_url = reverse("hours:programme_rate_add", args=[programme.pk])
    assert (
        client.post(
            rate_url, {"work_kind": "", "valid_from": "2026-01-01", "hourly_rate": "52,50"}
        ).status_code
        == 302
    )
    overlap = client.post(
        rate_url,
        {"work_kind": "", "valid_from": "2026-06-01", "valid_until": "2026-07-01", "hourly_rate": "60"},
    )
    assert overlap.status_code == 200 and "Er is al een tarief" in overlap.content.decode()
    backwards = client.post(
        rate_url,
        {"work_kind": "group", "valid_from": "2026-06-01", "valid_until": "2026-05-01", "hourly_rate": "x"},
    )
    text = backwards.content.decode()
    assert "De einddatum ligt vóór de begindatum." in text and "Voer een getal in." in text
    assert (
        client.post(
            rate_url, {"work_kind": "group", "valid_from": "2026-01-01", "hourly_rate": "€ 61,10"}
        ).status_code
        == 302
    )
    assert sorted(ProgrammeRate.objects.values_list("work_kind", "hourly_rate")) == [
        ("", Decimal("52.50")),
        ("group", Decimal("61.10")),
    ]
    detail = client.get(reverse("hours:programme_detail", args=[programme.pk])).content.decode()
    assert "€ 52,50" in detail and "Groepswerk" in detail

    milestone_url = reverse("hours:programme_milestone_add", args=[programme.pk])
    empty = client.post(milestone_url, {"kind": "go_no_go", "title": "", "date": ""})
    assert empty.status_code == 200 and "Dit veld is vereist." in empty.content.decode()
    client.post(milestone_url, {"kind": "go_no_go", "title": "Besluit vervolg", "date": "2026-09-01"})
    milestone = Milestone.objects.get()
    assert (
        client.get(reverse("hours:programme_milestone_done", args=[programme.pk, milestone.pk])).status_code
        == 405
    )
    client.post(reverse("hours:programme_milestone_done", args=[programme.pk, milestone.pk]))
    milestone.refresh_from_db()
    assert milestone.done_on == TODAY


def test_others_may_not_change_a_programme(world, client_for):
    t = world.a
    programme = programme_for(t, code="VAST")
    milestone = milestone_add(programme=programme, kind="evaluation", title="Evaluatie", date=D(2026, 6, 1))
    data = _programme_post(t, code="VAST", hours_total="1")
    # The team lead reads the programme (a partner) but may not change it; B's coordinator finds nothing.
    assert (
        client_for(t.users[Role.TEAM_LEAD])
        .post(reverse("hours:programme_edit", args=[programme.pk]), data)
        .status_code
        == 403
    )
    other = client_for(world.b.users[Role.COORDINATOR])
    assert other.post(reverse("hours:programme_edit", args=[programme.pk]), data).status_code == 404
    assert (
        other.post(reverse("hours:programme_milestone_done", args=[programme.pk, milestone.pk])).status_code
        == 404
    )
    assert (
        other.post(
            reverse("hours:programme_rate_add", args=[programme.pk]),
            {"valid_from": "2027-01-01", "hourly_rate": "1"},
        ).status_code
        == 404
    )
    programme.refresh_from_db()
    milestone.refresh_from_db()
    assert programme.hours_total == Decimal(1000) and milestone.done_on is None
    assert ProgrammeRate.objects.filter(programme=programme).count() == 1


def test_pages_speak_english_when_chosen(booked, client_for, settings):
    from django.utils import translation

    t, programme = booked
    client = client_for(t.users[Role.COORDINATOR])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        text = client.get(reverse("hours:programme_detail", args=[programme.pk])).content.decode()
        statements = client.get(reverse("hours:statement_new"), {"maand": "2026-03"}).content.decode()
    finally:
        # The middleware leaves the request's language active in this thread; later tests expect Dutch.
        translation.activate(settings.LANGUAGE_CODE)
    assert (
        "Budget and use" in text and "of which approved: 16 hours" in text and "Hours by peer worker" in text
    )
    assert "Make statements" in statements
