"""The public agenda and its iCalendar feed: public, filterable, and without personal data."""

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from ervaringswerk.activities import services
from ervaringswerk.activities.models import ActivityKind
from ervaringswerk.activities.recurrence import AMSTERDAM
from ervaringswerk.activities.selectors import public_sessions
from ervaringswerk.core.models import ExperienceDomain
from ervaringswerk.core.tenancy import Role

from .factories import group, own_peer, peer_for, viewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(world):
    """Two public activities and one internal one in A, one public activity in B."""
    today = timezone.localdate()
    a = world.a
    peer = own_peer(world)
    other_peer = peer_for(world, first="Zeldzame", last="Achternaamvanpeer")
    professional = a.users[Role.PROFESSIONAL]
    armoede = ExperienceDomain.objects.get(municipality=a.municipality, slug="armoede-schulden")
    recovery = group(
        world,
        title="Herstelgroep Noord",
        start_date=today + timedelta(days=1),
        end_date=today + timedelta(days=40),
        today=today,
        is_public=True,
        neighbourhood=a.neighbourhoods[0],
        place="Buurthuis Noord",
        description="Voor iedereen die aan herstel werkt.",
        peer_facilitators=[peer, other_peer],
        user_facilitators=[professional],
        skip_holidays=False,
    )
    theme_meeting = group(
        world,
        title="Geldzorgen-café",
        kind=ActivityKind.THEME_MEETING,
        start_date=today + timedelta(days=2),
        end_date=today + timedelta(days=40),
        start_time=time(14, 0),
        today=today,
        is_public=True,
        neighbourhood=a.neighbourhoods[1],
        themes=[armoede],
        skip_holidays=False,
    )
    internal = group(
        world,
        title="Geheime intervisie",
        kind=ActivityKind.INTERVISION,
        organisers=[a.organisations["pool"]],
        start_date=today + timedelta(days=3),
        end_date=today + timedelta(days=40),
        start_time=time(10, 0),
        today=today,
    )
    b_group = group(
        world,
        tenant="b",
        title="Beedorpse groep",
        start_date=today + timedelta(days=1),
        end_date=today + timedelta(days=40),
        today=today,
        is_public=True,
    )
    return {
        "recovery": recovery,
        "theme": theme_meeting,
        "internal": internal,
        "b": b_group,
        "peers": [peer, other_peer],
    }


def test_agenda_is_public_and_lists_only_this_municipalitys_public_sessions(world, client, agenda):
    response = client.get(reverse("agenda:agenda", args=[world.a.municipality.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Herstelgroep Noord" in page and "Geldzorgen-café" in page
    assert "Geheime intervisie" not in page and "Beedorpse groep" not in page
    assert "Buurthuis Noord" in page and "Wijkteam Aastad" in page  # place and organisations
    assert reverse("agenda:ics", args=[world.a.municipality.slug]) in page


def test_no_personal_data_on_the_public_agenda_or_in_the_feed(world, client, client_for, agenda):
    names = []
    for peer in agenda["peers"]:
        names += [peer.first_name, peer.last_name, str(peer)]
    professional = world.a.users[Role.PROFESSIONAL]
    names += [professional.get_full_name(), professional.username]
    # Record attendance with resident codes: they must not leak either.
    session = agenda["recovery"].sessions.order_by("starts_at").first()
    services.session_attendance_record(
        viewer=viewer(world.a.users[Role.COORDINATOR]),
        session=session,
        new_participants=2,
        resident_codes=["RC-SECRET1"],
        now=session.ends_at,
    )
    slug = world.a.municipality.slug
    for user in (None, world.a.users[Role.POLICY_ADVISOR]):
        client = client_for(user)
        for url in (reverse("agenda:agenda", args=[slug]), reverse("agenda:ics", args=[slug])):
            body = client.get(url + "?weken=12").content.decode()
            leaked = [n for n in names + ["RC-SECRET1"] if n and n in body]
            assert not leaked, f"{url} shows {leaked}"


def test_agenda_filters_by_neighbourhood_and_theme(world, client, agenda):
    url = reverse("agenda:agenda", args=[world.a.municipality.slug])
    by_hood = client.get(url, {"wijk": str(world.a.neighbourhoods[0].pk)}).content.decode()
    assert "Herstelgroep Noord" in by_hood and "Geldzorgen-café" not in by_hood
    by_theme = client.get(url, {"thema": "armoede-schulden"}).content.decode()
    assert "Geldzorgen-café" in by_theme and "Herstelgroep Noord" not in by_theme
    # Nonsense filters are ignored, never a 500.
    assert client.get(url, {"wijk": "../../etc", "thema": "<script>", "weken": "x"}).status_code == 200


def test_only_anonymous_answers_are_publicly_cacheable(world, client_for):
    url = reverse("agenda:agenda", args=[world.a.municipality.slug])
    anonymous = client_for(None).get(url)
    assert "public" in anonymous["Cache-Control"] and "Cookie" in anonymous["Vary"]
    logged_in = client_for(world.a.users[Role.POLICY_ADVISOR]).get(url)
    # Signed in, every response is no-store (issue 12): stricter than private, never public.
    assert "no-store" in logged_in["Cache-Control"] and "public" not in logged_in["Cache-Control"]


def test_unknown_municipality_is_404(client, world):
    assert client.get(reverse("agenda:agenda", args=["bestaat-niet"])).status_code == 404
    assert client.get(reverse("agenda:ics", args=["bestaat-niet"])).status_code == 404


def test_ical_feed_validates_and_carries_cancellations(world, client, agenda):
    coordinator = viewer(world.a.users[Role.COORDINATOR])
    sessions = list(agenda["recovery"].sessions.order_by("starts_at"))
    services.session_cancel(viewer=coordinator, session=sessions[1], reason="Ruimte bezet")
    response = client.get(reverse("agenda:ics", args=[world.a.municipality.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and "PRODID" in calendar
    events = calendar.walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    assert f"{sessions[0].pk}@ervaringswerk" in uids
    titles = {str(e["SUMMARY"]) for e in events}
    assert "Geheime intervisie" not in titles and "Beedorpse groep" not in titles
    cancelled = next(e for e in events if str(e["UID"]) == f"{sessions[1].pk}@ervaringswerk")
    assert str(cancelled["STATUS"]) == "CANCELLED" and int(cancelled["SEQUENCE"]) == 1
    assert "Ruimte bezet" in str(cancelled["DESCRIPTION"])
    first = next(e for e in events if str(e["UID"]) == f"{sessions[0].pk}@ervaringswerk")
    assert first.decoded("DTSTART") == sessions[0].starts_at
    assert first.decoded("DTEND") == sessions[0].ends_at
    # The feed follows the page's filters.
    filtered = Calendar.from_ical(
        client.get(
            reverse("agenda:ics", args=[world.a.municipality.slug]), {"thema": "armoede-schulden"}
        ).content
    )
    assert {str(e["SUMMARY"]) for e in filtered.walk("VEVENT")} == {"Geldzorgen-café"}


def test_holiday_cancellation_is_visible_on_the_agenda(world, client):
    # A Monday group across Easter Monday 2026, seen from before it.
    group(
        world,
        title="Maandaggroep",
        start_date=date(2026, 3, 30),
        end_date=date(2026, 4, 13),
        is_public=True,
        today=date(2026, 3, 29),
    )

    sessions = list(
        public_sessions(
            municipality=world.a.municipality, start=datetime(2026, 3, 29, tzinfo=AMSTERDAM), weeks=3
        )
    )
    easter = next(s for s in sessions if s.starts_at.astimezone(AMSTERDAM).date() == date(2026, 4, 6))
    assert easter.status == "cancelled" and easter.cancel_reason == "Feestdag: Tweede Paasdag"
