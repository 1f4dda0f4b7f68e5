"""Demo activities (invented names): in Utrecht a weekly recovery group and a monthly theme meeting run by a
neighbourhood team with a self-direction centre, the walk-in "Herstelinloop De Werkplaats" with its host
roster, six-weekly intervision with history (one peer worker overdue) and a training for peer workers;
in Helmond the pilot's learning sessions with minutes. Dates are relative to today; idempotent."""

from datetime import time, timedelta

from django.utils import timezone

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.core.models import ExperienceDomain
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.organisations.models import Programme
from ervaringswerk.organisations.selectors import learning_milestones_of
from ervaringswerk.pool.models import PeerWorker
from ervaringswerk.pool.services import peer_worker_create

from . import services
from .models import Activity, ActivityKind, DevelopmentRhythm, Frequency, MinuteKind, SessionStatus

# (organisation key, first, last, weekly hours): peer workers this demo needs (found when the pool's demo
# made them already).
EXTRA_PEERS = [
    ("utrecht.zrc", "Sanne", "Hoekstra", 12),
    ("utrecht.inloop", "Joyce", "Verbeek", 9),
    ("utrecht.inloop", "Hamid", "Ouali", 9),
    ("utrecht.inloop", "Lotte", "de Graaf", 6),
    ("utrecht.welzijn", "Mirjam", "Kok", 12),
]


def _peer(ctx, org_key, first, last, hours=12):
    organisation = ctx.organisations[org_key]
    peer = PeerWorker.objects.filter(organisation=organisation, first_name=first, last_name=last).first()
    return peer or peer_worker_create(
        organisation=organisation, first_name=first, last_name=last, weekly_hours=hours, max_residents=3
    )


def _themes(municipality, *slugs):
    return list(ExperienceDomain.objects.filter(municipality=municipality, slug__in=slugs))


def _exists(municipality, title):
    return Activity.objects.filter(municipality=municipality, title=title).first()


def _hold(session, viewer: Viewer, *, new, returning, present=None, codes=(), learning=None):
    if session.status != SessionStatus.PLANNED or session.starts_at > timezone.now():
        return
    services.session_attendance_record(
        viewer=viewer,
        session=session,
        new_participants=new,
        returning_participants=returning,
        resident_codes=codes,
        present_peer_ids=present,
        learning=learning,
    )


def load(ctx) -> None:
    today = timezone.localdate()
    utrecht = ctx.municipalities["utrecht"]
    zrc = ctx.organisations["utrecht.zrc"]  # the self-direction centre (core/demo.py), with its own pool
    peers = {
        f"{first} {last}": _peer(ctx, org, first, last, hours) for org, first, last, hours in EXTRA_PEERS
    }
    dewi = PeerWorker.objects.get(user=ctx.users["peer.utrecht"])
    professional = viewer_for(ctx.users["professional.utrecht"])
    coordinator = viewer_for(ctx.users["coordinator.utrecht"])
    overvecht = ctx.neighbourhoods[("utrecht", "Overvecht")]
    team = ctx.organisations["utrecht.team-overvecht"]

    # 1. Weekly recovery group, neighbourhood team + self-direction centre, ten weeks of history.
    group = _exists(utrecht, "Herstelgroep Overvecht")
    if group is None:
        start = today - timedelta(weeks=10)
        start += timedelta(days=(1 - start.weekday()) % 7)  # a Tuesday
        group = services.activity_create(
            viewer=professional,
            title="Herstelgroep Overvecht",
            kind=ActivityKind.RECOVERY_GROUP,
            description="Elke dinsdagavond: in een kleine groep werken aan je eigen herstel, met mensen die "
            "weten hoe het is. Koffie en thee staan klaar. Aanmelden hoeft niet.",
            organisers=[team, zrc],
            peer_facilitators=[peers["Sanne Hoekstra"]],
            user_facilitators=[ctx.users["professional.utrecht"]],
            place="Wijkcentrum De Dreef, Dreef 12",
            neighbourhood=overvecht,
            themes=_themes(utrecht, "ggz", "eenzaamheid"),
            capacity=12,
            is_public=True,
            frequency=Frequency.WEEKLY,
            start_date=start,
            start_time=time(19, 0),
            duration_minutes=120,
            extra_minutes=30,
            today=start,
        )
        for n, session in enumerate(group.sessions.order_by("starts_at")):
            _hold(
                session,
                professional,
                new=1 + n % 3,
                returning=4 + n % 4,
                codes=[f"OV-{100 + n}"] if n % 2 else [],
            )

    # 2. Monthly theme meeting, same partners.
    if _exists(utrecht, "Themabijeenkomst Geldzorgen en herstel") is None:
        start = today - timedelta(days=70)
        meeting = services.activity_create(
            viewer=professional,
            title="Themabijeenkomst Geldzorgen en herstel",
            kind=ActivityKind.THEME_MEETING,
            description="Elke maand een thema rond geld, schulden en herstel, ingeleid door een "
            "ervaringsdeskundige. Voor bewoners en professionals.",
            organisers=[team, zrc],
            peer_facilitators=[peers["Sanne Hoekstra"]],
            place="Bibliotheek Overvecht, zaal 2",
            neighbourhood=overvecht,
            themes=_themes(utrecht, "armoede-schulden"),
            capacity=30,
            is_public=True,
            frequency=Frequency.MONTHLY,
            start_date=start,
            start_time=time(14, 0),
            duration_minutes=120,
            extra_minutes=60,
            today=start,
        )
        for n, session in enumerate(meeting.sessions.order_by("starts_at")):
            _hold(session, professional, new=6 + n, returning=8)

    # 3. The walk-in with its host roster (two hosts per part of day; some gaps left open on purpose).
    walk_in = _exists(utrecht, "Herstelinloop De Werkplaats")
    if walk_in is None:
        start = today - timedelta(days=14)
        walk_in = services.activity_create(
            viewer=coordinator,
            title="Herstelinloop De Werkplaats",
            kind=ActivityKind.WALK_IN,
            description="Binnenlopen zonder afspraak: een kop koffie, een praatje, iemand die luistert. "
            "Gerund door (ex-)cliënten; getrainde ervaringscoaches zijn gastvrouw of gastheer.",
            organisers=[ctx.organisations["utrecht.inloop"], ctx.organisations["utrecht.welzijn"]],
            place="De Werkplaats, Kanaalstraat 80",
            neighbourhood=ctx.neighbourhoods[("utrecht", "Zuidwest")],
            themes=_themes(utrecht, "ggz", "verslaving", "eenzaamheid"),
            is_public=True,
            frequency=Frequency.WEEKLY,
            weekdays=[0, 2, 4],
            start_date=start,
            start_time=time(10, 0),
            duration_minutes=180,
            hosts_needed=2,
            today=start,
        )
        inloop_viewer = coordinator
        hosts = [dewi, peers["Joyce Verbeek"], peers["Hamid Ouali"], peers["Lotte de Graaf"]]
        now = timezone.now()
        for n, session in enumerate(walk_in.sessions.order_by("starts_at")):
            if session.status != SessionStatus.PLANNED:
                continue
            if session.starts_at < now:
                for peer in (hosts[n % 4], hosts[(n + 1) % 4]):
                    services.session_facilitator_add(viewer=inloop_viewer, session=session, peer=peer)
                _hold(session, inloop_viewer, new=2 + n % 3, returning=9 + n % 5)
            elif session.starts_at < now + timedelta(weeks=3):
                # Upcoming: sign up as the peers would; every third slot keeps a gap, every fifth stays empty.
                chosen = (
                    [] if n % 5 == 0 else [hosts[n % 4]] if n % 3 == 0 else [hosts[n % 4], hosts[(n + 1) % 4]]
                )
                for peer in chosen:
                    if services.host_check(peer=peer, session=session) is None:
                        services._add_facilitator(session, peer=peer)

    # 4. Six-weekly intervision of the welfare organisation's pool, with history; Mirjam is overdue.
    welzijn = ctx.organisations["utrecht.welzijn"]
    DevelopmentRhythm.objects.get_or_create(
        municipality=utrecht,
        organisation=welzijn,
        kind=ActivityKind.INTERVISION,
        defaults={"max_interval_days": 42},
    )
    if _exists(utrecht, "Intervisie ervaringsdeskundigen Domstad") is None:
        start = today - timedelta(weeks=6 * 5 - 2)
        start += timedelta(days=(3 - start.weekday()) % 7)  # a Thursday
        intervision = services.activity_create(
            viewer=coordinator,
            title="Intervisie ervaringsdeskundigen Domstad",
            kind=ActivityKind.INTERVISION,
            description="Zes-wekelijkse intervisie onder begeleiding van een externe supervisor.",
            organisers=[welzijn],
            place="Kantoor Stichting Welzijn Domstad, kamer 3",
            frequency=Frequency.WEEKLY,
            interval=6,
            start_date=start,
            start_time=time(14, 0),
            duration_minutes=120,
            today=start,
        )
        mirjam = peers["Mirjam Kok"]
        held = [s for s in intervision.sessions.order_by("starts_at") if s.starts_at < timezone.now()]
        pool = [p for p in services.eligible_attendees(held[0]) if p.status == "active"] if held else []
        for n, session in enumerate(held):
            day = timezone.localtime(session.starts_at).date()
            # Everyone who had joined by then came, except Mirjam, who missed the last two.
            present = [
                p.pk for p in pool if (p.joined_on or day) <= day and (p.pk != mirjam.pk or n < len(held) - 2)
            ]
            _hold(session, coordinator, new=None, returning=None, present=present)

    # 5. A training for peer workers (recorded on their growth path).
    if _exists(utrecht, "Training Herstelgericht werken") is None:
        start = today - timedelta(days=21)
        start += timedelta(days=(1 - start.weekday()) % 7)  # a Tuesday
        training = services.activity_create(
            viewer=coordinator,
            title="Training Herstelgericht werken",
            kind=ActivityKind.PEER_TRAINING,
            description="Twee dagdelen over herstelgericht werken en het inzetten van je eigen verhaal.",
            organisers=[welzijn],
            place="Kantoor Stichting Welzijn Domstad",
            frequency=Frequency.CUSTOM,
            custom_dates=[start, start + timedelta(days=7)],
            start_date=start,
            start_time=time(9, 30),
            duration_minutes=180,
            today=start,
        )
        for session in training.sessions.order_by("starts_at"):
            _hold(session, coordinator, new=None, returning=None, present=[dewi.pk, peers["Mirjam Kok"].pk])

    _helmond(ctx, today)
    # Activities created "in the past" for their history get their sessions up to today's horizon.
    services.horizon_extend(today=today)


def _helmond(ctx, today) -> None:
    helmond = ctx.municipalities["helmond"]
    coordinator = viewer_for(ctx.users["coordinator.helmond"])
    welzijn = ctx.organisations["helmond.welzijn"]
    if _exists(helmond, "Leerbijeenkomst pilot Geldzorgen") is not None:
        return
    start = today - timedelta(days=90)
    # The pilot's learning sessions belong to its programme (hours/demo.py creates it).
    pilot = Programme.objects.filter(municipality=helmond, code="GELD-PILOT").first()
    learning = services.activity_create(
        viewer=coordinator,
        title="Leerbijeenkomst pilot Geldzorgen",
        kind=ActivityKind.LEARNING_SESSION,
        description="Leerbijeenkomst van de partners in de pilot ervaringskennis geldzorgen.",
        organisers=[welzijn, ctx.organisations["helmond.werk"], ctx.organisations["helmond.schuldhulp"]],
        place="Welzijn De Peelstroom, vergaderzaal",
        frequency=Frequency.CUSTOM,
        custom_dates=[
            start,
            start + timedelta(days=42),
            start + timedelta(days=84),
            today + timedelta(days=30),
        ],
        start_date=start,
        start_time=time(13, 30),
        duration_minutes=150,
        programme=pilot,
        today=start,
    )
    ruud = PeerWorker.objects.filter(user=ctx.users["peer.helmond"]).first()
    lessons = [
        [
            (
                MinuteKind.LESSON,
                "Ervaringsdeskundigen vroeg aan tafel bij het eerste gesprek verlaagt de drempel.",
            ),
            (MinuteKind.DECISION, "Spreekuur bij Werk & Inkomen op dinsdagochtend, zes weken proef."),
        ],
        [
            (
                MinuteKind.LESSON,
                "Professionals vragen pas om inzet als ze weten wat een ervaringsdeskundige doet.",
            ),
            (MinuteKind.ACTION, "Korte kennismaking in elk sociaal team."),
        ],
        [
            (
                MinuteKind.LESSON,
                "24 uur per week is krap voor twee partners; plan per partner vaste dagdelen.",
            ),
            (MinuteKind.DECISION, "Na de pilot: inhuur per partner via Welzijn De Peelstroom."),
        ],
    ]
    held = [s for s in learning.sessions.order_by("starts_at") if s.starts_at < timezone.now()]
    # Each held session carries out the next learning-session milestone of the pilot, with the partners'
    # staff counted (issue 14.4): a team leader and a professional or two per partner, not every time.
    milestones = (
        list(learning_milestones_of(programme_id=pilot.pk).filter(kind="learning_session")) if pilot else []
    )
    partners = [welzijn, ctx.organisations["helmond.werk"], ctx.organisations["helmond.schuldhulp"]]
    staff = [(2, 2, 1), (3, 1, 2), (2, 2, 0)]
    for n, (session, items) in enumerate(zip(held, lessons, strict=False)):
        _hold(
            session,
            coordinator,
            new=None,
            returning=None,
            present=[ruud.pk] if ruud else [],
            learning={
                "milestone": milestones[n] if n < len(milestones) else None,
                "staff_counts": {o.pk: people for o, people in zip(partners, staff[n], strict=True)},
            },
        )
        for kind, text in items:
            services.minute_item_add(viewer=coordinator, session=session, kind=kind, text=text)
