from django.urls import reverse

from ervaringswerk.accounts.models import Role
from ervaringswerk.core.testing import api, page

FOLLOWERS = {Role.PROFESSIONAL, Role.TEAM_LEAD, Role.COORDINATOR}


def _request(world):
    from ervaringswerk.deployment.models import DeploymentRequest

    team = world.a.organisations["team"]
    return DeploymentRequest.objects.create(
        municipality=team.municipality, organisation=team, kind="consultation", title="Consult", status="open"
    ).pk


ROWS = [
    page("deployment:request_list", lambda w: reverse("deployment:request_list"), FOLLOWERS),
    api("deployment-request-list", lambda w: reverse("deployment-request-list"), FOLLOWERS),
    api(
        "deployment-request-detail",
        lambda w: reverse("deployment-request-detail", args=[_request(w)]),
        FOLLOWERS,
        other=404,
    ),
]
