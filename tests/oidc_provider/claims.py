from django.utils.translation import gettext_lazy as _
from oidc_provider.lib.claims import ScopeClaims


def userinfo(claims, user):
    claims["email"] = user.email
    claims["email_verified"] = True
    claims["preferred_username"] = user.username
    claims["name"] = user.get_full_name()
    return claims


def idtoken_hook(id_token, user, token, request, **kwargs):
    """How the person authenticated, as real providers say it (RFC 8176 `amr`, and an `acr`): members of
    the group `mfa` signed in with a password and a one-time code, the others with a password only."""
    if user.groups.filter(name="mfa").exists():
        id_token["amr"] = ["pwd", "otp"]
        id_token["acr"] = "urn:test:loa:substantial"
    else:
        id_token["amr"] = ["pwd"]
        id_token["acr"] = "urn:test:loa:low"
    return id_token


class GroupsScopeClaims(ScopeClaims):
    info_groups = (_("Groups"), _("The groups you are a member of."))

    def scope_groups(self):
        return {"groups": sorted(self.user.groups.values_list("name", flat=True))}
