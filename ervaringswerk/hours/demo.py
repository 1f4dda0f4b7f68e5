"""Demo hours (invented): the Helmond-like money-worries pilot and one Utrecht-like contract.

Helmond: "Pilot ervaringskennis geldzorgen", funded by the municipality, carried out by Welzijn De
Peelstroom with its two peer workers (Ruud Verhoeven, the `peer.helmond` login, and Anouk Bosmans), 24
hours a week for a year, hired out to the debt help, work and income and both social teams. Rates per kind
of work change halfway; milestones (learning sessions, evaluation moment, go/no-go). A year of hours on
their working days, lighter in the summer and around Christmas, none on public holidays: mostly approved,
the last two weeks waiting for the coordinator, a few returned with a comment, one corrected; every month
before last is closed and its hire-out statements are issued. A weekly walk-in "Geldcafé" on the
programme books its facilitation through the activities bridge, and the pilot's assignments are booked on
the programme.

Utrecht: "Ervaringsdeskundigen in de buurtteams", a contract of Stichting Welzijn Domstad with the
neighbourhood teams (form of deployment: added to a neighbourhood team), with three months of hours for
`peer.utrecht` and a colleague and the running assignments for the teams booked on it; besides it the two
other forms: peer workers as team members of Welzijn Domstad (embedded) and the walk-in De Werkplaats run
by (ex-)clients (peer-run).

Dates are relative to today and the random choices are seeded, so a load looks the same every day. The
hours are bulk-written (one audit record per municipality); locks and statements go through the services.
Idempotent: nothing is added once the programme has hours.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.activities.holidays import holiday_name
from ervaringswerk.audit.models import AuditAction
from ervaringswerk.audit.services import audit_record
from ervaringswerk.core.reference import DeploymentForm
from ervaringswerk.organisations.models import MilestoneKind, Programme
from ervaringswerk.organisations.services import milestone_add, programme_create, programme_rate_add
from ervaringswerk.pool.models import PeerWorker

from .models import EntryStatus, TimeEntry, WorkKind
from .services import period_lock, time_entries_approve, time_entry_correct
from .statements import partners_with_billable_hours, statement_issue

PILOT_CODE = "GELD-PILOT"
UTRECHT_CODE = "BUURT-UTR"
UTRECHT_EMBEDDED_CODE = "TEAM-UTR"
UTRECHT_WALK_IN_CODE = "INLOOP-UTR"
SUBMITTED_DAYS = 14  # the last two weeks still wait for the coordinator

DAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4}

# (work kind, weight, minutes choices, descriptions)
KINDS = [
    (
        WorkKind.DIRECT_CONTACT,
        45,
        [60, 75, 90, 120, 150],
        [
            "Huisbezoek: post en rekeningen op een rij",
            "Meegaan naar een gesprek bij de schuldhulp",
            "Keukentafelgesprek over rondkomen",
            "Samen een betalingsregeling aanvragen",
            "Spreekuur geldzorgen",
        ],
    ),
    (
        WorkKind.CONSULTATION,
        15,
        [45, 60, 90],
        [
            "Casusoverleg met de consulent",
            "Meedenken over een vastgelopen aanvraag",
            "Advies aan het sociaal team over bereikbaarheid",
        ],
    ),
    (WorkKind.GROUP, 12, [90, 120, 150], ["Groep Rondkomen", "Budgetcursus, ervaringsverhaal"]),
    (
        WorkKind.TRAINING_GIVEN,
        6,
        [90, 120],
        ["Voorlichting aan klantmanagers", "Gastles signalen van geldzorgen"],
    ),
    (WorkKind.TRAVEL, 10, [30, 45, 60], ["Reistijd huisbezoeken"]),
    (WorkKind.OTHER, 7, [30, 60, 90], ["Registratie en verslaglegging", "Teamoverleg"]),
]
SUPERVISION = (WorkKind.SUPERVISION, [120], ["Intervisie ervaringsdeskundigen"])
RETURN_COMMENTS = [
    "Was dit heen en terug? Schrijf reistijd apart.",
    "Bij welke partner was dit gesprek? Vul de partner in.",
    "Dit lijkt dubbel met de regel van dezelfde dag; kijk je even?",
]


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    return day.replace(year=year, month=month % 12 + 1, day=1)


def _is_light(day: datetime.date) -> bool:
    """Summer holidays and the Christmas weeks: fewer hours."""
    return (day.month == 7 and day.day >= 15) or day.month == 8 or (day.month == 12 and day.day >= 22)


def _programme(ctx, *, key, code, **fields) -> tuple[Programme, bool]:
    municipality = ctx.municipalities[key]
    existing = Programme.objects.filter(municipality=municipality, code=code).first()
    if existing:
        return existing, False
    return programme_create(municipality=municipality, code=code, **fields), True


def _helmond_programme(ctx, today) -> Programme:
    o = ctx.organisations
    start = _add_months(today.replace(day=1), -11)
    end = _add_months(start, 12) - datetime.timedelta(days=1)
    programme, created = _programme(
        ctx,
        key="helmond",
        code=PILOT_CODE,
        name="Pilot ervaringskennis geldzorgen",
        theme="Geldzorgen",
        description="Twee ervaringsdeskundigen met ervaring met armoede en schulden, in dienst van Welzijn "
        "De Peelstroom, werken een jaar samen met de schuldhulp, Werk & Inkomen en de sociale teams. "
        "Doel: bewoners met geldzorgen eerder en met minder schaamte in beeld, en professionals die "
        "ervaringskennis vanzelfsprekend inzetten. Na het jaar: go/no-go voor inhuur per partner.",
        funder=o["helmond.gemeente"],
        contractor=o["helmond.welzijn"],
        partners=[
            o["helmond.schuldhulp"],
            o["helmond.werk"],
            o["helmond.team-noord"],
            o["helmond.team-oost"],
        ],
        start_date=start,
        end_date=end,
        hours_per_week=Decimal(24),
        hours_total=Decimal(24 * 52),
        go_no_go_date=end - datetime.timedelta(days=14),
    )
    if not created:
        return programme
    half = _add_months(start, 6)
    for kind, first, second in [
        ("", Decimal("48.50"), Decimal("50.00")),
        (WorkKind.TRAINING_GIVEN, Decimal("62.50"), Decimal("65.00")),
        (WorkKind.TRAVEL, Decimal("32.00"), Decimal("33.00")),
    ]:
        programme_rate_add(
            programme=programme,
            work_kind=kind,
            hourly_rate=first,
            valid_from=start,
            valid_until=half - datetime.timedelta(days=1),
        )
        programme_rate_add(programme=programme, work_kind=kind, hourly_rate=second, valid_from=half)
    for kind, title, day in [
        (MilestoneKind.LEARNING_SESSION, "Eerste leersessie met de partners", _add_months(start, 2)),
        (
            MilestoneKind.LEARNING_SESSION,
            "Tweede leersessie: wat werkt bij de schuldhulp",
            _add_months(start, 4),
        ),
        (MilestoneKind.EVALUATION, "Tussenevaluatie met de gemeente", _add_months(start, 6)),
        (MilestoneKind.LEARNING_SESSION, "Derde leersessie: inhuur per partner", _add_months(start, 8)),
        (MilestoneKind.EVALUATION, "Eindevaluatie en rapportage", end - datetime.timedelta(days=28)),
        (MilestoneKind.GO_NO_GO, "Go/no-go: doorgaan met inhuur per partner", programme.go_no_go_date),
    ]:
        milestone_add(
            programme=programme,
            kind=kind,
            title=title,
            date=day,
            done_on=day if day < today else None,
        )
    return programme


def _pilot_criteria(programme) -> None:
    """The pilot's success criteria, set at its start (issue 14): the go/no-go is measured on them."""
    from ervaringswerk.organisations.services import success_criterion_add, success_criterion_record

    if programme.success_criteria.exists():
        return
    for kind, target in [("hours_share", 80), ("residents_reached", 60), ("experience_score", "3.5")]:
        success_criterion_add(programme=programme, kind=kind, target=Decimal(target))
    judgement = success_criterion_add(programme=programme, kind="partner_judgement", target=Decimal(7))
    success_criterion_record(
        criterion=judgement,
        value=Decimal("7.6"),
        note="Gemiddelde van de vier partners in de tussenevaluatie",
    )
    partners = success_criterion_add(
        programme=programme, kind="free", title="Minstens twee partners willen inhuren", target=Decimal(2)
    )
    success_criterion_record(
        criterion=partners, value=Decimal(3), note="Schuldhulp, Werk & Inkomen, Team Noord"
    )


def _helmond_positions(ctx, pilot) -> None:
    """Helmond's funded positions (issue 14): the pilot's two places at the welfare organisation, one
    filled by a peer worker whose ladder path ends in it, one open; a participation job at the debt help."""
    from ervaringswerk.organisations.models import FundedPosition
    from ervaringswerk.organisations.services import position_create, position_fill

    o = ctx.organisations
    if FundedPosition.objects.filter(municipality=pilot.municipality).exists():
        return
    filled = position_create(
        organisation=o["helmond.welzijn"],
        title="Ervaringsdeskundige geldzorgen",
        kind="supported_paid",
        programme=pilot,
        hours_per_week=Decimal(12),
        start_date=pilot.start_date,
    )
    ruud = PeerWorker.objects.filter(user=ctx.users["peer.helmond"]).first()
    if ruud is not None:
        position_fill(position=filled, holder=ruud, on=pilot.start_date + datetime.timedelta(days=14))
    position_create(
        organisation=o["helmond.welzijn"],
        title="Ervaringsdeskundige geldzorgen (tweede plaats)",
        kind="paid",
        programme=pilot,
        hours_per_week=Decimal(12),
        start_date=pilot.start_date,
    )
    position_create(
        organisation=o["helmond.schuldhulp"],
        title="Participatiebaan ervaringsdeskundige schuldhulp",
        kind="participation_job",
        budget_line="Participatiebudget Helmond",
        hours_per_week=Decimal(16),
        start_date=pilot.start_date,
    )


def _utrecht_programme(ctx, today) -> Programme:
    o = ctx.organisations
    start = _add_months(today.replace(day=1), -3)
    programme, created = _programme(
        ctx,
        key="utrecht",
        code=UTRECHT_CODE,
        name="Ervaringsdeskundigen in de buurtteams",
        theme="Herstel en eenzaamheid",
        description="Stichting Welzijn Domstad levert ervaringsdeskundigen aan de buurtteams "
        "Overvecht-Noordoost en Zuidwest-West.",
        funder=o["utrecht.gemeente"],
        contractor=o["utrecht.welzijn"],
        partners=[o["utrecht.team-overvecht"], o["utrecht.team-zuidwest"]],
        start_date=start,
        end_date=_add_months(start, 12) - datetime.timedelta(days=1),
        hours_per_week=Decimal(28),
        hours_total=Decimal(28 * 52),
        go_no_go_date=_add_months(start, 10),
        deployment_form=DeploymentForm.NEIGHBOURHOOD_TEAM,
    )
    if created:
        programme_rate_add(programme=programme, hourly_rate=Decimal("52.00"), valid_from=start)
        milestone_add(
            programme=programme,
            kind=MilestoneKind.EVALUATION,
            title="Evaluatie na een halfjaar",
            date=_add_months(start, 6),
        )
    return programme


def _utrecht_other_forms(ctx, today) -> None:
    """Utrecht's other two forms of deployment (issue 14, S2): peer workers as ordinary team members of
    the city-wide welfare organisation, and the walk-in run by (ex-)clients."""
    o = ctx.organisations
    start = _add_months(today.replace(day=1), -3)
    end = _add_months(start, 12) - datetime.timedelta(days=1)
    _programme(
        ctx,
        key="utrecht",
        code=UTRECHT_EMBEDDED_CODE,
        name="Ervaringsdeskundigen als teamlid bij Welzijn Domstad",
        theme="Herstel",
        description="Ervaringsdeskundigen werken als gewone collega's in de teams van Stichting Welzijn "
        "Domstad, met dezelfde taken en een eigen inbreng vanuit hun ervaring.",
        funder=o["utrecht.gemeente"],
        contractor=o["utrecht.welzijn"],
        start_date=start,
        end_date=end,
        hours_per_week=Decimal(16),
        hours_total=Decimal(16 * 52),
        deployment_form=DeploymentForm.EMBEDDED,
    )
    _programme(
        ctx,
        key="utrecht",
        code=UTRECHT_WALK_IN_CODE,
        name="Herstelinloop De Werkplaats",
        theme="Herstel en ontmoeting",
        description="Een inloop gerund door (ex-)cliënten: getrainde ervaringscoaches zijn gastvrouw of "
        "gastheer voor bewoners uit Zuidwest.",
        funder=o["utrecht.gemeente"],
        contractor=o["utrecht.inloop"],
        start_date=start,
        end_date=end,
        hours_per_week=Decimal(12),
        hours_total=Decimal(12 * 52),
        deployment_form=DeploymentForm.PEER_RUN,
    )


def _entries(
    *,
    rng,
    programme,
    peer,
    days,
    partners,
    own_share,
    until,
    minutes_per_day,
    reviewer,
) -> list[TimeEntry]:
    """Plausible entries for one peer worker on their working days from the programme's start to `until`."""
    entries = []
    day = programme.start_date
    weights = [k[1] for k in KINDS]
    submitted_from = until - datetime.timedelta(days=SUBMITTED_DAYS)
    while day <= until:
        if day.weekday() in days and not holiday_name(day) and not (_is_light(day) and rng.random() < 0.6):
            budget = minutes_per_day + rng.choice([-60, -30, 0, 0, 30])
            # Intervision on the first working Thursday-or-later of every sixth week.
            if day.isocalendar().week % 6 == 0 and day.weekday() >= 3 and rng.random() < 0.5:
                kind, minutes, texts = SUPERVISION[0], SUPERVISION[1][0], SUPERVISION[2]
                entries.append((day, kind, minutes, texts[0], None))
                budget -= minutes
            while budget >= 30:
                kind, _w, choices, texts = rng.choices(KINDS, weights=weights)[0]
                minutes = min(rng.choice(choices), budget)
                partner = None
                if kind in (WorkKind.DIRECT_CONTACT, WorkKind.CONSULTATION, WorkKind.TRAINING_GIVEN):
                    partner = None if rng.random() < own_share else rng.choice(partners)
                entries.append((day, kind, minutes, rng.choice(texts), partner))
                budget -= minutes
        day += datetime.timedelta(days=1)
    rows = []
    for day, kind, minutes, text, partner in entries:
        approved = day < submitted_from
        reviewed_at = timezone.make_aware(
            datetime.datetime.combine(min(day + datetime.timedelta(days=3), until), datetime.time(16, 30))
        )
        rows.append(
            TimeEntry(
                municipality_id=peer.municipality_id,
                peer=peer,
                organisation_id=peer.organisation_id,
                programme=programme,
                partner=partner,
                date=day,
                minutes=minutes,
                work_kind=kind,
                description=text,
                status=EntryStatus.APPROVED if approved else EntryStatus.SUBMITTED,
                created_by=peer.user,
                reviewed_by=reviewer if approved else None,
                reviewed_at=reviewed_at if approved else None,
            )
        )
    return rows


def _return_some(rows, rng, reviewer, first_open_day, until, *, login_peer) -> None:
    """A few entries in the open month were sent back with a question: two of the login's, one of a
    colleague's, so "Mijn uren" shows what to fix."""
    last = until - datetime.timedelta(days=SUBMITTED_DAYS)
    open_rows = [r for r in rows if first_open_day <= r.date < last]
    mine = [r for r in open_rows if r.peer_id == login_peer.pk]
    others = [r for r in open_rows if r.peer_id != login_peer.pk]
    chosen = rng.sample(mine, min(2, len(mine))) + rng.sample(others, min(1, len(others)))
    for row, comment in zip(chosen, RETURN_COMMENTS, strict=False):
        row.status = EntryStatus.RETURNED
        row.review_comment = comment
        row.reviewed_by = reviewer
        row.reviewed_at = timezone.make_aware(
            datetime.datetime.combine(row.date + datetime.timedelta(days=2), datetime.time(11, 0))
        )


def _bulk_write(rows, municipality) -> None:
    TimeEntry.objects.bulk_create(rows, batch_size=500)
    # bulk_create skips the automatic audit: one record says what was written.
    audit_record(
        action=AuditAction.CREATE,
        municipality=municipality,
        object_type="hours.timeentry",
        object_repr=f"Demo-uren: {len(rows)} urenregels",
    )


def _book_assignments(programme, coordinator) -> None:
    """The pilot's running assignments for partners of the programme are booked on it."""
    from ervaringswerk.deployment.models import LOAD_STATUSES, Assignment
    from ervaringswerk.deployment.services import assignment_programme_set

    partner_ids = set(programme.partners.values_list("pk", flat=True))
    for assignment in Assignment.objects.filter(
        peer__organisation=programme.contractor, status__in=LOAD_STATUSES, programme__isnull=True
    ).select_related("request"):
        if assignment.request.organisation_id in partner_ids:
            assignment_programme_set(assignment=assignment, viewer=coordinator, programme=programme)


def _geldcafe(ctx, programme, peers, coordinator, today) -> None:
    """A weekly walk-in on the programme since the start of last month; held sessions book their hours."""
    from ervaringswerk.activities import services as activities
    from ervaringswerk.activities.models import Activity, ActivityKind, Frequency

    title = "Geldcafé Helmond-Noord"
    if Activity.objects.filter(municipality=programme.municipality, title=title).exists():
        return
    start = _add_months(today.replace(day=1), -1)
    start += datetime.timedelta(days=(1 - start.weekday()) % 7)  # a Tuesday: both peers work then
    activity = activities.activity_create(
        viewer=coordinator,
        title=title,
        kind=ActivityKind.WALK_IN,
        description="Elke dinsdagochtend: binnenlopen met brieven, rekeningen of vragen over geld. "
        "Ervaringsdeskundigen en een medewerker van de schuldhulp kijken met je mee. Zonder afspraak.",
        organisers=[ctx.organisations["helmond.welzijn"], ctx.organisations["helmond.schuldhulp"]],
        peer_facilitators=peers,
        place="Buurthuis De Fonkel, Helmond-Noord",
        neighbourhood=ctx.neighbourhoods[("helmond", "Helmond-Noord")],
        is_public=True,
        frequency=Frequency.WEEKLY,
        start_date=start,
        end_date=programme.end_date,
        start_time=datetime.time(9, 30),
        duration_minutes=150,
        extra_minutes=30,
        hosts_needed=2,
        programme=programme,
        today=start,
    )
    now = timezone.now()
    for n, session in enumerate(activity.sessions.order_by("starts_at")):
        if session.status == "planned" and session.ends_at < now:
            activities.session_attendance_record(
                viewer=coordinator,
                session=session,
                new_participants=2 + n % 3,
                returning_participants=3 + n % 4,
            )
    # The coordinator has approved the walk-in hours older than two weeks, like the rest.
    waiting = TimeEntry.objects.filter(
        activity=activity,
        status=EntryStatus.SUBMITTED,
        date__lt=today - datetime.timedelta(days=SUBMITTED_DAYS),
    )
    time_entries_approve(entries=list(waiting), actor=coordinator)


def _pilot_hours(ctx, programme, today) -> None:
    if TimeEntry.objects.filter(programme=programme).exists():
        return
    rng = random.Random(794)  # noqa: S311 - demo data, not security
    coordinator_user = ctx.users["coordinator.helmond"]
    coordinator = viewer_for(coordinator_user)
    o = ctx.organisations
    ruud = PeerWorker.objects.get(user=ctx.users["peer.helmond"])
    anouk = PeerWorker.objects.get(organisation=o["helmond.welzijn"], first_name="Anouk", last_name="Bosmans")
    until = today - datetime.timedelta(days=1)
    common = {"rng": rng, "programme": programme, "until": until, "reviewer": coordinator_user}
    rows = _entries(
        peer=ruud,
        days={DAYS[d] for d in ("mon", "tue", "thu")},
        partners=[o["helmond.schuldhulp"], o["helmond.werk"], o["helmond.team-noord"]],
        own_share=0.2,
        minutes_per_day=225,
        **common,
    ) + _entries(
        peer=anouk,
        days={DAYS[d] for d in ("tue", "wed", "fri")},
        partners=[o["helmond.schuldhulp"], o["helmond.werk"], o["helmond.team-oost"]],
        own_share=0.2,
        minutes_per_day=225,
        **common,
    )
    first_open = _add_months(today.replace(day=1), -1)
    _return_some(rows, rng, coordinator_user, first_open, until, login_peer=ruud)
    _bulk_write(rows, programme.municipality)

    _book_assignments(programme, coordinator)
    _geldcafe(ctx, programme, [ruud, anouk], coordinator, today)

    # One correction, three months back: travel time written twice.
    corrected_month = _add_months(today.replace(day=1), -3)
    travel = (
        TimeEntry.objects.filter(
            peer=anouk,
            work_kind=WorkKind.TRAVEL,
            status=EntryStatus.APPROVED,
            date__gte=corrected_month,
            minutes__gte=45,
        )
        .order_by("date")
        .first()
    )
    if travel is not None:
        time_entry_correct(
            entry=travel,
            minutes=travel.minutes // 2,
            reason="Reistijd stond er dubbel in (heen en terug apart én samen geschreven).",
            actor=coordinator,
        )

    # Every month before last is closed, and its hire-out statements are issued.
    month = programme.start_date.replace(day=1)
    while month < first_open:
        period_lock(organisation=programme.contractor, month=month, actor=coordinator)
        for partner in partners_with_billable_hours(issuer=programme.contractor, month=month):
            statement_issue(issuer=programme.contractor, partner=partner, month=month, actor=coordinator)
        month = _add_months(month, 1)


def _utrecht_hours(ctx, programme, today) -> None:
    if TimeEntry.objects.filter(programme=programme).exists():
        return
    rng = random.Random(344)  # noqa: S311 - demo data, not security
    o = ctx.organisations
    dewi = PeerWorker.objects.get(user=ctx.users["peer.utrecht"])
    colleague = (
        PeerWorker.objects.filter(organisation=o["utrecht.welzijn"], status="active")
        .exclude(pk=dewi.pk)
        .order_by("last_name")
        .first()
    )
    until = today - datetime.timedelta(days=1)
    teams = [o["utrecht.team-overvecht"], o["utrecht.team-zuidwest"]]
    common = {
        "rng": rng,
        "programme": programme,
        "until": until,
        "reviewer": ctx.users["coordinator.utrecht"],
    }
    rows = _entries(
        peer=dewi, days={0, 1, 2, 3}, partners=teams, own_share=0.1, minutes_per_day=210, **common
    )
    if colleague is not None:
        rows += _entries(
            peer=colleague, days={1, 3}, partners=teams, own_share=0.1, minutes_per_day=180, **common
        )
    _return_some(rows, rng, ctx.users["coordinator.utrecht"], today.replace(day=1), until, login_peer=dewi)
    _bulk_write(rows, programme.municipality)


def load(ctx) -> None:
    today = timezone.localdate()
    pilot = _helmond_programme(ctx, today)
    _pilot_criteria(pilot)
    _pilot_hours(ctx, pilot, today)
    _helmond_positions(ctx, pilot)
    utrecht = _utrecht_programme(ctx, today)
    _utrecht_hours(ctx, utrecht, today)
    _book_assignments(utrecht, viewer_for(ctx.users["coordinator.utrecht"]))
    _utrecht_other_forms(ctx, today)
