from django.urls import reverse

from ervaringswerk.accounts.models import Role
from ervaringswerk.core.testing import page

ROWS = [
    page(
        "monitoring:overview", lambda w: reverse("monitoring:overview"), {Role.POLICY_ADVISOR, Role.TEAM_LEAD}
    ),
]
