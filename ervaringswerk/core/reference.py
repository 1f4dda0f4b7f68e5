"""Reference data the product ships: public facts of the instruments named in DOMAIN.md.

Only names and scales are stored here. The ZRM is a licensed instrument: we store scores, never its
criteria texts.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeploymentKind(models.TextChoices):
    INDIVIDUAL_SUPPORT = "individual_support", _("Individuele ondersteuning van een bewoner")
    GROUP_ACTIVITY = "group_activity", _("Groepsactiviteit")
    CONSULTATION = "consultation", _("Consultatie aan professionals")
    TRAINING = "training", _("Training of deskundigheidsbevordering")
    POLICY_PARTICIPATION = "policy_participation", _("Beleidsparticipatie")
    WALK_IN_HOSTING = "walk_in_hosting", _("Gastvrouw/-heer inloop")
    RESEARCH = "research", _("Onderzoek")


class DeploymentForm(models.TextChoices):
    """How a peer worker is deployed (Utrecht's three forms, plus the pool's requests; issue 14, S2)."""

    EMBEDDED = "embedded", _("Als gewoon teamlid in de organisatie")
    NEIGHBOURHOOD_TEAM = "neighbourhood_team", _("Toegevoegd aan een wijkteam")
    PEER_RUN = "peer_run", _("Initiatief van ervaringsdeskundigen (inloop)")
    ON_REQUEST = "on_request", _("Op verzoek vanuit de pool")


class ParticipationRung(models.IntegerChoices):
    ISOLATED = 1, _("1 Geïsoleerd")
    SOCIAL_CONTACTS = 2, _("2 Sociale contacten buitenshuis")
    ORGANISED_ACTIVITIES = 3, _("3 Deelname aan georganiseerde activiteiten")
    UNPAID_WORK = 4, _("4 Onbetaald werk")
    PAID_WORK_SUPPORTED = 5, _("5 Betaald werk met ondersteuning")
    PAID_WORK = 6, _("6 Betaald werk")


class ZrmDomain(models.TextChoices):
    FINANCES = "financien", _("Financiën")
    WORK_EDUCATION = "werk_opleiding", _("Werk & opleiding")
    TIME_USE = "tijdsbesteding", _("Tijdsbesteding")
    HOUSING = "huisvesting", _("Huisvesting")
    DOMESTIC_RELATIONS = "huiselijke_relaties", _("Huiselijke relaties")
    MENTAL_HEALTH = "geestelijke_gezondheid", _("Geestelijke gezondheid")
    PHYSICAL_HEALTH = "lichamelijke_gezondheid", _("Lichamelijke gezondheid")
    SUBSTANCE_USE = "middelengebruik", _("Middelengebruik")
    BASIC_ADL = "basale_adl", _("Basale ADL")
    INSTRUMENTAL_ADL = "instrumentele_adl", _("Instrumentele ADL")
    SOCIAL_NETWORK = "sociaal_netwerk", _("Sociaal netwerk")
    SOCIAL_PARTICIPATION = "maatschappelijke_participatie", _("Maatschappelijke participatie")
    JUSTICE = "justitie", _("Justitie")


class ZrmScore(models.IntegerChoices):
    ACUTE = 1, _("1 Acute problematiek")
    NOT_SELF_RELIANT = 2, _("2 Niet zelfredzaam")
    LIMITED = 3, _("3 Beperkt zelfredzaam")
    SUFFICIENT = 4, _("4 Voldoende zelfredzaam")
    FULL = 5, _("5 Volledig zelfredzaam")


class PositiveHealthDimension(models.TextChoices):
    BODY_FUNCTIONS = "lichaamsfuncties", _("Lichaamsfuncties")
    MENTAL_WELLBEING = "mentaal_welbevinden", _("Mentaal welbevinden")
    MEANING = "zingeving", _("Zingeving")
    QUALITY_OF_LIFE = "kwaliteit_van_leven", _("Kwaliteit van leven")
    PARTICIPATION = "meedoen", _("Meedoen")
    DAILY_FUNCTIONING = "dagelijks_functioneren", _("Dagelijks functioneren")


class ChimeDimension(models.TextChoices):
    CONNECTEDNESS = "connectedness", _("Verbondenheid")
    HOPE = "hope", _("Hoop en optimisme")
    IDENTITY = "identity", _("Identiteit")
    MEANING = "meaning", _("Zingeving")
    EMPOWERMENT = "empowerment", _("Empowerment")


class IrocDomain(models.TextChoices):
    HOME = "home", _("Thuis")
    OPPORTUNITIES = "opportunities", _("Kansen")
    PEOPLE = "people", _("Mensen")
    EMPOWERMENT = "empowerment", _("Empowerment")


class TaskArea(models.TextChoices):
    """Task areas of the peer workers' competence profile (BCP-E 2013, revised 2022)."""

    SELF_HELP = "self_help", _("Ondersteunen van zelfhulp van individuen en groepen")
    COACHING_PROFESSIONALS = "coaching_professionals", _("Coachen van andere professionals")
    EXPERTISE_PROMOTION = "expertise_promotion", _("Deskundigheidsbevordering")
    ADVICE_SERVICES = "advice_services", _("Adviseren over herstelondersteunende dienstverlening")
    RESEARCH = "research", _("Onderzoek")
    VISION_POLICY = "vision_policy", _("Visie- en beleidsontwikkeling")
    ANTI_STIGMA = "anti_stigma", _("Anti-stigmawerk")


class PeerRole(models.TextChoices):
    SUPPORTER = "supporter", _("Ondersteuner")
    FACILITATOR = "facilitator", _("Facilitator (herstel- en zelfhulpgroepen, vrije ruimtes)")
    ACTIVIST = "activist", _("Activist / kwartiermaker")


class EducationLevel(models.TextChoices):
    NONE = "none", _("Geen opleiding ervaringsdeskundigheid")
    COURSE = "course", _("Cursus")
    MBO3 = "mbo3", _("MBO-3")
    MBO4 = "mbo4", _("MBO-4")
    HBO = "hbo", _("HBO")
    MASTER = "master", _("Master")


class Precondition(models.TextChoices):
    MANAGEMENT_SUPPORT = "management_support", _("Steun van het management")
    TEAM_SUPPORT = "team_support", _("Steun van het team en ontvankelijkheid van professionals")
    SUPERVISION = "supervision", _("Supervisie en intervisie")
    COMMUNICATION = "communication", _("Informatie en communicatie")
    CLEAR_ROLES = "clear_roles", _("Duidelijke rollen, taken en verantwoordelijkheden")
    ROOM_FACILITIES = "room_facilities", _("Ruimte en faciliteiten")
    VULNERABILITY_WORK = "vulnerability_work", _("Aandacht voor het combineren van kwetsbaarheid en werk")
    EXPERTISE_DEVELOPMENT = "expertise_development", _("Doorontwikkeling van de deskundigheid")
    CONTINUITY = "continuity", _("Continuïteit en borging in procedures en budgetten")


# The starting list of experience domains (DOMAIN.md); each municipality gets a copy it may edit.
DEFAULT_EXPERIENCE_DOMAINS: list[tuple[str, str]] = [
    ("ggz", "Psychische problemen (GGZ)"),
    ("verslaving", "Verslaving"),
    ("dakloosheid", "Dak- en thuisloosheid"),
    ("armoede-schulden", "Armoede en schulden"),
    ("verstandelijke-beperking", "Verstandelijke beperking"),
    ("lichamelijke-beperking", "Lichamelijke beperking"),
    ("chronische-ziekte", "Chronische ziekte"),
    ("huiselijk-geweld", "Huiselijk geweld en misbruik"),
    ("jeugdzorg", "Jeugdzorg"),
    ("detentie-justitie", "Detentie/justitie"),
    ("migratie-cultuur", "Migratie en cultuur"),
    ("mantelzorg", "Mantelzorg"),
    ("rouw-verlies", "Rouw en verlies"),
    ("eenzaamheid", "Eenzaamheid"),
]
