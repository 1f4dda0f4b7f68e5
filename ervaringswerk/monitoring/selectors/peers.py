"""Peer workers: pool against deployment, waiting time, the participation ladder."""

import datetime
import statistics
from collections import defaultdict

from django.apps import apps
from django.db import connection
from django.db.models import (
    Avg,
    Case,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    FloatField,
    Func,
    IntegerField,
    Max,
    Min,
    Q,
    Sum,
    When,
)
from django.db.models.functions import Coalesce, Extract, Greatest, TruncDate
from django.utils.translation import gettext as _

from ervaringswerk.core.reference import DeploymentForm, DeploymentKind, ParticipationRung
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.deployment.models import Assignment, AssignmentStatus, DeclineReason, Offer, OfferStatus
from ervaringswerk.hours.selectors import NOT_DEPLOYMENT_KINDS
from ervaringswerk.monitoring.filters import Filters
from ervaringswerk.monitoring.selectors._cells import (
    Table,
    _m,
    _months_label,
    _start_of,
    organisation,
    peer_count,
    peer_value,
    work,
    work_count,
)
from ervaringswerk.monitoring.selectors.budget import (
    _entries,
    _hours_rollup,
    _next_month,
    hours_rollup_usable,
    programmes_per_deployment_form,
)
from ervaringswerk.monitoring.selectors.reach import Median, _has_field, _is_postgres
from ervaringswerk.monitoring.suppression import Cell, protect_group
from ervaringswerk.pool.models import PeerStatus, PeerWorker


class _PerGroup(Func):
    """An expression on the grouping key only (here the peer worker), evaluated once per group.

    Used next to an aggregate (`Greatest(Max(...), _PerGroup(...))`). Django would otherwise add the
    expression to the GROUP BY, which evaluates it on every joined row; grouped by the primary key,
    PostgreSQL and SQLite both accept it outside an aggregate (functional dependency).
    """

    template = "%(expressions)s"

    def get_group_by_cols(self):
        return []


def pool_vs_deployed(viewer: Viewer, f: Filters) -> Table:
    """Per month: peer workers in the pool, and how many were actually deployed (the Amsterdam gap).

    One query answers every month. Inside it, grouped per peer worker, a 0/1 flag per month: in the pool
    that month, and deployed that month (a running assignment, or hours of deployment written in it, with
    or without an assignment, supervision received not counted, as on the coordinator's idle pool: an
    uncorrelated subquery per month, which PostgreSQL hashes once). Outside, the flags are summed. No
    DISTINCT, no correlated subquery, and no row about a person leaves the database.
    """
    created_on = TruncDate("created_at")
    # The period's assignments are joined once (a filtered relation), so each month is a condition on
    # the joined rows; peers without an assignment in the period keep one row with NULLs.
    running = (
        Q(assignments__municipality_id=_m(viewer))
        & ~Q(assignments__status=AssignmentStatus.CANCELLED)
        & (Q(assignments__end_date__isnull=True) | Q(assignments__end_date__gte=f.start))
        & (
            Q(assignments__start_date__lte=f.end)
            | Q(assignments__start_date__isnull=True, assignments__created_at__lt=_start_of(f.end, 1))
        )
    )
    if f.programme_id:
        running &= Q(assignments__programme_id=f.programme_id)
    peers = PeerWorker.objects.filter(municipality_id=_m(viewer)).annotate(
        pool_from=Coalesce("joined_on", created_on),
        pool_until=Coalesce(
            "left_on", Case(When(status=PeerStatus.LEFT, then=created_on), output_field=DateField())
        ),
        running=FilteredRelation("assignments", condition=running),
        running_from=Coalesce("running__start_date", TruncDate("running__created_at")),
    )
    entries = _entries(viewer, f)
    rollup = hours_rollup_usable(viewer, f)
    # Each month stands alone here, so a cut-off month at an edge reads its entries, the rest the rollup.
    filters_allow_rollup = not (f.programme_id or f.neighbourhood_id)
    months = f.months()
    flags = {}
    for index, (first, last) in enumerate(months):
        in_pool = Q(pool_from__lte=last) & (Q(pool_until__isnull=True) | Q(pool_until__gte=first))
        deployed = Q(running_from__lte=last) & (
            Q(running__end_date__isnull=True) | Q(running__end_date__gte=first)
        )
        if f.neighbourhood_id:
            deployed &= Q(running__request__neighbourhood_id=f.neighbourhood_id)
        whole = first.day == 1 and last == _next_month(first) - datetime.timedelta(days=1)
        wrote = None
        if rollup or (whole and filters_allow_rollup):
            # every counting entry has one kind row in the rollup; supervision received is not deployment
            month = _hours_rollup(viewer, f, "kind").filter(month=first.replace(day=1))
            month = month.exclude(key__in=NOT_DEPLOYMENT_KINDS)
            wrote = Q(pk__in=month.values("peer_id"))
        elif entries is not None:
            month = entries.filter(date__gte=first, date__lte=last).exclude(
                work_kind__in=NOT_DEPLOYMENT_KINDS
            )
            wrote = Q(pk__in=month.values("peer_id"))
        # per peer worker a 0/1 flag per month (grouped by peer: no DISTINCT needed), summed outside
        flags[f"pool_{index}"] = Max(Case(When(in_pool, then=1), default=0, output_field=IntegerField()))
        flag = Max(Case(When(deployed, then=1), default=0, output_field=IntegerField()))
        if wrote is not None:
            # hours written depend on the peer worker only: tested once per peer, not per joined row
            flag = Greatest(
                flag, _PerGroup(Case(When(wrote, then=1), default=0, output_field=IntegerField()))
            )
        flags[f"deployed_{index}"] = flag
    # Summed over the grouped query's own SQL: Django's aggregate() over an annotated query would copy
    # and rewrite every one of the 2 × months flag expressions first (tens of milliseconds of Python).
    inner, params = peers.values("pk").annotate(**flags).order_by().query.sql_with_params()
    qn = connection.ops.quote_name
    names = [name for index in range(len(months)) for name in (f"pool_{index}", f"deployed_{index}")]
    sql = f"SELECT {', '.join(f'SUM({qn(n)})' for n in names)} FROM ({inner}) per_peer"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        totals = {name: int(value or 0) for name, value in zip(names, cursor.fetchone(), strict=True)}
    rows = []
    for index, (first, _last) in enumerate(months):
        in_pool, deployed = totals[f"pool_{index}"], totals[f"deployed_{index}"]
        share = round(100 * deployed / in_pool, 1) if in_pool else None
        rows.append(
            (
                _months_label(first),
                [
                    work_count(in_pool, f=f),
                    work_count(deployed, f=f),
                    work(share, n=min(in_pool, deployed), f=f),
                ],
            )
        )
    return Table(
        "pool_vs_deployed",
        _("Pool en daadwerkelijke inzet per maand"),
        [
            _("Maand"),
            _("Ervaringsdeskundigen in de pool"),
            _("Daadwerkelijk ingezet"),
            _("Percentage ingezet"),
        ],
        rows,
        note=_(
            "Ingezet: met een lopende inzet of geschreven uren in die maand, ook zonder inzet (zoals een "
            "inloop of groep); ontvangen intervisie of supervisie telt niet als inzet."
        ),
    )


def waiting_time(viewer: Viewer, f: Filters) -> Table:
    """Days from a request to its first match, per kind of deployment.

    Two queries: the distinct peer workers per kind (for suppression), and per kind the number of
    matched requests with the median and mean of their first-match waits, aggregated in the database
    over a per-request subquery (PostgreSQL's exact median; SQLite computes it from the waits).
    """
    qs = Assignment.objects.filter(
        municipality_id=_m(viewer), created_at__gte=_start_of(f.start), created_at__lt=_start_of(f.end, 1)
    )
    if f.neighbourhood_id:
        qs = qs.filter(request__neighbourhood_id=f.neighbourhood_id)
    if f.programme_id:
        qs = qs.filter(programme_id=f.programme_id)
    kinds = list(DeploymentKind.values)
    peers = qs.aggregate(
        all=Count("peer_id", distinct=True),
        **{
            f"kind_{i}": Count("peer_id", distinct=True, filter=Q(request__kind=k))
            for i, k in enumerate(kinds)
        },
    )
    matched_field = "matched_at" if _has_field(Assignment, "matched_at") else "created_at"
    interval = ExpressionWrapper(F(matched_field) - F("request__created_at"), output_field=DurationField())
    stats = {}  # kind (None: all kinds) -> (requests, median days, mean days)
    if _is_postgres():
        # Per request the first match, in days, computed in the database; then per kind, still there.
        per_request = (
            qs.values("request_id")
            .annotate(kind=F("request__kind"), wait=Min(Extract(interval, "epoch") / 86400.0))
            .order_by()
        )
        parts = {}
        for i, k in enumerate([*kinds, None]):
            only = Q(kind=k) if k is not None else None
            parts[f"n_{i}"] = Count("request_id", filter=only)
            parts[f"median_{i}"] = Median("wait", filter=only, output_field=FloatField())
            parts[f"mean_{i}"] = Avg("wait", filter=only, output_field=FloatField())
        agg = per_request.aggregate(**parts)
        for i, k in enumerate([*kinds, None]):
            stats[k] = (agg[f"n_{i}"], agg[f"median_{i}"], agg[f"mean_{i}"])
    else:
        by_kind = defaultdict(list)
        for kind, wait in (
            qs.values("request_id").annotate(kind=F("request__kind"), wait=Min(interval)).order_by()
        ).values_list("kind", "wait"):
            by_kind[kind].append(wait.total_seconds() / 86400)
        everything = [d for days in by_kind.values() for d in days]
        for k, days in [*((k, by_kind.get(k, [])) for k in kinds), (None, everything)]:
            stats[k] = (
                len(days),
                statistics.median(days) if days else None,
                statistics.mean(days) if days else None,
            )
    rows = [
        (str(label), _waiting_cells(stats[value], peers[f"kind_{i}"], f))
        for i, (value, label) in enumerate(DeploymentKind.choices)
    ]
    rows.append((_("Alle soorten"), _waiting_cells(stats[None], peers["all"], f)))
    return Table(
        "waiting_time",
        _("Wachttijd van verzoek tot match (dagen)"),
        [_("Soort inzet"), _("Gematchte verzoeken"), _("Mediaan dagen"), _("Gemiddeld dagen")],
        rows,
        note=_(
            "Per verzoek de eerste match in de periode; afgeschermd bij minder dan vijf ervaringsdeskundigen."
        ),
    )


def _waiting_cells(stat: tuple, peers: int, f: Filters) -> list[Cell]:
    n, median, mean = stat
    return [
        work(n, n=peers, f=f),
        work(round(median, 1) if n else None, n=peers, f=f),
        work(round(mean, 1) if n else None, n=peers, f=f),
    ]


def peer_ladder(viewer: Viewer, f: Filters) -> Table:
    """Peer workers' own growth on the participation ladder, from the pool's ladder history."""
    try:
        Step = apps.get_model("pool", "LadderStep")
    except LookupError:
        return Table(
            "peer_ladder",
            _("Groei van ervaringsdeskundigen op de participatieladder"),
            [_("Maat"), _("Aantal")],
            note=_("Nog niet beschikbaar: de ladderhistorie van de pool is er nog niet."),
            available=False,
        )
    return _peer_ladder_from(Step, viewer, f)


def _peer_ladder_from(Step, viewer: Viewer, f: Filters) -> Table:  # noqa: N803 - a model class
    date_field = next(
        (n for n in ("date", "changed_on", "started_on", "created_at") if _has_field(Step, n)), "created_at"
    )
    rung_field = next((n for n in ("rung", "step", "level") if _has_field(Step, n)), "rung")
    peer_field = next((n for n in ("peer", "peer_worker") if _has_field(Step, n)), "peer")
    history = defaultdict(list)
    for peer, when, rung in (
        Step.objects.filter(municipality_id=_m(viewer))
        .order_by(date_field)
        .values_list(f"{peer_field}_id", date_field, rung_field)
    ):
        day = when.date() if isinstance(when, datetime.datetime) else when
        history[peer].append((day, int(rung)))
    moved_up = into_paid = followed = 0
    for steps in history.values():
        before = [r for d, r in steps if d < f.start]
        during = [r for d, r in steps if f.start <= d <= f.end]
        if not during:
            continue
        followed += 1
        base = before[-1] if before else during[0]
        if max(during) > base:
            moved_up += 1
        if base < ParticipationRung.PAID_WORK_SUPPORTED <= max(during):
            into_paid += 1
    return Table(
        "peer_ladder",
        _("Groei van ervaringsdeskundigen op de participatieladder"),
        [_("Maat"), _("Aantal")],
        [
            (_("Ervaringsdeskundigen met een ladderstap in de periode"), [peer_count(followed, f=f)]),
            (_("Een of meer treden gestegen"), [peer_count(moved_up, f=f)]),
            (_("Naar (ondersteund) betaald werk"), [peer_count(into_paid, f=f)]),
        ],
    )


def _running_assignments(viewer: Viewer, f: Filters):
    """Assignments (not cancelled) running at some time in the period, with the programme and
    neighbourhood filters."""
    running = Assignment.objects.filter(municipality_id=_m(viewer)).exclude(status=AssignmentStatus.CANCELLED)
    running = running.filter(Q(end_date__isnull=True) | Q(end_date__gte=f.start)).filter(
        Q(start_date__lte=f.end) | Q(start_date__isnull=True, created_at__lt=_start_of(f.end, 1))
    )
    if f.programme_id:
        running = running.filter(programme_id=f.programme_id)
    if f.neighbourhood_id:
        running = running.filter(request__neighbourhood_id=f.neighbourhood_id)
    return running


def deployment_forms(viewer: Viewer, f: Filters) -> Table:
    """Per form of deployment (issue 14, S2): contracts (programmes) running in the period, assignments
    running in it with their distinct peer workers, and the hours written on them.

    Hours count by the assignment's form, or, for hours without an assignment (group work, general work
    on a programme), by the programme's form; hours with neither are not in this table. Three queries.
    """
    running = _running_assignments(viewer, f)
    assignments = {
        row["deployment_form"]: (row["n"], row["peers"])
        for row in running.values("deployment_form")
        .annotate(n=Count("id"), peers=Count("peer_id", distinct=True))
        .order_by()
    }
    hours_by_form: dict = {}
    entries = _entries(viewer, f)
    if entries is not None:
        rows = (
            entries.annotate(form=Coalesce("assignment__deployment_form", "programme__deployment_form"))
            .exclude(form__isnull=True)
            .values("form")
            .annotate(minutes=Sum("minutes"), peers=Count("peer_id", distinct=True))
            .order_by()
        )
        hours_by_form = {row["form"]: (row["minutes"] or 0, row["peers"]) for row in rows}
    contracts = programmes_per_deployment_form(viewer, f)
    out = []
    for value, label in DeploymentForm.choices:
        n, peers = assignments.get(value, (0, 0))
        minutes, writers = hours_by_form.get(value, (0, 0))
        out.append(
            (
                str(label),
                [
                    organisation(contracts.get(value, 0)),
                    work(n, n=peers, f=f),
                    work_count(peers, f=f),
                    work(round(minutes / 60, 1), n=writers, f=f),
                ],
            )
        )
    return Table(
        "deployment_forms",
        _("Inzet per vorm"),
        [
            _("Vorm van inzet"),
            _("Contracten (programma's)"),
            _("Inzetten"),
            _("Ervaringsdeskundigen"),
            _("Uren"),
        ],
        out,
        note=_(
            "Een inzet heeft de vorm van het programma waarop ze staat, tenzij de coördinator een andere "
            "koos; uren zonder inzet tellen bij de vorm van hun programma."
        ),
    )


def joint_support(viewer: Viewer, f: Filters) -> Table:
    """Duo support (issue 14, S4): per kind of deployment the assignments running in the period and how
    many of them name a professional who supports the resident together with the peer worker. One query;
    each cell counts the distinct peer workers behind it for suppression."""
    duo = Q(supporting_professional__isnull=False)
    kinds = list(DeploymentKind.choices)
    parts = {}
    for i, (value, _label) in enumerate([*kinds, (None, None)]):
        only = Q(request__kind=value) if value is not None else Q()
        parts[f"n_{i}"] = Count("id", filter=only)
        parts[f"peers_{i}"] = Count("peer_id", distinct=True, filter=only)
        parts[f"duo_{i}"] = Count("id", filter=only & duo)
        parts[f"duo_peers_{i}"] = Count("peer_id", distinct=True, filter=only & duo)
    totals = _running_assignments(viewer, f).aggregate(**parts)
    rows = []
    for i, (_value, label) in enumerate([*kinds, (None, _("Totaal"))]):
        n, peers = totals[f"n_{i}"] or 0, totals[f"peers_{i}"] or 0
        duos, duo_peers = totals[f"duo_{i}"] or 0, totals[f"duo_peers_{i}"] or 0
        share = round(100 * duos / n, 1) if n else None
        rows.append(
            (
                str(label),
                [
                    work(n, n=peers, f=f),
                    work(duos, n=duo_peers, f=f),
                    work(share, n=min(peers, duo_peers), f=f),
                ],
            )
        )
    return Table(
        "joint_support",
        _("Samen met een professional (duo-ondersteuning)"),
        [_("Soort inzet"), _("Inzetten"), _("Samen met een professional"), _("Percentage samen")],
        rows,
        note=_("Inzetten die in de periode liepen; samen: het verzoek noemt een professional van het team."),
    )


# Decline reasons that say something about one peer worker's well-being: one row of the peer class.
PERSONAL_DECLINE_REASONS = (DeclineReason.TOO_CLOSE, DeclineReason.WELLBEING)


def declines(viewer: Viewer, f: Filters) -> list[Table]:
    """Declined offers in the period (answered then), per reason and per requesting organisation (issue 14,
    item 8: the supply-versus-deployment gap).

    Work figures, with one exception: the reasons "it comes too close" and "my own balance needs rest"
    are about one peer worker's well-being, so they are one row of the peer class (under the threshold
    for every audience) and are not in the per-organisation counts (a total would give them away). The
    neighbourhood filter is the request's; the programme filter keeps offers from the programme's
    contractor's pool on requests of the contractor or a partner (a declined offer has no programme).
    Two grouped queries.
    """
    qs = Offer.objects.filter(
        municipality_id=_m(viewer),
        status=OfferStatus.DECLINED,
        responded_at__gte=_start_of(f.start),
        responded_at__lt=_start_of(f.end, 1),
    )
    if f.neighbourhood_id:
        qs = qs.filter(request__neighbourhood_id=f.neighbourhood_id)
    if f.programme_id:
        qs = qs.filter(peer__organisation__contracted_programmes__pk=f.programme_id).filter(
            Q(request__organisation__partner_programmes__pk=f.programme_id)
            | Q(request__organisation__contracted_programmes__pk=f.programme_id)
        )
    personal = Q(decline_reason__in=PERSONAL_DECLINE_REASONS)
    per_reason = {
        row["decline_reason"]: (row["n"], row["peers"])
        for row in qs.values("decline_reason")
        .annotate(n=Count("id", distinct=True), peers=Count("peer_id", distinct=True))
        .order_by()
    }
    mixed = qs.filter(personal).aggregate(n=Count("id", distinct=True), peers=Count("peer_id", distinct=True))
    reason_rows = []
    for value, label in DeclineReason.choices:
        if value in PERSONAL_DECLINE_REASONS:
            continue
        n, peers = per_reason.get(value, (0, 0))
        reason_rows.append((str(label), [work(n, n=peers, f=f), work_count(peers, f=f)]))
    if "" in per_reason:
        n, peers = per_reason[""]
        reason_rows.append((_("Geen reden opgegeven"), [work(n, n=peers, f=f), work_count(peers, f=f)]))
    reason_rows.append(
        (
            _("Eigen grens of eigen balans"),
            [peer_value(mixed["n"] or 0, n=mixed["peers"] or 0, f=f), peer_count(mixed["peers"] or 0, f=f)],
        )
    )
    work_only = qs.exclude(personal)
    per_organisation = (
        work_only.values("request__organisation__name")
        .annotate(n=Count("id", distinct=True), peers=Count("peer_id", distinct=True))
        .order_by("-n", "request__organisation__name")
    )
    organisation_rows = [
        (
            row["request__organisation__name"],
            [work(row["n"], n=row["peers"], f=f), work_count(row["peers"], f=f)],
        )
        for row in per_organisation
    ]
    total = work_only.aggregate(n=Count("id", distinct=True), peers=Count("peer_id", distinct=True))
    # the total (declines for a work reason) is the sum of the organisations' rows and of the work reasons'
    # rows: complementary suppression in both breakdowns, so no suppressed cell follows from the total
    organisation_rows = _complemented(organisation_rows)
    reason_rows = [*_complemented(reason_rows[:-1]), reason_rows[-1]]
    organisation_rows.append(
        (
            _("Totaal"),
            [work(total["n"] or 0, n=total["peers"] or 0, f=f), work_count(total["peers"] or 0, f=f)],
        )
    )
    columns = [_("Afgewezen aanbiedingen"), _("Ervaringsdeskundigen")]
    return [
        Table(
            "declines_by_reason",
            _("Afgewezen aanbiedingen per reden"),
            [_("Reden"), *columns],
            reason_rows,
            note=_(
                "Aanbiedingen die in de periode zijn afgewezen. De redenen 'te dichtbij' en 'eigen balans' "
                "gaan over het welzijn van één persoon: samen één rij, afgeschermd bij minder dan de drempel."
            ),
        ),
        Table(
            "declines_by_organisation",
            _("Afgewezen aanbiedingen per aanvragende organisatie"),
            [_("Organisatie"), *columns],
            organisation_rows,
            note=_(
                "Zonder de afwijzingen om een persoonlijke reden (eigen grens of eigen balans); het totaal "
                "is ook de som van de overige redenen."
            ),
        ),
    ]


def _complemented(rows: list[tuple[str, list[Cell]]]) -> list[tuple[str, list[Cell]]]:
    """Complementary suppression per column of a breakdown whose total is shown."""
    if not rows:
        return rows
    columns = [protect_group([cells[i] for _label, cells in rows]) for i in range(len(rows[0][1]))]
    return [(label, [column[r] for column in columns]) for r, (label, _cells) in enumerate(rows)]
