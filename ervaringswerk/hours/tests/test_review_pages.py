"""The review queue is paged by peer worker, filterable to one, and its queries do not grow with rows."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ervaringswerk.core.tenancy import Role
from ervaringswerk.hours.models import EntryStatus, TimeEntry
from ervaringswerk.hours.views import REVIEW_PEERS_PER_PAGE
from ervaringswerk.pool.tests.factories import make_peer

D = datetime.date


def _waiting(tenant, peer, days: int):
    for n in range(days):
        TimeEntry.objects.create(
            municipality=tenant.municipality,
            peer=peer,
            organisation=peer.organisation,
            date=D(2026, 3, 2) + datetime.timedelta(days=n),
            minutes=60,
            work_kind="other",
            status=EntryStatus.SUBMITTED,
            description=f"werk {n}",
        )


def _get(client, **query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("hours:review"), query)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_review_queue_pages_by_peer_worker_with_queries_independent_of_rows(world, client_for):
    client = client_for(world.a.users[Role.COORDINATOR])
    _waiting(world.a, make_peer(world.a, first_name="Aaf", last_name="Aarts"), 2)
    small, html = _get(client)
    assert "2 urenregels wachten op beoordeling" in html
    for n in range(REVIEW_PEERS_PER_PAGE + 2):
        _waiting(world.a, make_peer(world.a, first_name=f"P{n:02d}", last_name=f"Peer{n:02d}"), 9)
    large, html = _get(client)
    assert large == small  # the same queries for 1 peer worker as for 12: nothing per entry or per peer
    waiting = 2 + 9 * (REVIEW_PEERS_PER_PAGE + 2)
    assert f"{waiting} urenregels wachten op beoordeling" in html  # the count is of the whole queue
    assert "Pagina 1 van 2" in html
    shown = html.count('name="entries"')
    assert shown == 2 + 9 * (REVIEW_PEERS_PER_PAGE - 1)  # whole peer workers, all their weeks
    _queries, second = _get(client, pagina=2)
    assert second.count('name="entries"') == waiting - shown


def test_review_filter_jumps_to_one_peer_worker(world, client_for):
    client = client_for(world.a.users[Role.COORDINATOR])
    for n in range(REVIEW_PEERS_PER_PAGE + 3):
        _waiting(world.a, make_peer(world.a, first_name="Vul", last_name=f"A{n:02d}"), 1)
    zoe = make_peer(world.a, first_name="Zoë", last_name="Zwart")
    _waiting(world.a, zoe, 3)
    _count, html = _get(client)
    assert "Zoë Zwart ·" not in html  # last in name order: not on page one
    _count, html = _get(client, ervaringsdeskundige=str(zoe.pk))
    assert "Zoë Zwart ·" in html and html.count('name="entries"') == 3
    other = make_peer(world.b, first_name="Elders", last_name="B")
    _waiting(world.b, other, 2)
    _count, html = _get(client, ervaringsdeskundige=str(other.pk))  # another municipality's: ignored
    assert "Elders" not in html


def test_approve_all_shown_takes_every_entry_on_the_page_and_nothing_else(world, client_for):
    """Issue 18: 27 ticks for 27 entries was the only way; one button approves everything the page shows."""
    client = client_for(world.a.users[Role.COORDINATOR])
    for n in range(REVIEW_PEERS_PER_PAGE + 1):
        _waiting(world.a, make_peer(world.a, first_name=f"P{n:02d}", last_name=f"Peer{n:02d}"), 3)
    other = make_peer(world.b, first_name="Elders", last_name="B")
    _waiting(world.b, other, 2)
    _count, html = _get(client)
    assert 'name="alle"' in html and "Alle 30 getoonde urenregels goedkeuren" in html
    shown = {line.split('value="')[1].split('"')[0] for line in html.split("\n") if 'name="getoond"' in line}
    assert len(shown) == 3 * REVIEW_PEERS_PER_PAGE
    # A forged list naming another municipality's entry and an already approved one: neither is touched.
    foreign = TimeEntry.objects.filter(peer=other).first()
    done = TimeEntry.objects.filter(peer__municipality=world.a.municipality).exclude(pk__in=shown).first()
    done.status = EntryStatus.APPROVED
    done.save(update_fields=["status"])
    response = client.post(
        reverse("hours:review"), {"alle": "1", "getoond": [*shown, str(foreign.pk), str(done.pk)]}
    )
    assert response.status_code == 302
    approved = set(
        TimeEntry.objects.filter(status=EntryStatus.APPROVED, reviewed_by__isnull=False).values_list(
            "pk", flat=True
        )
    )
    assert {str(pk) for pk in approved} == shown
    foreign.refresh_from_db()
    assert foreign.status == EntryStatus.SUBMITTED
    follow = client.get(reverse("hours:review"))
    assert "30 urenregels goedgekeurd" in follow.content.decode()


def test_approve_all_without_entries_on_the_page_says_so(world, client_for):
    client = client_for(world.a.users[Role.COORDINATOR])
    response = client.post(reverse("hours:review"), {"alle": "1"}, follow=True)
    assert "Kies eerst de uren die u wilt goedkeuren." in response.content.decode()


def _week_inputs(html: str) -> dict[str, set[str]]:
    """The entries each week's button approves, as the page sends them: {"1": {pk, ...}, ...}."""
    groups: dict[str, set[str]] = {}
    for line in html.split("\n"):
        for part in line.split("<input")[1:]:
            if 'name="week-' in part:
                number = part.split('name="week-')[1].split('"')[0]
                groups.setdefault(number, set()).add(part.split('value="')[1].split('"')[0])
    return groups


def test_a_weeks_button_approves_that_week_as_shown_and_nothing_else(world, client_for):
    """Issue 18: approving per week (a peer worker's week is what a coordinator checks against the
    agreement), without ticking each line; a forged list approves only what the queue holds."""
    client = client_for(world.a.users[Role.COORDINATOR])
    anna = make_peer(world.a, first_name="Anna", last_name="Aarts")
    bram = make_peer(world.a, first_name="Bram", last_name="Bos")
    _waiting(world.a, anna, 9)  # Mon 2 March - Tue 10 March: 7 in week 10, 2 in week 11
    _waiting(world.a, bram, 3)
    other = make_peer(world.b, first_name="Elders", last_name="B")
    _waiting(world.b, other, 2)
    _count, html = _get(client)
    assert "De 7 regels van week 10 goedkeuren" in html and "De 2 regels van week 11 goedkeuren" in html
    weeks = _week_inputs(html)
    week_10 = {
        str(pk)
        for pk in TimeEntry.objects.filter(peer=anna, date__lt=D(2026, 3, 9)).values_list("pk", flat=True)
    }
    number = next(n for n, pks in weeks.items() if pks == week_10)
    foreign = TimeEntry.objects.filter(peer=other).first()
    bram_entry = TimeEntry.objects.filter(peer=bram).first()
    response = client.post(
        reverse("hours:review"),
        {"week": number, f"week-{number}": [*week_10, str(foreign.pk)], "entries": [str(bram_entry.pk)]},
    )
    assert response.status_code == 302
    approved = {
        str(pk) for pk in TimeEntry.objects.filter(status=EntryStatus.APPROVED).values_list("pk", flat=True)
    }
    assert approved == week_10  # not Anna's week 11, not Bram's ticked line, not another municipality's
    assert "7 urenregels goedgekeurd" in client.get(reverse("hours:review")).content.decode()
    # A week button that names nothing approves nothing and says what to do.
    response = client.post(reverse("hours:review"), {"week": "99"}, follow=True)
    assert "Kies eerst de uren die u wilt goedkeuren." in response.content.decode()
    assert TimeEntry.objects.filter(status=EntryStatus.APPROVED).count() == 7
