"""Prepare the test provider's database: migrate, an RSA signing key, one confidential client and the
users with their groups. Run as `python -m tests.oidc_provider.setup_op '<json>'` with the OP_* variables."""

import json
import os
import sys


def main(spec: dict) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")
    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType

    call_command("migrate", verbosity=0)
    call_command("creatersakey")
    client = Client.objects.create(
        name="Ervaringswerk",
        client_type="confidential",
        client_id=spec["client_id"],
        client_secret=spec["client_secret"],
        jwt_alg="RS256",
        require_consent=True,
        reuse_consent=False,
        _redirect_uris=spec["redirect_uri"],
        _post_logout_redirect_uris=spec.get("post_logout_redirect_uri", ""),
    )
    client.response_types.add(ResponseType.objects.get(value="code"))
    for person in spec["users"]:
        user = User.objects.create_user(
            person["username"], email=person["email"], password=person["password"]
        )
        for name in person.get("groups", []):
            user.groups.add(Group.objects.get_or_create(name=name)[0])


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
