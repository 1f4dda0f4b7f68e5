"""Issue 17: a score out of range names `scores.<n>.value` (was `non_field_errors`)."""

from django.urls import reverse

from ervaringswerk.core.tenancy import Role
from ervaringswerk.outcomes.models import Measurement

from .factories import make_trajectory


def test_a_zrm_score_of_9_names_scores_0_value(world, api_client):
    trajectory = make_trajectory(world)
    api_client.force_authenticate(world.a.users[Role.PROFESSIONAL])
    response = api_client.post(
        reverse("measurement-list"),
        {
            "trajectory": str(trajectory.pk),
            "moment": "intake",
            "measured_on": "2026-01-12",
            "scores": [
                {"instrument": "zrm", "item": "financien", "value": 2},
                {"instrument": "zrm", "item": "financien", "value": 9},
                {"instrument": "zrm", "item": "bestaat-niet", "value": 2},
            ],
        },
        format="json",
    )
    assert response.status_code == 400, response.content
    params = {p["name"]: p["reason"] for p in response.json()["invalid_params"]}
    assert set(params) == {"scores.1.value", "scores.2.item"}
    assert "tussen 1 en 5" in params["scores.1.value"]
    assert not Measurement.objects.exists()
