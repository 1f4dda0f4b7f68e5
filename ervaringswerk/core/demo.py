"""Demo data: the shared frame (tenants, neighbourhoods, organisations, logins) that other apps'
`demo.py` modules build on. Every person and organisation name is invented; neighbourhood names are
the municipalities' real wijken (public facts)."""

from dataclasses import dataclass, field

from ervaringswerk.accounts.models import Membership, User
from ervaringswerk.core.models import Municipality, Neighbourhood
from ervaringswerk.core.services import municipality_create
from ervaringswerk.core.tenancy import Role
from ervaringswerk.organisations.models import Organisation, OrganisationKind

DEMO_PASSWORD = "demo-ervaringswerk"  # noqa: S105 - documented public demo password


@dataclass
class DemoContext:
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    neighbourhoods: dict[tuple[str, str], Neighbourhood] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # username, role label, organisation


MUNICIPALITIES = {
    "helmond": ("Helmond", "GM0794"),
    "utrecht": ("Utrecht", "GM0344"),
}

NEIGHBOURHOODS = {
    "helmond": [
        "Binnenstad",
        "Brandevoort",
        "Brouwhuis",
        "Dierdonk",
        "Helmond-Noord",
        "Helmond-West",
        "Mierlo-Hout",
        "Rijpelberg",
        "Stiphout",
        "Warande",
    ],
    "utrecht": [
        "Binnenstad",
        "Leidsche Rijn",
        "Noordoost",
        "Noordwest",
        "Oost",
        "Overvecht",
        "Vleuten-De Meern",
        "West",
        "Zuid",
        "Zuidwest",
    ],
}

# key: (municipality, name, kind, neighbourhoods served, description)
ORGANISATIONS = {
    "helmond.gemeente": ("helmond", "Gemeente Helmond", OrganisationKind.MUNICIPALITY, [], ""),
    "helmond.welzijn": (
        "helmond",
        "Welzijn De Peelstroom",
        OrganisationKind.WELFARE,
        [],
        "Welzijnsorganisatie; werkgever van de ervaringsdeskundigen geldzorgen.",
    ),
    "helmond.werk": ("helmond", "Werk & Inkomen Peelland", OrganisationKind.WORK_INCOME, [], ""),
    "helmond.team-noord": (
        "helmond",
        "Sociaal Team Noord-West",
        OrganisationKind.NEIGHBOURHOOD_TEAM,
        ["Helmond-Noord", "Helmond-West", "Binnenstad", "Stiphout"],
        "",
    ),
    "helmond.team-oost": (
        "helmond",
        "Sociaal Team Oost-Zuid",
        OrganisationKind.NEIGHBOURHOOD_TEAM,
        ["Brandevoort", "Brouwhuis", "Dierdonk", "Mierlo-Hout", "Rijpelberg", "Warande"],
        "",
    ),
    "helmond.schuldhulp": ("helmond", "Schuldhulp Vaste Grond", OrganisationKind.DEBT_HELP, [], ""),
    "helmond.clientenraad": (
        "helmond",
        "Cliëntenraad Sociaal Domein Helmond",
        OrganisationKind.CLIENT_COUNCIL,
        [],
        "",
    ),
    "utrecht.gemeente": ("utrecht", "Gemeente Utrecht", OrganisationKind.MUNICIPALITY, [], ""),
    "utrecht.welzijn": (
        "utrecht",
        "Stichting Welzijn Domstad",
        OrganisationKind.WELFARE,
        [],
        "Stedelijke welzijnsorganisatie met ervaringsdeskundigen als gewone teamleden.",
    ),
    "utrecht.team-overvecht": (
        "utrecht",
        "Buurtteam Overvecht-Noordoost",
        OrganisationKind.NEIGHBOURHOOD_TEAM,
        ["Overvecht", "Noordoost"],
        "",
    ),
    "utrecht.team-zuidwest": (
        "utrecht",
        "Buurtteam Zuidwest-West",
        OrganisationKind.NEIGHBOURHOOD_TEAM,
        ["Zuidwest", "West"],
        "",
    ),
    "utrecht.inloop": (
        "utrecht",
        "Herstelinloop De Werkplaats",
        OrganisationKind.PEER_INITIATIVE,
        ["Zuidwest"],
        "Inloop gerund door (ex-)cliënten; getrainde ervaringscoaches zijn gastvrouw/-heer.",
    ),
    "utrecht.zrc": (
        "utrecht",
        "Zelfregiecentrum De Wissel",
        OrganisationKind.SELF_DIRECTION_CENTRE,
        ["Overvecht", "Noordoost"],
        "Zelfregiecentrum in Overvecht: herstel op eigen kracht, samen met ervaringsdeskundigen.",
    ),
}

# username: (first name, last name, role, organisation key)
LOGINS = {
    "coordinator.helmond": ("Ilse", "van Doorn", Role.COORDINATOR, "helmond.welzijn"),
    "peer.helmond": ("Ruud", "Verhoeven", Role.PEER_WORKER, "helmond.welzijn"),
    "professional.helmond": ("Samira", "El Idrissi", Role.PROFESSIONAL, "helmond.team-noord"),
    "teamlead.helmond": ("Jeroen", "Smits", Role.TEAM_LEAD, "helmond.team-noord"),
    "policy.helmond": ("Marloes", "Hendriks", Role.POLICY_ADVISOR, "helmond.gemeente"),
    "beheerder.helmond": ("Kees", "Raaijmakers", Role.ADMINISTRATOR, "helmond.gemeente"),
    "coordinator.utrecht": ("Noor", "Bakker", Role.COORDINATOR, "utrecht.welzijn"),
    "peer.utrecht": ("Dewi", "Kartosen", Role.PEER_WORKER, "utrecht.welzijn"),
    "professional.utrecht": ("Thomas", "de Wit", Role.PROFESSIONAL, "utrecht.team-overvecht"),
    "teamlead.utrecht": ("Fatma", "Yilmaz", Role.TEAM_LEAD, "utrecht.team-overvecht"),
    "policy.utrecht": ("Bas", "Mulder", Role.POLICY_ADVISOR, "utrecht.gemeente"),
    "beheerder.utrecht": ("Anouk", "Veldhuis", Role.ADMINISTRATOR, "utrecht.gemeente"),
    # The walk-in run by (ex-)clients and the self-direction centre each have their own pool and coordinator
    # (issue 14, S2/S4): they see and deploy only their own peer workers.
    "coordinator.inloop": ("Mariska", "Dijkman", Role.COORDINATOR, "utrecht.inloop"),
    "coordinator.zelfregie": ("Priya", "Ramdin", Role.COORDINATOR, "utrecht.zrc"),
}


def _user(ctx: DemoContext, username: str, first: str, last: str, *, superuser: bool = False) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@demo.invalid",
            "is_superuser": superuser,
            "is_staff": superuser,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    ctx.users[username] = user
    return user


def load(ctx: DemoContext) -> None:
    for key, (name, code) in MUNICIPALITIES.items():
        municipality = Municipality.objects.filter(cbs_code=code).first() or municipality_create(
            name=name, cbs_code=code, slug=key
        )
        ctx.municipalities[key] = municipality
        for wijk in NEIGHBOURHOODS[key]:
            ctx.neighbourhoods[(key, wijk)], _ = Neighbourhood.objects.get_or_create(
                municipality=municipality, name=wijk
            )
    for key, (m_key, name, kind, wijken, description) in ORGANISATIONS.items():
        organisation, created = Organisation.objects.get_or_create(
            municipality=ctx.municipalities[m_key],
            name=name,
            defaults={"kind": kind, "description": description},
        )
        if created and wijken:
            organisation.neighbourhoods.set([ctx.neighbourhoods[(m_key, w)] for w in wijken])
        ctx.organisations[key] = organisation

    _user(ctx, "beheer", "Beheer", "Platform", superuser=True)
    ctx.logins.append(("beheer", str(Role.ADMINISTRATOR.label), "platformbeheer"))
    for username, (first, last, role, org_key) in LOGINS.items():
        user = _user(ctx, username, first, last)
        organisation = ctx.organisations[org_key]
        Membership.objects.get_or_create(
            user=user,
            organisation=organisation,
            role=role,
            defaults={"municipality": organisation.municipality},
        )
        ctx.logins.append((username, str(Role(role).label), organisation.name))
