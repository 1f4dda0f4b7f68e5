"""The time-entry pages as people use them: the peer worker writes hours, the coordinator reviews them."""

import datetime
import re
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.core.tenancy import Role
from ervaringswerk.hours.forms import parse_duration
from ervaringswerk.hours.models import EntryStatus, PeriodLock, TimeEntry
from ervaringswerk.hours.services import time_entry_approve, time_entry_create, time_entry_return, week_bounds
from ervaringswerk.organisations.services import programme_update

from .factories import peer_for, programme_for

TODAY = timezone.localdate()
MONDAY = week_bounds(TODAY)[0]


@pytest.fixture
def setup(world):
    t = world.a
    programme = programme_for(
        t, start=TODAY - datetime.timedelta(days=300), end=TODAY + datetime.timedelta(days=60)
    )
    peer = peer_for(t)
    return t, programme, peer


def _form_data(programme=None, **overrides):
    data = {
        "date": TODAY.isoformat(),
        "duration": "1:30",
        "work_kind": "direct_contact",
        "programme": str(programme.pk) if programme else "",
        "assignment": "",
        "activity": "",
        "partner": "",
        "description": "Gesprek over schulden",
        "submission_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def _write(peer, programme=None, *, day=TODAY, minutes=60, **kw):
    kw.setdefault("work_kind", "direct_contact")
    return time_entry_create(peer=peer, programme=programme, day=day, minutes=minutes, **kw)


def _text(response) -> str:
    return response.content.decode()


# ------------------------------------------------------------------------------------------ Mijn uren


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("1:30", 90),
        ("1.30", 90),
        ("1u30", 90),
        ("1 uur 30 min", 90),
        ("1,5", 90),
        ("1.5", 90),
        ("2", 120),
        ("2 uur", 120),
        ("45 min", 45),
        ("0:05", 5),
    ],
)
def test_durations_as_people_type_them(typed, minutes):
    assert parse_duration(typed) == minutes


@pytest.mark.parametrize("typed", ["", "abc", "1:75", "0", "25:00", "-1", "1:30:00"])
def test_durations_that_make_no_sense_are_refused_in_dutch(typed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        parse_duration(typed)
    assert re.search(r"(duur|tijd|minuten|hoe lang)", " ".join(exc.value.messages), re.I)


def test_peer_writes_hours_and_sees_them_in_this_week(setup, client_for):
    t, programme, peer = setup
    client = client_for(t.users[Role.PEER_WORKER])
    page = client.get(reverse("hours:my_hours"))
    assert page.status_code == 200
    assert 'name="submission_key"' in _text(page)
    assert f'value="{TODAY.isoformat()}"' in _text(page)  # the date defaults to today
    response = client.post(reverse("hours:my_hours"), _form_data(programme), follow=True)
    entry = TimeEntry.objects.get(peer=peer)
    assert (entry.minutes, entry.programme, entry.status) == (90, programme, EntryStatus.SUBMITTED)
    assert entry.created_by == t.users[Role.PEER_WORKER]
    html = _text(response)
    assert "opgeslagen en ingediend" in html
    assert f"Week {MONDAY.isocalendar().week}" in html
    assert "1:30" in html and "Ingediend" in html
    # The week total against the agreed 12 hours.
    assert re.search(r"1[,.]5 van 12[,.]?0? uur", html)


def test_a_double_submission_creates_one_entry_and_says_so(setup, client_for):
    t, programme, peer = setup
    client = client_for(t.users[Role.PEER_WORKER])
    data = _form_data(programme)
    client.post(reverse("hours:my_hours"), data)
    again = client.post(reverse("hours:my_hours"), data, follow=True)
    assert TimeEntry.objects.filter(peer=peer).count() == 1
    assert "al ontvangen" in _text(again)


def test_bad_input_keeps_what_was_typed_and_explains_in_dutch(setup, client_for):
    t, programme, peer = setup
    client = client_for(t.users[Role.PEER_WORKER])
    data = _form_data(programme, duration="anderhalf", description="Huisbezoek Oost")
    response = client.post(reverse("hours:my_hours"), data)
    assert response.status_code == 200
    html = _text(response)
    assert "Controleer de invoer" in html
    assert "Schrijf de duur als uren:minuten" in html
    assert 'value="anderhalf"' in html and 'value="Huisbezoek Oost"' in html
    assert f'value="{data["submission_key"]}"' in html  # the same key, so a retry is still one entry
    future = (TODAY + datetime.timedelta(days=3)).isoformat()
    response = client.post(reverse("hours:my_hours"), _form_data(programme, date=future))
    assert "toekomst" in _text(response) and f'value="{future}"' in _text(response)
    assert not TimeEntry.objects.exists()


def test_service_refusals_land_on_the_form(setup, client_for):
    """The programme's budget is a service rule: its Dutch message shows at the programme field."""
    t, programme, peer = setup
    programme_update(programme=programme, hours_total=Decimal(1))
    client = client_for(t.users[Role.PEER_WORKER])
    response = client.post(reverse("hours:my_hours"), _form_data(programme, duration="2:00"))
    assert response.status_code == 200
    assert "urenbudget" in _text(response) and 'value="2:00"' in _text(response)
    assert not TimeEntry.objects.exists()


def test_only_open_programmes_of_the_own_organisation_are_offered(setup, world, client_for):
    t, programme, peer = setup
    closed = programme_for(t, code="DICHT", start=programme.start_date, end=programme.end_date)
    programme_update(programme=closed, status="closed")
    elsewhere = programme_for(world.b, code="ELDERS", start=programme.start_date, end=programme.end_date)
    client = client_for(t.users[Role.PEER_WORKER])
    html = _text(client.get(reverse("hours:my_hours")))
    assert str(programme.pk) in html
    assert str(closed.pk) not in html and str(elsewhere.pk) not in html
    response = client.post(reverse("hours:my_hours"), _form_data(elsewhere))
    assert "Kies een van de mogelijkheden" in _text(response)
    assert not TimeEntry.objects.exists()


def test_warnings_show_after_saving(setup, client_for):
    t, programme, peer = setup
    _write(peer, programme, minutes=11 * 60)
    client = client_for(t.users[Role.PEER_WORKER])
    response = client.post(reverse("hours:my_hours"), _form_data(programme, duration="2"), follow=True)
    assert TimeEntry.objects.filter(peer=peer).count() == 2
    assert "meer dan de afgesproken 12" in _text(response)
    assert "utrecht-alert--warning" in _text(response)


def test_month_filter_shows_that_month(setup, client_for):
    t, programme, peer = setup
    last_month = (TODAY.replace(day=1) - datetime.timedelta(days=1)).replace(day=10)
    _write(peer, programme, day=last_month, description="Vorige maand")
    _write(peer, programme, day=TODAY, description="Deze maand")
    client = client_for(t.users[Role.PEER_WORKER])
    html = _text(client.get(reverse("hours:my_hours"), {"maand": last_month.strftime("%Y-%m")}))
    assert "Vorige maand" in html and "Deze maand" not in html
    html = _text(client.get(reverse("hours:my_hours"), {"maand": "niet-een-maand"}))
    assert "Deze maand" in html  # a bad month is no filter, not an error


def test_peer_edits_and_deletes_own_entry_but_not_approved_ones(setup, client_for):
    t, programme, peer = setup
    entry = _write(peer, programme)
    client = client_for(t.users[Role.PEER_WORKER])
    url = reverse("hours:entry_edit", args=[entry.pk])
    form = client.get(url)
    assert 'value="1:00"' in _text(form)
    bad = client.post(url, _form_data(programme, duration="", submission_key=""))
    assert bad.status_code == 200 and "Vul in hoe lang" in _text(bad)
    client.post(url, _form_data(programme, duration="0:45", submission_key=""))
    entry.refresh_from_db()
    assert entry.minutes == 45 and entry.status == EntryStatus.SUBMITTED
    assert client.get(reverse("hours:entry_delete", args=[entry.pk])).status_code == 405
    client.post(reverse("hours:entry_delete", args=[entry.pk]))
    assert not TimeEntry.objects.filter(pk=entry.pk).exists()

    approved = time_entry_approve(entry=_write(peer, programme), actor=viewer_for(t.users[Role.COORDINATOR]))
    response = client.get(reverse("hours:entry_edit", args=[approved.pk]), follow=True)
    assert "niet meer wijzigen" in _text(response)
    response = client.post(reverse("hours:entry_delete", args=[approved.pk]), follow=True)
    assert "niet verwijderen" in _text(response)
    assert TimeEntry.objects.filter(pk=approved.pk).exists()


def test_another_peers_entry_is_404(setup, client_for):
    t, programme, peer = setup
    from ervaringswerk.pool.services import peer_worker_create

    other = peer_worker_create(organisation=t.organisations["pool"], first_name="Ander", last_name="Peer")
    theirs = _write(other, programme)
    client = client_for(t.users[Role.PEER_WORKER])
    assert client.get(reverse("hours:entry_edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("hours:entry_delete", args=[theirs.pk])).status_code == 404
    assert TimeEntry.objects.filter(pk=theirs.pk).exists()
    assert "Ander" not in _text(client.get(reverse("hours:my_hours")))


def test_peer_without_a_pool_record_gets_an_explanation(world, client_for):
    response = client_for(world.a.users[Role.PEER_WORKER]).get(reverse("hours:my_hours"))
    assert response.status_code == 200 and "nog niet gekoppeld" in _text(response)


# ------------------------------------------------------------------------------------------ review


def test_coordinator_approves_several_at_once(setup, client_for):
    t, programme, peer = setup
    first, second, third = (_write(peer, programme, minutes=m) for m in (30, 40, 50))
    client = client_for(t.users[Role.COORDINATOR])
    queue = _text(client.get(reverse("hours:review")))
    assert "3 urenregels wachten" in queue and str(peer) in queue
    response = client.post(
        reverse("hours:review"), {"entries": [str(first.pk), str(second.pk), "geen-uuid"]}, follow=True
    )
    assert "2 urenregels goedgekeurd" in _text(response)
    statuses = {e.pk: e.status for e in TimeEntry.objects.all()}
    assert statuses == {
        first.pk: EntryStatus.APPROVED,
        second.pk: EntryStatus.APPROVED,
        third.pk: EntryStatus.SUBMITTED,
    }
    nothing = client.post(reverse("hours:review"), {}, follow=True)
    assert "Kies eerst" in _text(nothing)


def test_coordinator_approves_one(setup, client_for):
    t, programme, peer = setup
    entry = _write(peer, programme)
    client = client_for(t.users[Role.COORDINATOR])
    client.post(reverse("hours:entry_approve", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.status == EntryStatus.APPROVED and entry.reviewed_by == t.users[Role.COORDINATOR]
    again = client.post(reverse("hours:entry_approve", args=[entry.pk]), follow=True)
    assert "al beoordeeld" in _text(again)


def test_coordinator_returns_with_a_comment_the_peer_sees(setup, client_for):
    t, programme, peer = setup
    entry = _write(peer, programme)
    client = client_for(t.users[Role.COORDINATOR])
    url = reverse("hours:entry_return", args=[entry.pk])
    empty = client.post(url, {"comment": "  "})
    assert empty.status_code == 200 and "waarom" in _text(empty)
    client.post(url, {"comment": "Was dit niet 45 minuten?"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.RETURNED
    mine = _text(client_for(t.users[Role.PEER_WORKER]).get(reverse("hours:my_hours")))
    assert "Was dit niet 45 minuten?" in mine and "Teruggegeven" in mine


def test_correction_leaves_a_trace_on_both_entries(setup, client_for):
    t, programme, peer = setup
    entry = _write(peer, programme, minutes=120)
    client = client_for(t.users[Role.COORDINATOR])
    url = reverse("hours:entry_correct", args=[entry.pk])
    form = _text(client.get(url))
    assert 'value="2:00"' in form  # prefilled
    missing = client.post(url, _form_data(programme, duration="1:30", submission_key="", reason=""))
    assert "waarom u de uren corrigeert" in _text(missing) and 'value="1:30"' in _text(missing)
    client.post(url, _form_data(programme, duration="1:30", submission_key="", reason="Reistijd dubbel"))
    entry.refresh_from_db()
    replacement = entry.correction
    assert entry.status == EntryStatus.REPLACED
    assert (replacement.minutes, replacement.status) == (90, EntryStatus.APPROVED)
    coordinator = t.users[Role.COORDINATOR].get_full_name()
    mine = _text(client_for(t.users[Role.PEER_WORKER]).get(reverse("hours:my_hours")))
    assert mine.count(f"Gecorrigeerd door {coordinator}, reden: Reistijd dubbel") == 2
    overview = _text(client_for(t.users[Role.COORDINATOR]).get(reverse("hours:overview")))
    assert overview.count("Gecorrigeerd door") == 2


def test_overview_filters(setup, client_for):
    t, programme, peer = setup
    other_programme = programme_for(t, code="ANDER", start=programme.start_date, end=programme.end_date)
    _write(peer, programme, minutes=60, description="Geld")
    _write(peer, other_programme, minutes=30, description="Ander")
    client = client_for(t.users[Role.COORDINATOR])
    html = _text(client.get(reverse("hours:overview"), {"programma": str(programme.pk)}))
    assert "Geld" in html and "Ander</td>" not in html
    assert re.search(r"<strong>1([,.]0+)? uur</strong>", html)
    html = _text(client.get(reverse("hours:overview"), {"status": "approved", "programma": "onzin"}))
    assert "Geen uren met deze filters" in html


def test_another_municipality_is_404(setup, world, client_for):
    t, programme, peer = setup
    entry = _write(peer, programme)
    other = client_for(world.b.users[Role.COORDINATOR])
    assert other.get(reverse("hours:entry_return", args=[entry.pk])).status_code == 404
    assert other.get(reverse("hours:entry_correct", args=[entry.pk])).status_code == 404
    assert other.post(reverse("hours:entry_approve", args=[entry.pk])).status_code == 404
    assert other.post(reverse("hours:entry_return", args=[entry.pk]), {"comment": "x"}).status_code == 404
    assert str(peer) not in _text(other.get(reverse("hours:review")))
    assert str(peer) not in _text(other.get(reverse("hours:overview")))
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


# ------------------------------------------------------------------------------------------ locks


def test_locking_a_past_month_and_the_refusals_in_dutch(setup, client_for):
    t, programme, peer = setup
    last_month = (TODAY.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    waiting = _write(peer, programme, day=last_month)
    client = client_for(t.users[Role.COORDINATOR])
    page = _text(client.get(reverse("hours:locks")))
    assert "Lopende maand" in page
    refused = client.post(reverse("hours:lock_create"), {"month": last_month.strftime("%Y-%m")}, follow=True)
    assert "wachten nog 1 urenregels" in _text(refused)
    assert not PeriodLock.objects.exists()
    current = client.post(reverse("hours:lock_create"), {"month": TODAY.strftime("%Y-%m")}, follow=True)
    assert "Alleen een voorbije maand" in _text(current)
    nonsense = client.post(reverse("hours:lock_create"), {"month": "gisteren"}, follow=True)
    assert "Kies een maand" in _text(nonsense)

    time_entry_approve(entry=waiting, actor=viewer_for(t.users[Role.COORDINATOR]))
    done = client.post(reverse("hours:lock_create"), {"month": last_month.strftime("%Y-%m")}, follow=True)
    assert "is afgesloten" in _text(done) and "Afgesloten" in _text(done)
    lock = PeriodLock.objects.get()
    assert (lock.month, lock.organisation) == (last_month, t.organisations["pool"])
    # The locked month refuses the peer worker too, in Dutch, on the form.
    peer_client = client_for(t.users[Role.PEER_WORKER])
    response = peer_client.post(reverse("hours:my_hours"), _form_data(programme, date=last_month.isoformat()))
    assert "is afgesloten" in _text(response)


def test_reopening_a_month_from_the_locks_page(setup, client_for):
    t, programme, peer = setup
    last_month = (TODAY.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    entry = _write(peer, programme, day=last_month)
    coordinator = viewer_for(t.users[Role.COORDINATOR])
    time_entry_approve(entry=entry, actor=coordinator)
    client = client_for(t.users[Role.COORDINATOR])
    client.post(reverse("hours:lock_create"), {"month": last_month.strftime("%Y-%m")})
    assert PeriodLock.objects.exists()
    page = _text(client.get(reverse("hours:locks")))
    assert "Heropenen" in page and 'name="reason"' in page
    without_reason = client.post(
        reverse("hours:lock_reopen"), {"month": last_month.strftime("%Y-%m"), "reason": ""}, follow=True
    )
    assert "Geef een reden" in _text(without_reason) and PeriodLock.objects.exists()
    done = client.post(
        reverse("hours:lock_reopen"),
        {"month": last_month.strftime("%Y-%m"), "reason": "Uren van de training ontbraken"},
        follow=True,
    )
    assert "is heropend" in _text(done) and not PeriodLock.objects.exists()
    assert "Uren van de training ontbraken" in _text(done)  # the reason stays visible on the page


def test_the_locks_page_counts_returned_entries(setup, client_for):
    t, programme, peer = setup
    last_month = (TODAY.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    entry = _write(peer, programme, day=last_month)
    time_entry_return(entry=entry, comment="Welke activiteit?", actor=viewer_for(t.users[Role.COORDINATOR]))
    client = client_for(t.users[Role.COORDINATOR])
    refused = client.post(reverse("hours:lock_create"), {"month": last_month.strftime("%Y-%m")}, follow=True)
    assert "teruggegeven" in _text(refused) and not PeriodLock.objects.exists()


# ------------------------------------------------------------------------------------------ menu, panel


def test_menu_and_panel(setup, world, client_for):
    t, programme, peer = setup
    _write(peer, programme, minutes=90)
    peer_page = _text(client_for(t.users[Role.PEER_WORKER]).get(reverse("core:my_work")))
    assert reverse("hours:my_hours") in peer_page
    assert re.search(r"Deze week 1[,.]5 van de afgesproken 12[,.]?0? uur", peer_page)
    coordinator_page = _text(client_for(t.users[Role.COORDINATOR]).get(reverse("hours:review")))
    assert f'href="{reverse("hours:review")}"' in coordinator_page and "Uren beoordelen" in coordinator_page
    advisor_page = _text(client_for(t.users[Role.POLICY_ADVISOR]).get(reverse("monitoring:overview")))
    assert (
        f'href="{reverse("hours:my_hours")}"' not in advisor_page
    )  # "/uren/" alone is a prefix of "/uren/programmas/"


def test_coordinator_panel_counts_the_queue(setup, rf):
    from ervaringswerk.hours.panels import my_work

    t, programme, peer = setup
    _write(peer, programme)
    request = rf.get("/")
    request.viewer = viewer_for(t.users[Role.COORDINATOR])
    [(template, context)] = my_work(request, None)
    assert template == "hours/my_hours_panel.html" and context == {"review": True, "waiting": 1}


def test_reading_an_entry_to_review_is_audited(setup, client_for):
    t, programme, peer = setup
    entry = _write(peer, programme)
    client_for(t.users[Role.COORDINATOR]).get(reverse("hours:entry_correct", args=[entry.pk]))
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(entry.pk)).exists()
