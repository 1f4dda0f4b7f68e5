"""Issue 12, item 8: where a rule fits one row, the database holds it too (CHECK constraints), so a write
that goes around the services (a queryset update, raw SQL, a script) fails with IntegrityError. Rules that
span rows (the day and week caps, a programme's budget over its entries, a peer worker's booked hours) are
held by row locks in the services instead (docs/privacy.md, "Limits and imports")."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from ervaringswerk.deployment.models import Agreement, Assignment, DeploymentRequest, Offer
from ervaringswerk.deployment.tests.factories import make_assignment, make_peer, make_request
from ervaringswerk.hours.models import TimeEntry
from ervaringswerk.hours.services import time_entry_create
from ervaringswerk.organisations.models import FundedPosition, Programme
from ervaringswerk.pool.models import PeerWorker

MAX_DAY = 24 * 60


def _refused(model, pk, **values):
    """The update goes around every service and validator; only the database can refuse it."""
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=pk).update(**values)


def _kept(model, pk, **values):
    with transaction.atomic():
        assert model.objects.filter(pk=pk).update(**values) == 1


def test_a_time_entry_holds_more_than_0_and_at_most_24_hours(world):
    peer = make_peer(world.a)
    entry = time_entry_create(peer=peer, day=timezone.localdate(), minutes=60, work_kind="other")
    for bad in (0, -30, MAX_DAY + 1):
        _refused(TimeEntry, entry.pk, minutes=bad)
    _kept(TimeEntry, entry.pk, minutes=MAX_DAY)
    _kept(TimeEntry, entry.pk, minutes=1)


def test_a_peer_workers_agreed_hours_and_capacity_stay_in_range(world):
    peer = make_peer(world.a)
    for bad in (Decimal("-1"), Decimal("60.5"), Decimal("99")):
        _refused(PeerWorker, peer.pk, weekly_hours=bad)
    for bad in (-1, 51):
        _refused(PeerWorker, peer.pk, max_residents=bad)
    _kept(PeerWorker, peer.pk, weekly_hours=Decimal(60), max_residents=50)
    _kept(PeerWorker, peer.pk, weekly_hours=Decimal(0), max_residents=0)


def test_requests_offers_assignments_and_agreements_book_more_than_zero_hours(world):
    peer = make_peer(world.a)
    request = make_request(world.a, hours=2)
    offer = Offer.objects.create(
        municipality=request.municipality, request=request, peer=peer, hours_per_week=Decimal(2)
    )
    assignment = make_assignment(request, peer)
    agreement = Agreement.objects.create(
        municipality=request.municipality, assignment=assignment, hours_per_week=Decimal(2)
    )
    for model, pk in ((DeploymentRequest, request.pk), (Offer, offer.pk), (Agreement, agreement.pk)):
        for bad in (Decimal(0), Decimal(-1)):
            _refused(model, pk, hours_per_week=bad)
    _refused(Assignment, assignment.pk, hours_per_week=Decimal(0))
    _kept(Assignment, assignment.pk, hours_per_week=Decimal("0.5"))


def test_programme_budgets_are_not_negative_and_funded_positions_positive(world):
    programme = Programme.objects.create(
        municipality=world.a.municipality,
        name="Programma Constraint",
        code="CHK",
        funder=world.a.organisations["gemeente"],
        contractor=world.a.organisations["pool"],
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
        hours_per_week=Decimal(10),
        hours_total=Decimal(100),
    )
    _refused(Programme, programme.pk, hours_total=Decimal(-1))
    _refused(Programme, programme.pk, hours_per_week=Decimal(-1))
    _kept(Programme, programme.pk, hours_total=Decimal(0))
    position = FundedPosition.objects.create(
        municipality=world.a.municipality,
        organisation=world.a.organisations["pool"],
        title="Ervaringswerker",
        kind="paid",
        programme=programme,
        hours_per_week=Decimal(16),
        start_date=datetime.date(2026, 1, 1),
    )
    for bad in (Decimal(0), Decimal(-1)):
        _refused(FundedPosition, position.pk, hours_per_week=bad)
    _kept(FundedPosition, position.pk, hours_per_week=Decimal("0.5"))


def test_the_constraints_named_in_the_docs_exist():
    """docs/privacy.md lists these by name; a renamed or dropped constraint fails here."""
    names = {
        constraint.name
        for model in (
            TimeEntry,
            PeerWorker,
            DeploymentRequest,
            Offer,
            Assignment,
            Agreement,
            Programme,
            FundedPosition,
        )
        for constraint in model._meta.constraints
    }
    expected = {
        "time_entry_minutes",
        "peer_weekly_hours_in_range",
        "peer_max_residents_in_range",
        "request_hours_positive",
        "offer_hours_positive",
        "assignment_hours_positive",
        "agreement_hours_positive",
        "programme_budget_positive",
        "position_hours_positive",
    }
    assert expected <= names, expected - names
