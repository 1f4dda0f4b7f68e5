from django.urls import reverse

from ervaringswerk.core.testing import COLUMNS, Row, same_for_all

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _login_expect():
    expect = dict.fromkeys(COLUMNS, 302)  # signed-in users are sent on to their start page
    expect["anonymous"] = 200
    return expect


ROWS = [
    Row("accounts:login", lambda w: reverse("accounts:login"), _login_expect()),
    same_for_all("accounts:logout", lambda w: reverse("accounts:logout"), 405),  # POST only
    # Single sign-on is off unless EW_OIDC_* are set (not in the matrix run): both pages are 404 for all.
    # Configured, they are proven end to end in accounts/tests/test_sso.py.
    same_for_all("accounts:sso_login", lambda w: reverse("accounts:sso_login"), 404),
    same_for_all("accounts:sso_callback", lambda w: reverse("accounts:sso_callback"), 404),
    same_for_all("accounts:api_token", lambda w: reverse("accounts:api_token"), 200, anonymous=302),
    # POST only: a GET is 405 for every signed-in user (a POST for someone else's token is 404,
    # accounts/tests/test_api_token.py); anonymous users go to the login page.
    same_for_all(
        "accounts:api_token_revoke",
        lambda w: reverse("accounts:api_token_revoke", args=[UNKNOWN]),
        405,
        anonymous=302,
    ),
    # Every signed-in user has their own tokens (and only those); anonymous callers get 401.
    same_for_all("api-token-list", lambda w: reverse("api-token-list"), 200, anonymous=401),
    same_for_all("token-list", lambda w: reverse("token-list"), 200, anonymous=401),
    # DELETE only: a GET is 405 for every signed-in caller.
    same_for_all(
        "api-token-detail", lambda w: reverse("api-token-detail", args=[UNKNOWN]), 405, anonymous=401
    ),
    same_for_all("token-detail", lambda w: reverse("token-detail", args=[UNKNOWN]), 405, anonymous=401),
    # The Django admin is for the platform host only; everyone else is sent to its login page.
    Row(
        "admin:index",
        lambda w: reverse("admin:index"),
        {**dict.fromkeys(COLUMNS, 302), "platform_admin": 200},
    ),
]

# Passwords: every signed-in user changes their own; the reset pages are for everyone (they reveal nothing).
ROWS += [
    same_for_all(
        "accounts:password_change", lambda w: reverse("accounts:password_change"), 200, anonymous=302
    ),
    same_for_all(
        "accounts:password_change_done",
        lambda w: reverse("accounts:password_change_done"),
        200,
        anonymous=302,
    ),
    same_for_all("accounts:password_reset", lambda w: reverse("accounts:password_reset"), 200),
    same_for_all("accounts:password_reset_done", lambda w: reverse("accounts:password_reset_done"), 200),
    # A link with a wrong uid/token shows the Dutch "this link does not work" page, to everyone.
    same_for_all(
        "accounts:password_reset_confirm",
        lambda w: reverse("accounts:password_reset_confirm", args=["MQ", "verkeerd-token"]),
        200,
    ),
    same_for_all(
        "accounts:password_reset_complete", lambda w: reverse("accounts:password_reset_complete"), 200
    ),
]

# Second factor: everyone manages their own; the code step sends anyone without a pending password (and
# anyone signed in without a second factor) on, to the login page or their start page.
ROWS += [
    same_for_all("accounts:two_factor", lambda w: reverse("accounts:two_factor"), 200, anonymous=302),
    same_for_all("accounts:login_code", lambda w: reverse("accounts:login_code"), 302),
]

# Passkeys: JSON endpoints for the package's script, POST only (a GET is 405 for everyone; who may POST is
# in accounts/tests/test_passkeys.py); removing one's own passkey (POST, others' are 404); the script's texts.
ROWS += [
    same_for_all(name, lambda w, name=name: reverse(name), 405)
    for name in (
        "accounts:passkey_register_begin",
        "accounts:passkey_register_complete",
        "accounts:passkey_login_begin",
        "accounts:passkey_login_complete",
    )
]
ROWS += [
    same_for_all(
        "accounts:passkey_remove", lambda w: reverse("accounts:passkey_remove", args=[0]), 405, anonymous=302
    ),
    same_for_all("accounts:passkey_jsi18n", lambda w: reverse("accounts:passkey_jsi18n"), 200),
]
