"""A real OpenID Provider for the single sign-on tests: a small Django project with django-oidc-provider,
run by `tests/sso/conftest.py` in a subprocess on a free loopback port with its own SQLite database.
It is never part of Ervaringswerk itself."""
