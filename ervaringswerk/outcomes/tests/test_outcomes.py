import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ervaringswerk.accounts.viewer import viewer_for
from ervaringswerk.audit.models import AuditAction, AuditEvent
from ervaringswerk.core.tenancy import Role
from ervaringswerk.outcomes.constants import ActivationDefinition
from ervaringswerk.outcomes.models import Measurement, OutcomeChange, Score, Trajectory
from ervaringswerk.outcomes.services import measurement_record, outcome_settings_update, trajectory_update
from ervaringswerk.outcomes.validators import passes_eleven_test, validate_pseudonymous_code

from .factories import make_trajectory, measure

D = datetime.date


@pytest.mark.parametrize("code", ["HM-4K7Q2", "AB12", "GELD-2026-007"])
def test_pseudonymous_codes_are_accepted(code):
    validate_pseudonymous_code(code)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("JANSEN", "no_digit"),  # a surname: no digit
        ("Jan Jansen", "format"),
        ("123456782", "bsn"),  # passes the elfproef
        ("12345678", "bsn"),
        ("NR-111222333", "bsn"),  # 111222333 passes the elfproef
        ("AB", "length"),
    ],
)
def test_names_and_bsns_are_refused_as_codes(code, reason):
    with pytest.raises(ValidationError) as exc:
        validate_pseudonymous_code(code)
    assert exc.value.code == reason


def test_eleven_test():
    assert passes_eleven_test("123456782")
    assert not passes_eleven_test("123456789")


def test_trajectory_never_stores_a_name_field():
    names = {f.name for f in Trajectory._meta.get_fields()}
    assert not names & {"name", "first_name", "last_name", "bsn", "address", "notes", "birth_date"}


def test_generated_code_and_refused_bsn_on_the_page(world, client_for):
    client = client_for(world.a.users[Role.PROFESSIONAL])
    data = {
        "code": "123456782",
        "age_band": "27-40",
        "first_contact": "2026-01-05",
        "organisations_before": "3",
        "organisations_during": "1",
        "neighbourhood": str(world.a.neighbourhoods[0].pk),
    }
    response = client.post(reverse("outcomes:trajectory_create"), data)
    assert response.status_code == 200
    assert "Dit lijkt op een BSN" in response.content.decode()
    assert 'value="123456782"' in response.content.decode()  # the form keeps what was typed
    assert not Trajectory.objects.exists()
    data["code"] = ""
    response = client.post(reverse("outcomes:trajectory_create"), data)
    trajectory = Trajectory.objects.get()
    assert response.status_code == 302
    assert trajectory.code.startswith("AA-")
    validate_pseudonymous_code(trajectory.code)
    assert trajectory.organisation == world.a.organisations["team"]
    assert trajectory.organisations_before == 3


def test_foreign_neighbourhood_is_refused(world):
    with pytest.raises(ValidationError):
        trajectory_update(
            viewer=viewer_for(world.a.users[Role.PROFESSIONAL]),
            trajectory=make_trajectory(world),
            neighbourhood=world.b.neighbourhoods[0],
        )


def test_scores_must_lie_on_their_scale(world):
    t = make_trajectory(world)
    for bad in (
        {("zrm", "financien"): 6},
        {("ladder", "ladder"): 0},
        {("positive_health", "zingeving"): 11},
        {("experience", "hope"): 0},
        {("zrm", "onbekend"): 3},
        {},
    ):
        with pytest.raises(ValidationError):
            measure(world, t, "intake", D(2026, 1, 12), bad)
    assert not Measurement.objects.exists()


def test_one_intake_per_trajectory_and_dates_checked(world):
    t = make_trajectory(world)
    measure(world, t, "intake", D(2026, 1, 12), {("zrm", "financien"): 2})
    with pytest.raises(ValidationError, match="al een intake"):
        measure(world, t, "intake", D(2026, 1, 13), {("zrm", "financien"): 2})
    with pytest.raises(ValidationError):
        measure(world, t, "interim", D(2025, 12, 1), {("zrm", "financien"): 2})  # before first contact
    measure(world, t, "interim", D(2026, 2, 1), {("zrm", "financien"): 3})
    measure(world, t, "interim", D(2026, 3, 1), {("zrm", "financien"): 3})
    assert t.measurements.count() == 3


def test_intake_to_end_changes_are_materialised(world):
    t = make_trajectory(world)
    measure(
        world,
        t,
        "intake",
        D(2026, 1, 12),
        {
            ("zrm", "financien"): 2,
            ("zrm", "huisvesting"): 3,
            ("ladder", "ladder"): 2,
            ("experience", "hope"): 3,
        },
    )
    assert not OutcomeChange.objects.exists()
    measure(
        world,
        t,
        "end",
        D(2026, 6, 1),
        {("zrm", "financien"): 4, ("ladder", "ladder"): 3, ("experience", "hope"): 5},
    )
    changes = {(c.instrument, c.item): (c.intake_value, c.end_value) for c in OutcomeChange.objects.all()}
    # items measured at both moments; the experience survey counts at the end only (intake repeats it)
    assert changes == {
        ("zrm", "financien"): (2, 4),
        ("ladder", "ladder"): (2, 3),
        ("experience", "hope"): (5, 5),
    }
    from ervaringswerk.outcomes.models import OutcomeMonthly

    rollup = {
        (r.month, r.instrument, r.item): (r.n, r.sum_intake, r.sum_end, r.better)
        for r in OutcomeMonthly.objects.all()
    }
    assert rollup[(D(2026, 6, 1), "zrm", "financien")] == (1, 2, 4, 1)
    # a later end measurement date moves the pair to another month; the old month drops to zero
    t.measurements.filter(moment="end").update(measured_on=D(2026, 7, 3))
    from ervaringswerk.outcomes.services import _refresh_changes

    _refresh_changes(t)
    rollup = {(r.month, r.instrument, r.item): r.n for r in OutcomeMonthly.objects.all()}
    assert (
        rollup[(D(2026, 7, 1), "zrm", "financien")] == 1 and rollup[(D(2026, 6, 1), "zrm", "financien")] == 0
    )
    assert {c.end_on for c in OutcomeChange.objects.all()} == {D(2026, 7, 3)}
    assert {c.neighbourhood_id for c in OutcomeChange.objects.all()} == {t.neighbourhood_id}


@pytest.mark.parametrize(
    ("definition", "expected"),
    [
        (ActivationDefinition.RECORDED, D(2026, 1, 20)),
        (ActivationDefinition.LADDER_STEP, D(2026, 3, 1)),
        (ActivationDefinition.ZRM_STEP, D(2026, 2, 1)),
    ],
)
def test_activation_follows_the_municipalitys_definition(world, definition, expected):
    outcome_settings_update(
        viewer=viewer_for(world.a.users[Role.POLICY_ADVISOR]),
        municipality=world.a.municipality,
        activation_definition=definition,
    )
    t = make_trajectory(world, activation_date=D(2026, 1, 20))
    measure(world, t, "intake", D(2026, 1, 12), {("zrm", "financien"): 2, ("ladder", "ladder"): 2})
    measure(world, t, "interim", D(2026, 2, 1), {("zrm", "financien"): 3, ("ladder", "ladder"): 2})
    measure(world, t, "interim", D(2026, 3, 1), {("zrm", "financien"): 3, ("ladder", "ladder"): 3})
    t.refresh_from_db()
    assert t.activation_date == expected


def test_end_needs_a_reason(world):
    t = make_trajectory(world)
    viewer = viewer_for(world.a.users[Role.PROFESSIONAL])
    with pytest.raises(ValidationError):
        trajectory_update(viewer=viewer, trajectory=t, end_date=D(2026, 5, 1))
    trajectory_update(viewer=viewer, trajectory=t, end_date=D(2026, 5, 1), end_reason="goals_reached")
    t.refresh_from_db()
    assert t.end_reason == "goals_reached"


def test_measurement_form_on_the_page(world, client_for):
    t = make_trajectory(world)
    client = client_for(world.a.users[Role.PEER_WORKER])  # the peer worker enters it with the resident
    url = reverse("outcomes:measurement_create", args=[t.pk])
    bad = client.post(
        url, {"moment": "intake", "measured_on": "2026-01-12", "positive_health__zingeving": "12"}
    )
    assert bad.status_code == 200
    assert 'value="12"' in bad.content.decode()
    ok = client.post(
        url,
        {
            "moment": "intake",
            "measured_on": "2026-01-12",
            "zrm__financien": "2",
            "positive_health__zingeving": "6",
            "ladder__ladder": "2",
        },
    )
    assert ok.status_code == 302
    m = Measurement.objects.get()
    assert m.entered_role == Role.PEER_WORKER
    assert {(s.instrument, s.item, s.value) for s in m.scores.all()} == {
        ("zrm", "financien", 2),
        ("positive_health", "zingeving", 6),
        ("ladder", "ladder", 2),
    }
    detail = client.get(reverse("outcomes:trajectory_detail", args=[t.pk])).content.decode()
    assert "<svg" in detail and "Positieve Gezondheid" in detail  # the spider web
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(t.pk)).exists()


def test_zrm_criteria_texts_are_never_shown(world, client_for):
    # The licensed criteria are not stored or reproduced: the form offers the public scale labels only.
    page = client_for(world.a.users[Role.PROFESSIONAL]).get(reverse("outcomes:blank_form")).content.decode()
    assert "Acute problematiek" in page and "Financiën" in page
    assert "complexe schulden" not in page.lower()  # ZRM criteria wording is never reproduced
    assert {f.name for f in Score._meta.concrete_fields} >= {"value"}
    assert not [f for f in Score._meta.concrete_fields if f.get_internal_type() == "TextField"]


def test_scoping_only_the_people_involved(world, client_for, api_client):
    from .factories import peer_for

    mine = make_trajectory(world)
    other_peer = make_trajectory(world, with_peer=False)
    peer = world.a.users[Role.PEER_WORKER]
    assert peer_for(world).user == peer
    api_client.force_authenticate(peer)
    codes = {row["code"] for row in api_client.get(reverse("trajectory-list")).json()["results"]}
    assert codes == {mine.code}
    assert api_client.get(reverse("trajectory-detail", args=[other_peer.pk])).status_code == 404
    # professionals of another organisation in the same municipality see nothing
    api_client.force_authenticate(world.b.users[Role.PROFESSIONAL])
    assert api_client.get(reverse("trajectory-list")).json()["count"] == 0
    assert api_client.get(reverse("trajectory-detail", args=[mine.pk])).status_code == 404


@pytest.mark.parametrize("role", [Role.POLICY_ADVISOR, Role.COORDINATOR, Role.ADMINISTRATOR])
def test_policy_advisor_never_opens_a_single_resident(world, client_for, api_client, role):
    t = make_trajectory(world)
    m = measure(world, t, "intake", D(2026, 1, 12), {("zrm", "financien"): 2})
    user = world.a.users[role]
    client = client_for(user)
    for name, args in [
        ("outcomes:trajectory_list", []),
        ("outcomes:trajectory_detail", [t.pk]),
        ("outcomes:measurement_create", [t.pk]),
        ("outcomes:trajectory_update", [t.pk]),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 403, name
        assert t.code not in response.content.decode()
    api_client.force_authenticate(user)
    for name, args in [
        ("trajectory-list", []),
        ("trajectory-detail", [t.pk]),
        ("measurement-list", []),
        ("measurement-detail", [m.pk]),
    ]:
        response = api_client.get(reverse(name, args=args))
        assert response.status_code == 403, name
        assert t.code not in response.content.decode()


def test_api_records_a_measurement_and_refuses_bad_scores(world, api_client):
    t = make_trajectory(world)
    api_client.force_authenticate(world.a.users[Role.PROFESSIONAL])
    bad = api_client.post(
        reverse("measurement-list"),
        {
            "trajectory": str(t.pk),
            "moment": "intake",
            "measured_on": "2026-01-12",
            "scores": [{"instrument": "zrm", "item": "financien", "value": 9}],
        },
        format="json",
    )
    assert bad.status_code == 400
    assert bad["Content-Type"].startswith("application/problem+json")
    ok = api_client.post(
        reverse("measurement-list"),
        {
            "trajectory": str(t.pk),
            "moment": "intake",
            "measured_on": "2026-01-12",
            "scores": [{"instrument": "zrm", "item": "financien", "value": 2}],
        },
        format="json",
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["scores"] == [{"instrument": "zrm", "item": "financien", "value": 2}]
    api_client.force_authenticate(world.b.users[Role.PROFESSIONAL])
    foreign = api_client.post(
        reverse("measurement-list"),
        {
            "trajectory": str(t.pk),
            "moment": "end",
            "scores": [{"instrument": "zrm", "item": "financien", "value": 2}],
        },
        format="json",
    )
    assert foreign.status_code == 404


def test_settings_page_for_the_policy_advisor(world, client_for):
    client = client_for(world.a.users[Role.POLICY_ADVISOR])
    response = client.post(reverse("outcomes:settings"), {"activation_definition": "ladder_step"})
    assert response.status_code == 302
    from ervaringswerk.outcomes.selectors import outcome_settings_for

    assert outcome_settings_for(municipality=world.a.municipality).activation_definition == "ladder_step"
    assert outcome_settings_for(municipality=world.b.municipality).activation_definition == "recorded"


def test_measurement_needs_a_real_trajectory_of_the_tenant(world):
    t = make_trajectory(world, tenant="b")
    with pytest.raises(ValidationError):
        measurement_record(
            viewer=viewer_for(world.b.users[Role.PROFESSIONAL]),
            trajectory=t,
            moment="later",
            measured_on=D(2026, 1, 12),
            scores={("zrm", "financien"): 2},
        )
