from django.urls import reverse

from ervaringswerk.core.testing import COLUMNS, Row, same_for_all


def _login_expect():
    expect = dict.fromkeys(COLUMNS, 302)  # signed-in users are sent on to their start page
    expect["anonymous"] = 200
    return expect


ROWS = [
    Row("accounts:login", lambda w: reverse("accounts:login"), _login_expect()),
    same_for_all("accounts:logout", lambda w: reverse("accounts:logout"), 405),  # POST only
    same_for_all("accounts:api_token", lambda w: reverse("accounts:api_token"), 200, anonymous=302),
    # The Django admin is for the platform host only; everyone else is sent to its login page.
    Row(
        "admin:index",
        lambda w: reverse("admin:index"),
        {**dict.fromkeys(COLUMNS, 302), "platform_admin": 200},
    ),
]
