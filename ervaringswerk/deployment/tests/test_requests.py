"""Requests: filing, the status flow (only through services, illegal steps refused), resident codes."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ervaringswerk.core.reference import DeploymentKind
from ervaringswerk.core.tenancy import Role
from ervaringswerk.deployment import services
from ervaringswerk.deployment.models import (
    REQUEST_TRANSITIONS,
    AssignmentStatus,
    OfferStatus,
    RequestStatus,
    looks_like_bsn,
    validate_resident_code,
)
from ervaringswerk.deployment.selectors import NO_LOAD, active_load_by_peer

from .factories import make_assignment, make_peer, make_request, viewer


def _team(world):
    return viewer(world.a.users[Role.PROFESSIONAL])


def _create(world, **fields):
    fields.setdefault("title", "Steun bij post openen")
    fields.setdefault("kind", DeploymentKind.CONSULTATION)
    fields.setdefault("hours_per_week", Decimal("2"))
    return services.request_create(viewer=_team(world), **fields)


def test_a_request_starts_as_draft_and_enters_the_queue_when_submitted(world):
    request = _create(world)
    assert request.status == RequestStatus.DRAFT and request.submitted_at is None
    assert request.organisation == world.a.organisations["team"]
    assert request.municipality == world.a.municipality
    services.request_submit(request=request, viewer=_team(world))
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN and request.submitted_at is not None
    assert [(e.from_status, e.to_status) for e in request.events.all()] == [("", "draft"), ("draft", "open")]
    assert request.events.last().actor == world.a.users[Role.PROFESSIONAL]


def test_submit_at_once_and_domains_are_stored(world):
    from ervaringswerk.core.models import ExperienceDomain

    domains = ExperienceDomain.objects.filter(municipality=world.a.municipality)
    request = _create(
        world,
        submit=True,
        domains_needed=[domains.get(slug="armoede-schulden")],
        domains_preferred=[domains.get(slug="ggz"), domains.get(slug="armoede-schulden")],
    )
    assert request.status == RequestStatus.OPEN
    assert {d.slug for d in request.domains_needed.all()} == {"armoede-schulden"}
    # A domain that is needed is not also "preferred".
    assert {d.slug for d in request.domains_preferred.all()} == {"ggz"}


ALL = list(RequestStatus.values)
ILLEGAL = [(a, b) for a in ALL for b in ALL if b not in REQUEST_TRANSITIONS[a]]


@pytest.mark.parametrize(("from_status", "to_status"), ILLEGAL, ids=[f"{a}->{b}" for a, b in ILLEGAL])
def test_every_illegal_transition_is_refused_with_a_dutch_message(world, from_status, to_status):
    request = make_request(world.a, status=from_status)
    with pytest.raises(ValidationError) as exc:
        services.request_transition(request=request, to_status=to_status, viewer=_team(world))
    assert "kan niet naar" in exc.value.messages[0]
    request.refresh_from_db()
    assert request.status == from_status
    assert not request.events.exists()


def test_the_flow_knows_every_status_and_ends_in_ended_or_withdrawn():
    assert set(REQUEST_TRANSITIONS) == set(RequestStatus.values)
    assert REQUEST_TRANSITIONS[RequestStatus.ENDED] == frozenset()
    assert REQUEST_TRANSITIONS[RequestStatus.WITHDRAWN] == frozenset()


def test_withdraw_needs_a_reason_and_a_note_for_other(world):
    request = make_request(world.a)
    with pytest.raises(ValidationError):
        services.request_withdraw(request=request, viewer=_team(world), reason="")
    with pytest.raises(ValidationError) as exc:
        services.request_withdraw(request=request, viewer=_team(world), reason="other", note="  ")
    assert "Anders" in exc.value.messages[0]
    services.request_withdraw(
        request=request, viewer=_team(world), reason="solved_otherwise", note="Buurvrouw"
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
    assert request.status_reason == "solved_otherwise" and request.status_note == "Buurvrouw"
    assert request.closed_at is not None
    assert request.status_reason_label == "Op een andere manier opgelost"


def test_withdrawing_an_offered_request_withdraws_the_pending_offer(world):
    from ervaringswerk.deployment.models import Offer

    request = make_request(world.a, status=RequestStatus.OFFERED)
    peer = make_peer(world.a)
    offer = Offer.objects.create(
        municipality=request.municipality, request=request, peer=peer, hours_per_week=request.hours_per_week
    )
    services.request_withdraw(request=request, viewer=_team(world), reason="not_needed")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN


def test_withdrawing_a_matched_request_cancels_the_assignment_and_frees_the_hours(world):
    request = make_request(world.a, status=RequestStatus.MATCHED, hours=3)
    peer = make_peer(world.a)
    assignment = make_assignment(request, peer, status=AssignmentStatus.MATCHED)
    assert active_load_by_peer(municipality_id=world.a.municipality.pk)[peer.pk].hours == Decimal("3")
    services.request_withdraw(request=request, viewer=_team(world), reason="resident_declined")
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.CANCELLED
    assert active_load_by_peer(municipality_id=world.a.municipality.pk).get(peer.pk, NO_LOAD) == NO_LOAD


def test_an_active_request_cannot_be_withdrawn_only_ended(world):
    request = make_request(world.a, status=RequestStatus.ACTIVE)
    with pytest.raises(ValidationError) as exc:
        services.request_withdraw(request=request, viewer=_team(world), reason="not_needed")
    assert "Actief" in exc.value.messages[0]


def test_an_offered_request_can_no_longer_be_changed(world):
    request = make_request(world.a, status=RequestStatus.OFFERED)
    with pytest.raises(ValidationError):
        services.request_update(request=request, viewer=_team(world), title="Anders")


def test_update_keeps_the_rules(world):
    request = _create(world)
    services.request_update(
        request=request, viewer=_team(world), title="Nieuwe titel", hours_per_week=Decimal(4)
    )
    request.refresh_from_db()
    assert request.title == "Nieuwe titel" and request.hours_per_week == Decimal("4")
    with pytest.raises(ValidationError) as exc:
        services.request_update(request=request, viewer=_team(world), hours_per_week=Decimal("0"))
    assert "hours_per_week" in exc.value.message_dict


def test_end_before_start_is_refused(world):
    import datetime

    with pytest.raises(ValidationError) as exc:
        _create(world, start_date=datetime.date(2026, 5, 1), end_date=datetime.date(2026, 4, 1))
    assert "einddatum" in exc.value.message_dict["end_date"][0]


def test_a_neighbourhood_of_another_municipality_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        _create(world, neighbourhood=world.b.neighbourhoods[0])
    assert "neighbourhood" in exc.value.message_dict


def test_a_domain_of_another_municipality_is_refused(world):
    from ervaringswerk.core.models import ExperienceDomain

    foreign = ExperienceDomain.objects.filter(municipality=world.b.municipality).first()
    with pytest.raises(ValidationError):
        _create(world, domains_needed=[foreign])


# --- resident codes ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["123456782", "123 456 782", "123.45.6782", "HLM-123456789", "1234-56789"])
def test_a_bsn_is_refused_with_a_clear_dutch_message(value):
    assert looks_like_bsn(value)
    with pytest.raises(ValidationError) as exc:
        validate_resident_code(value)
    assert "burgerservicenummer (BSN)" in exc.value.messages[0]


@pytest.mark.parametrize("value", ["Jan Jansen", "hlm-4821", "HLM4821", "H-12", "HLM-4821-9", "HLM_4821"])
def test_a_name_or_free_text_is_not_a_resident_code(value):
    with pytest.raises(ValidationError) as exc:
        validate_resident_code(value)
    assert "bewonerscode" in exc.value.messages[0]


@pytest.mark.parametrize("value", ["HLM-4821", "UT-A7K2", "HLMD-12345678"])
def test_pseudonymous_codes_are_accepted(value):
    validate_resident_code(value)
    assert not looks_like_bsn(value)


def test_individual_support_needs_a_code_and_other_kinds_must_not_have_one(world):
    with pytest.raises(ValidationError) as exc:
        _create(world, kind=DeploymentKind.INDIVIDUAL_SUPPORT)
    assert "resident_code" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _create(world, kind=DeploymentKind.GROUP_ACTIVITY, resident_code="HLM-4821")
    assert "resident_code" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _create(world, kind=DeploymentKind.INDIVIDUAL_SUPPORT, resident_code="123456782")
    assert "BSN" in exc.value.message_dict["resident_code"][0]
    assert _create(world, kind=DeploymentKind.INDIVIDUAL_SUPPORT, resident_code="HLM-4821").pk


def test_unknown_fields_are_refused(world):
    with pytest.raises(ValidationError):
        _create(world, status=RequestStatus.MATCHED)
