"""Demo pool: 29 invented peer workers in Helmond and Utrecht with varied lived experience and disclosure,
boundaries, pauses, ladder histories, goals, trainings and check-ins. Includes the Helmond money-worries
pilot pair (Ruud Verhoeven and Anouk Bosmans, armoede en schulden, 24 hours a week together).

Idempotent: a peer worker is found by name; their details and history are only added when missing.
Dates are relative to today, so pauses and paths look current whenever the demo is loaded.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from ervaringswerk.core.models import ExperienceDomain
from ervaringswerk.core.reference import DeploymentKind as K
from ervaringswerk.core.reference import EducationLevel as E
from ervaringswerk.core.reference import TaskArea as T

from .constants import EmploymentForm as F
from .constants import GoalStatus, PeerStatus, RegisterStatus, SupportNeed, Visibility, Wish
from .models import CheckIn, DevelopmentGoal, LadderStep, PeerExperience, PeerWorker, Training

PRIVATE, COORD, MATCH, PROF = (
    Visibility.PRIVATE,
    Visibility.COORDINATOR,
    Visibility.MATCHING,
    Visibility.PROFESSIONALS,
)
WEEK = ["mon", "tue", "wed", "thu", "fri"]

EXPERIENCE_TEXT = {
    "armoede-schulden": "Jaren met schulden geleefd; ik weet hoe het is om de post niet te durven openen.",
    "verslaving": "Herstellend van een alcoholverslaving; sinds jaren clean en actief in een herstelgroep.",
    "ggz": "Eigen ervaring met depressie en opnames; herstel met steun van lotgenoten.",
    "dakloosheid": "Een tijd dakloos geweest en via de nachtopvang weer aan een eigen plek gekomen.",
    "eenzaamheid": "Na een scheiding lang alleen geweest; ik weet hoe groot de eerste stap naar buiten is.",
    "migratie-cultuur": "Zelf gevlucht en opnieuw begonnen; ik ken de weg en de drempels.",
    "huiselijk-geweld": "Eigen ervaring met geweld in huis en de weg eruit.",
    "mantelzorg": "Jaren mantelzorger geweest voor een ouder met dementie.",
    "chronische-ziekte": "Leven met een chronische ziekte en toch meedoen.",
    "jeugdzorg": "Opgegroeid in de jeugdzorg; weet wat jongeren dan nodig hebben.",
    "detentie-justitie": "Ervaring met detentie en de terugkeer in de wijk.",
    "rouw-verlies": "Een kind verloren; ervaring met rouw die niet overgaat maar verandert.",
    "lichamelijke-beperking": "Rolstoelgebruiker sinds een ongeluk; ervaring met opnieuw je weg vinden.",
}

# Each peer worker: organisation key, names, login, profile fields, experiences {slug: visibility},
# ladder [(days ago, rung, note)], goals [(title, status, target in days)], trainings [(name, provider,
# started days ago, completed days ago or None)], pause (start offset, end offset or None, note) and
# check-ins [(days ago, energy, balance, support need, wants a talk)].
PEERS = [
    # -- Helmond: Welzijn De Peelstroom, employer of the money-worries pilot ------------------------------
    {
        "org": "helmond.welzijn",
        "name": ("Ruud", "Verhoeven"),
        "login": "peer.helmond",
        "hoods": ["Helmond-Noord", "Binnenstad", "Stiphout"],
        "fields": {
            "weekly_hours": 12,
            "max_residents": 4,
            "languages": ["nl"],
            "kinds": [K.INDIVIDUAL_SUPPORT, K.GROUP_ACTIVITY, K.CONSULTATION],
            "task_areas": [T.SELF_HELP, T.COACHING_PROFESSIONALS],
            "education_level": E.MBO4,
            "register_status": RegisterStatus.REGISTERED,
            "employment_form": F.PAYROLL,
            "available_days": ["mon", "tue", "thu"],
            "prefers": [Wish.OWN_NEIGHBOURHOOD],
            "excluded_themes": ["huiselijk-geweld"],
            "email": "ruud.verhoeven@peelstroom.demo.invalid",
            "gender": "man",
        },
        "joined": 1500,
        "experiences": {"armoede-schulden": PROF, "verslaving": COORD, "eenzaamheid": PRIVATE},
        "ladder": [
            (1400, 3, "Vrijwilliger bij de voedselbank"),
            (900, 4, "Ervaringsdeskundige, vrijwillig"),
            (300, 5, "Pilot geldzorgen: betaald, met begeleiding"),
        ],
        "goals": [
            ("Training schuldhulpmaatje afronden", GoalStatus.ACHIEVED, -60),
            ("Zelfstandig een themabijeenkomst leiden", GoalStatus.IN_PROGRESS, 90),
        ],
        "trainings": [
            ("Herstelondersteuning basis", "Herstelacademie Peelland", 1200, 1100),
            ("Schuldhulpmaatje", "Schuldhulp Vaste Grond", 200, 120),
        ],
        "check_ins": [(20, 4, 4, SupportNeed.NONE, False)],
    },
    {
        "org": "helmond.welzijn",
        "name": ("Anouk", "Bosmans"),
        "hoods": ["Brandevoort", "Brouwhuis", "Mierlo-Hout"],
        "fields": {
            "weekly_hours": 12,
            "max_residents": 4,
            "languages": ["nl", "en"],
            "kinds": [K.INDIVIDUAL_SUPPORT, K.TRAINING],
            "task_areas": [T.SELF_HELP, T.EXPERTISE_PROMOTION],
            "education_level": E.HBO,
            "register_status": RegisterStatus.APPLIED,
            "employment_form": F.PAYROLL,
            "available_days": ["tue", "wed", "fri"],
            "email": "anouk.bosmans@peelstroom.demo.invalid",
        },
        "joined": 800,
        "experiences": {"armoede-schulden": MATCH, "huiselijk-geweld": PRIVATE},
        "ladder": [(780, 4, "Vrijwilliger cliëntenraad"), (290, 5, "Pilot geldzorgen")],
        "goals": [("Registratie als ervaringsdeskundige", GoalStatus.IN_PROGRESS, 120)],
        "trainings": [("Ervaringsdeskundigheid in de wijk", "Herstelacademie Peelland", 600, 420)],
    },
    {
        "org": "helmond.welzijn",
        "name": ("Sanne", "van Lierop"),
        "hoods": ["Helmond-West", "Rijpelberg"],
        "fields": {
            "weekly_hours": 8,
            "max_residents": 2,
            "languages": ["nl"],
            "kinds": [K.GROUP_ACTIVITY, K.WALK_IN_HOSTING],
            "education_level": E.COURSE,
            "employment_form": F.VOLUNTEER_ALLOWANCE,
            "available_days": ["wed", "thu"],
            "prefers": [Wish.GROUP_WORK, Wish.WITH_COLLEAGUE],
        },
        "joined": 500,
        "experiences": {"ggz": MATCH, "eenzaamheid": MATCH},
        "ladder": [(700, 2, ""), (480, 3, "Herstelgroep"), (200, 4, "Gastvrouw inloop")],
        "goals": [("Een eigen herstelgroep begeleiden", GoalStatus.PLANNED, 240)],
        "check_ins": [(40, 3, 3, SupportNeed.SOME, False), (3, 2, 2, SupportNeed.MUCH, True)],
    },
    {
        "org": "helmond.welzijn",
        "name": ("Mehmet", "Yıldız"),
        "hoods": ["Helmond-Noord", "Helmond-West"],
        "fields": {
            "weekly_hours": 16,
            "max_residents": 5,
            "languages": ["nl", "tr"],
            "kinds": [K.INDIVIDUAL_SUPPORT, K.CONSULTATION, K.POLICY_PARTICIPATION],
            "task_areas": [T.ADVICE_SERVICES, T.ANTI_STIGMA],
            "education_level": E.MBO3,
            "employment_form": F.PARTICIPATION_JOB,
            "available_days": WEEK,
            "gender": "man",
            "cultural_background": "Turks-Nederlands",
        },
        "joined": 1100,
        "experiences": {"migratie-cultuur": PROF, "armoede-schulden": COORD},
        "ladder": [(1000, 3, ""), (600, 4, ""), (150, 5, "Participatiebaan")],
        "trainings": [("Cultuursensitief werken", "Welzijn De Peelstroom", 400, 380)],
    },
    {
        "org": "helmond.welzijn",
        "name": ("Petra", "Manders"),
        "hoods": ["Binnenstad"],
        "fields": {
            "weekly_hours": 10,
            "max_residents": 3,
            "languages": ["nl"],
            "kinds": [K.INDIVIDUAL_SUPPORT],
            "education_level": E.MBO4,
            "employment_form": F.VOLUNTEER_ALLOWANCE,
            "available_days": ["mon", "wed"],
        },
        "joined": 900,
        "experiences": {"verslaving": MATCH, "dakloosheid": MATCH},
        "ladder": [(850, 4, "")],
        "pause": (-14, None, "Even tijd voor mezelf nodig."),
    },
    {
        "org": "helmond.welzijn",
        "name": ("Johan", "van den Heuvel"),
        "hoods": ["Dierdonk", "Warande"],
        "fields": {
            "status": PeerStatus.PAUSED,
            "weekly_hours": 6,
            "max_residents": 2,
            "languages": ["nl"],
            "kinds": [K.INDIVIDUAL_SUPPORT, K.GROUP_ACTIVITY],
            "employment_form": F.VOLUNTEER,
            "education_level": E.COURSE,
            "available_days": ["tue"],
        },
        "status_days": 45,
        "joined": 1300,
        "experiences": {"mantelzorg": MATCH, "chronische-ziekte": PROF},
        "ladder": [(1250, 3, ""), (700, 4, "")],
    },
    {
        "org": "helmond.welzijn",
        "name": ("Fatima", "Amrani"),
        "hoods": ["Helmond-Noord", "Binnenstad"],
        "fields": {
            "weekly_hours": 10,
            "max_residents": 3,
            "languages": ["nl", "ar"],
            "kinds": [K.WALK_IN_HOSTING, K.GROUP_ACTIVITY, K.INDIVIDUAL_SUPPORT],
            "education_level": E.MBO3,
            "employment_form": F.VOLUNTEER_ALLOWANCE,
            "available_days": ["mon", "thu", "fri"],
            "gender": "woman",
            "cultural_background": "Marokkaans-Nederlands",
        },
        "joined": 400,
        "experiences": {"jeugdzorg": MATCH, "huiselijk-geweld": COORD},
        "ladder": [(390, 3, ""), (100, 4, "")],
        "goals": [("MBO-4 ervaringsdeskundige starten", GoalStatus.PLANNED, 200)],
    },
    {
        "org": "helmond.welzijn",
        "name": ("Kees", "Swinkels"),
        "hoods": ["Stiphout"],
        "fields": {
            "status": PeerStatus.LEFT,
            "weekly_hours": 8,
            "max_residents": 2,
            "languages": ["nl"],
            "kinds": [K.INDIVIDUAL_SUPPORT],
            "employment_form": F.VOLUNTEER,
        },
        "status_days": 200,
        "joined": 1600,
        "experiences": {"detentie-justitie": MATCH},
        "ladder": [(1500, 3, ""), (1000, 4, ""), (210, 6, "Vaste baan gevonden bij een woningcorporatie")],
    },
    {
        "org": "helmond.welzijn",
        "name": ("Ingrid", "Raaijmakers"),
        "hoods": ["Mierlo-Hout", "Brandevoort"],
        "fields": {
            "weekly_hours": 8,
            "max_residents": 2,
            "languages": ["nl", "de"],
            "kinds": [K.INDIVIDUAL_SUPPORT, K.TRAINING],
            "task_areas": [T.EXPERTISE_PROMOTION],
            "education_level": E.HBO,
            "employment_form": F.FREELANCE,
            "register_status": RegisterStatus.REGISTERED,
            "available_days": ["tue", "thu"],
        },
        "joined": 700,
        "experiences": {"rouw-verlies": PROF, "ggz": PRIVATE},
        "ladder": [(650, 5, ""), (200, 6, "Zelfstandig trainer")],
        "pause": (30, 51, "Geplande vakantie en herstel na een operatie."),
        "trainings": [("Train-de-trainer", "Landelijk opleidingsinstituut (demo)", 500, 450)],
    },
    {
        "org": "helmond.welzijn",
        "name": ("Tom", "Coolen"),
        "hoods": ["Rijpelberg"],
        "fields": {
            "weekly_hours": 6,
            "max_residents": 1,
            "languages": ["nl", "en"],
            "kinds": [K.CONSULTATION, K.TRAINING],
            "task_areas": [T.ANTI_STIGMA, T.EXPERTISE_PROMOTION],
            "education_level": E.COURSE,
            "employment_form": F.VOLUNTEER,
            "available_days": ["fri"],
            "prefers": [Wish.REMOTE_OK],
        },
        "joined": 300,
        "experiences": {"lichamelijke-beperking": MATCH},
        "ladder": [(290, 3, ""), (60, 4, "")],
        "trainings": [("Voorlichting geven", "Welzijn De Peelstroom", 120, None)],
    },
    {
        "org": "helmond.welzijn",
        "name": ("Nadia", "Bouzid"),
        "hoods": ["Helmond-West", "Helmond-Noord", "Binnenstad"],
        "fields": {
            "weekly_hours": 20,
            "max_residents": 6,
            "languages": ["nl", "ar", "fr"],
            "kinds": [K.INDIVIDUAL_SUPPORT, K.GROUP_ACTIVITY, K.CONSULTATION],
            "education_level": E.MBO4,
            "employment_form": F.PARTNER_EMPLOYED,
            "available_days": WEEK,
            "task_areas": [T.SELF_HELP],
        },
        "joined": 1000,
        "experiences": {"armoede-schulden": MATCH, "migratie-cultuur": MATCH},
        "ladder": [(950, 4, ""), (400, 5, ""), (90, 6, "In dienst bij Werk & Inkomen Peelland")],
        "goals": [("Collega's coachen in het gesprek over geld", GoalStatus.IN_PROGRESS, 60)],
    },
    {
        "org": "helmond.welzijn",
        "name": ("Wim", "Hurkmans"),
        "hoods": ["Dierdonk"],
        "fields": {
            "weekly_hours": 4,
            "max_residents": 0,
            "languages": ["nl"],
            "kinds": [K.POLICY_PARTICIPATION],
            "task_areas": [T.VISION_POLICY],
            "employment_form": F.VOLUNTEER,
            "available_days": ["wed"],
        },
        "joined": 2000,
        "experiences": {"eenzaamheid": MATCH},
        "ladder": [(1900, 2, ""), (1300, 3, "Cliëntenraad"), (600, 4, "")],
    },
    # -- Utrecht: Stichting Welzijn Domstad (peer workers as ordinary team members) ----------------------
    {
        "org": "utrecht.welzijn",
        "name": ("Dewi", "Kartosen"),
        "login": "peer.utrecht",
        "hoods": ["Overvecht", "Noordoost"],
        "fields": {
            "weekly_hours": 16,
            "max_residents": 5,
            "languages": ["nl", "en"],
            "kinds": [K.INDIVIDUAL_SUPPORT, K.GROUP_ACTIVITY, K.CONSULTATION],
            "task_areas": [T.SELF_HELP],
            "education_level": E.HBO,
            "register_status": RegisterStatus.REGISTERED,
            "employment_form": F.PAYROLL,
            "available_days": ["mon", "tue", "wed", "thu"],
            "gender": "woman",
            "cultural_background": "Surinaams-Javaans",
            "email": "dewi.kartosen@domstad.demo.invalid",
        },
        "joined": 1200,
        "experiences": {"ggz": MATCH, "migratie-cultuur": PROF, "eenzaamheid": COORD},
        "ladder": [(1150, 4, ""), (600, 5, ""), (250, 6, "Vast contract in het buurtteam")],
        "goals": [("Intervisie voor collega's opzetten", GoalStatus.IN_PROGRESS, 100)],
        "trainings": [("Ervaringsdeskundige HBO-minor", "Hogeschool (demo)", 900, 700)],
        "check_ins": [(10, 4, 3, SupportNeed.NONE, False)],
    },
    {
        "org": "utrecht.welzijn",
        "name": ("Karim", "Benali"),
        "hoods": ["Overvecht"],
        "fields": {
            "status": PeerStatus.PAUSED,
            "weekly_hours": 8,
            "max_residents": 2,
            "languages": ["nl", "ar"],
            "kinds": [K.INDIVIDUAL_SUPPORT],
            "employment_form": F.VOLUNTEER_ALLOWANCE,
            "education_level": E.COURSE,
        },
        "status_days": 30,
        "joined": 500,
        "experiences": {"verslaving": MATCH},
        "ladder": [(480, 3, "")],
    },
    {
        "org": "utrecht.welzijn",
        "name": ("Lotte", "de Graaf"),
        "hoods": ["Overvecht", "Noordwest"],
        "fields": {
            "weekly_hours": 24,
            "max_residents": 6,
            "languages": ["nl", "en"],
            "kinds": [K.INDIVIDUAL_SUPPORT, K.CONSULTATION, K.TRAINING],
            "task_areas": [T.COACHING_PROFESSIONALS, T.EXPERTISE_PROMOTION],
            "education_level": E.HBO,
            "register_status": RegisterStatus.REGISTERED,
            "employment_form": F.PAYROLL,
            "available_days": WEEK,
        },
        "joined": 1800,
        "experiences": {"ggz": PROF, "eenzaamheid": MATCH},
        "ladder": [(1700, 5, ""), (1000, 6, "")],
    },
    {
        "org": "utrecht.welzijn",
        "name": ("Hasan", "Demir"),
        "hoods": ["Zuidwest", "West"],
        "fields": {
            "weekly_hours": 16,
            "max_residents": 4,
            "languages": ["nl", "tr", "ku"],
            "kinds": [K.INDIVIDUAL_SUPPORT, K.CONSULTATION],
            "task_areas": [T.ANTI_STIGMA],
            "education_level": E.MBO4,
            "employment_form": F.PARTNER_EMPLOYED,
            "available_days": ["mon", "tue", "thu", "fri"],
            "gender": "man",
            "cultural_background": "Koerdisch-Turks",
        },
        "joined": 600,
        "experiences": {"migratie-cultuur": MATCH, "ggz": COORD},
        "ladder": [(580, 4, "Toegevoegd aan het buurtteam Zuidwest"), (120, 5, "")],
    },
    {
        "org": "utrecht.welzijn",
        "name": ("Marieke", "Jansen"),
        "hoods": ["Binnenstad", "Oost"],
        "fields": {
            "weekly_hours": 12,
            "max_residents": 3,
            "languages": ["nl"],
            "kinds": [K.INDIVIDUAL_SUPPORT, K.CONSULTATION],
            "education_level": E.MBO4,
            "employment_form": F.PAYROLL,
            "available_days": ["tue", "wed", "thu"],
            "excluded_themes": ["jeugdzorg"],
        },
        "joined": 950,
        "experiences": {"dakloosheid": MATCH, "verslaving": MATCH},
        "ladder": [(900, 4, ""), (300, 5, "")],
    },
    {
        "org": "utrecht.welzijn",
        "name": ("Yvonne", "Tjon"),
        "hoods": ["Zuid", "Oost"],
        "fields": {
            "weekly_hours": 8,
            "max_residents": 2,
            "languages": ["nl", "en"],
            "kinds": [K.INDIVIDUAL_SUPPORT],
            "employment_form": F.VOLUNTEER_ALLOWANCE,
            "education_level": E.COURSE,
            "available_days": ["mon", "fri"],
        },
        "joined": 250,
        "experiences": {"armoede-schulden": MATCH, "mantelzorg": PRIVATE},
        "ladder": [(240, 3, "")],
    },
    {
        "org": "utrecht.welzijn",
        "name": ("Sander", "Visser"),
        "hoods": ["Leidsche Rijn", "Vleuten-De Meern"],
        "fields": {
            "weekly_hours": 10,
            "max_residents": 3,
            "languages": ["nl"],
            "kinds": [K.INDIVIDUAL_SUPPORT, K.GROUP_ACTIVITY],
            "employment_form": F.PARTICIPATION_JOB,
            "education_level": E.MBO3,
            "available_days": ["tue", "wed"],
        },
        "joined": 450,
        "experiences": {"verslaving": MATCH},
        "ladder": [(440, 3, ""), (150, 4, "")],
        "pause": (-7, 14, ""),
    },
    {
        "org": "utrecht.welzijn",
        "name": ("Amina", "Yusuf"),
        "hoods": ["Overvecht", "Zuidwest"],
        "fields": {
            "weekly_hours": 10,
            "max_residents": 3,
            "languages": ["nl", "so", "en"],
            "kinds": [K.INDIVIDUAL_SUPPORT, K.GROUP_ACTIVITY],
            "education_level": E.COURSE,
            "employment_form": F.VOLUNTEER_ALLOWANCE,
            "available_days": ["mon", "wed", "thu"],
            "gender": "woman",
            "cultural_background": "Somalisch-Nederlands",
            "prefers": [Wish.INDIVIDUAL_WORK],
        },
        "joined": 350,
        "experiences": {"migratie-cultuur": PROF, "huiselijk-geweld": PRIVATE},
        "ladder": [(340, 2, ""), (200, 3, ""), (30, 4, "")],
        "goals": [("Nederlands op B2-niveau", GoalStatus.IN_PROGRESS, 180)],
    },
    {
        "org": "utrecht.welzijn",
        "name": ("Bram", "Koster"),
        "hoods": ["Noordwest"],
        "fields": {
            "status": PeerStatus.LEFT,
            "weekly_hours": 8,
            "max_residents": 2,
            "languages": ["nl"],
            "kinds": [K.INDIVIDUAL_SUPPORT],
            "employment_form": F.VOLUNTEER,
        },
        "status_days": 90,
        "joined": 800,
        "experiences": {"ggz": MATCH},
        "ladder": [(780, 3, ""), (400, 4, "")],
    },
    # -- Utrecht: Herstelinloop De Werkplaats (bottom-up walk-in run by (ex-)clients) ---------------------
    {
        "org": "utrecht.inloop",
        "name": ("Gerrit", "Dekker"),
        "hoods": ["Zuidwest"],
        "fields": {
            "weekly_hours": 6,
            "max_residents": 0,
            "languages": ["nl"],
            "kinds": [K.WALK_IN_HOSTING, K.GROUP_ACTIVITY],
            "employment_form": F.VOLUNTEER,
            "education_level": E.COURSE,
            "available_days": ["mon", "wed"],
            "prefers": [Wish.GROUP_WORK],
        },
        "joined": 1400,
        "experiences": {"ggz": MATCH, "verslaving": MATCH},
        "ladder": [(1350, 2, ""), (900, 3, "Bezoeker van de inloop"), (400, 4, "Gastheer")],
        "trainings": [("Ervaringscoach", "Herstelinloop De Werkplaats", 500, 420)],
    },
    {
        "org": "utrecht.inloop",
        "name": ("Esther", "Bloem"),
        "hoods": ["Zuidwest", "West"],
        "fields": {
            "weekly_hours": 8,
            "max_residents": 1,
            "languages": ["nl", "en"],
            "kinds": [K.WALK_IN_HOSTING, K.GROUP_ACTIVITY, K.TRAINING],
            "employment_form": F.VOLUNTEER_ALLOWANCE,
            "education_level": E.MBO3,
            "available_days": ["tue", "thu"],
        },
        "joined": 700,
        "experiences": {"ggz": MATCH, "eenzaamheid": MATCH},
        "ladder": [(690, 3, ""), (300, 4, "")],
        "trainings": [("Ervaringscoach", "Herstelinloop De Werkplaats", 600, 520)],
    },
    {
        "org": "utrecht.inloop",
        "name": ("Rachid", "El Khatib"),
        "hoods": ["Zuidwest"],
        "fields": {
            "weekly_hours": 6,
            "max_residents": 1,
            "languages": ["nl", "ar"],
            "kinds": [K.WALK_IN_HOSTING],
            "employment_form": F.VOLUNTEER,
            "available_days": ["fri"],
            "gender": "man",
        },
        "joined": 300,
        "experiences": {"dakloosheid": PROF},
        "ladder": [(290, 2, ""), (100, 3, "")],
    },
    {
        "org": "utrecht.inloop",
        "name": ("Joyce", "Pinas"),
        "hoods": ["West"],
        "fields": {
            "weekly_hours": 4,
            "max_residents": 0,
            "languages": ["nl"],
            "kinds": [K.WALK_IN_HOSTING],
            "employment_form": F.VOLUNTEER,
            "education_level": E.NONE,
            "available_days": ["wed"],
        },
        "joined": 500,
        "experiences": {"rouw-verlies": MATCH},
        "ladder": [(800, 1, ""), (500, 2, "Eerste keer naar de inloop"), (250, 3, ""), (40, 4, "Gastvrouw")],
        "goals": [("Cursus ervaringscoach volgen", GoalStatus.PLANNED, 150)],
    },
    {
        "org": "utrecht.inloop",
        "name": ("Ahmet", "Kaya"),
        "hoods": ["Zuidwest"],
        "fields": {
            "weekly_hours": 5,
            "max_residents": 1,
            "languages": ["nl", "tr"],
            "kinds": [K.WALK_IN_HOSTING],
            "employment_form": F.VOLUNTEER,
            "available_days": ["thu"],
        },
        "joined": 150,
        "experiences": {"ggz": COORD},
        "ladder": [(140, 3, "")],
    },
    # -- Utrecht: Zelfregiecentrum De Wissel (own pool and coordinator; joint support with the buurtteam) --
    {
        "org": "utrecht.zrc",
        "name": ("Sanne", "Hoekstra"),
        "hoods": ["Overvecht", "Noordoost"],
        "fields": {
            "weekly_hours": 12,
            "max_residents": 3,
            "languages": ["nl"],
            "kinds": [K.GROUP_ACTIVITY, K.INDIVIDUAL_SUPPORT],
            "task_areas": [T.SELF_HELP],
            "education_level": E.MBO4,
            "employment_form": F.PAYROLL,
            "available_days": ["tue", "wed", "thu"],
            "gender": "woman",
            "prefers": [Wish.GROUP_WORK],
        },
        "joined": 900,
        "experiences": {"ggz": MATCH, "eenzaamheid": MATCH},
        "ladder": [(880, 3, "Deelnemer herstelgroep"), (500, 4, "Vrijwilliger"), (200, 5, "")],
        "trainings": [("Herstelgroep begeleiden", "Zelfregiecentrum De Wissel", 400, 330)],
    },
    {
        "org": "utrecht.zrc",
        "name": ("Karin", "Visser"),
        "hoods": ["Overvecht"],
        "fields": {
            "weekly_hours": 10,
            "max_residents": 3,
            "languages": ["nl"],
            "kinds": [K.INDIVIDUAL_SUPPORT, K.GROUP_ACTIVITY],
            "task_areas": [T.SELF_HELP],
            "education_level": E.MBO3,
            "employment_form": F.VOLUNTEER_ALLOWANCE,
            "available_days": ["mon", "tue", "thu"],
            "gender": "woman",
        },
        "joined": 650,
        "experiences": {"ggz": MATCH, "huiselijk-geweld": COORD},
        "ladder": [(640, 3, ""), (300, 4, "Ervaringsdeskundige bij De Wissel")],
        "check_ins": [(6, 4, 4, SupportNeed.NONE, False)],
    },
    {
        "org": "utrecht.zrc",
        "name": ("Youssef", "Amrani"),
        "hoods": ["Overvecht", "Noordoost"],
        "fields": {
            "weekly_hours": 8,
            "max_residents": 2,
            "languages": ["nl", "ar"],
            "kinds": [K.INDIVIDUAL_SUPPORT],
            "employment_form": F.VOLUNTEER,
            "education_level": E.COURSE,
            "available_days": ["wed", "fri"],
            "gender": "man",
            "cultural_background": "Marokkaans-Nederlands",
        },
        "joined": 400,
        "experiences": {"verslaving": MATCH, "migratie-cultuur": MATCH},
        "ladder": [(390, 2, ""), (150, 3, "Maatje bij De Wissel")],
    },
]


def _days(today: datetime.date, n: int) -> datetime.date:
    return today - datetime.timedelta(days=n)


def load(ctx) -> None:
    today = timezone.localdate()
    for spec in PEERS:
        organisation = ctx.organisations[spec["org"]]
        municipality = organisation.municipality
        first, last = spec["name"]
        fields = dict(spec["fields"])
        fields["weekly_hours"] = Decimal(fields["weekly_hours"])
        fields["joined_on"] = _days(today, spec["joined"])
        fields["status_since"] = _days(today, spec.get("status_days", spec["joined"]))
        if fields.get("status") == PeerStatus.LEFT:
            fields["left_on"] = fields["status_since"]
        if "pause" in spec:
            start, end, note = spec["pause"]
            fields["pause_start"] = today + datetime.timedelta(days=start)
            fields["pause_end"] = today + datetime.timedelta(days=end) if end is not None else None
            fields["pause_note"] = note
        peer, created = PeerWorker.objects.get_or_create(
            municipality=municipality,
            organisation=organisation,
            first_name=first,
            last_name=last,
            defaults={"user": ctx.users.get(spec.get("login")) if spec.get("login") else None, **fields},
        )
        if not created and not peer.languages and not peer.kinds:  # an older, bare demo row: fill it in
            for name, value in fields.items():
                setattr(peer, name, value)
            peer.save()
        if not peer.neighbourhoods.exists():
            peer.neighbourhoods.set([ctx.neighbourhoods[(municipality.slug, wijk)] for wijk in spec["hoods"]])
        _history(peer, spec, today)


def _history(peer: PeerWorker, spec: dict, today: datetime.date) -> None:
    m = peer.municipality
    domains = {d.slug: d for d in ExperienceDomain.objects.filter(municipality=m)}
    for slug, visibility in spec.get("experiences", {}).items():
        PeerExperience.objects.get_or_create(
            municipality=m,
            peer=peer,
            domain=domains[slug],
            defaults={"visibility": visibility, "description": EXPERIENCE_TEXT.get(slug, "")},
        )
    if not peer.ladder_steps.exists():
        for ago, rung, note in spec.get("ladder", []):
            LadderStep.objects.create(municipality=m, peer=peer, rung=rung, date=_days(today, ago), note=note)
    if not peer.goals.exists():
        for title, status, target in spec.get("goals", []):
            DevelopmentGoal.objects.create(
                municipality=m,
                peer=peer,
                title=title,
                status=status,
                target_date=today + datetime.timedelta(days=target),
                achieved_on=today + datetime.timedelta(days=target)
                if status == GoalStatus.ACHIEVED
                else None,
            )
    if not peer.trainings.exists():
        for name, provider, started, completed in spec.get("trainings", []):
            Training.objects.create(
                municipality=m,
                peer=peer,
                name=name,
                provider=provider,
                started_on=_days(today, started),
                completed_on=_days(today, completed) if completed is not None else None,
            )
    if not peer.check_ins.exists():
        for ago, energy, balance, need, talk in spec.get("check_ins", []):
            CheckIn.objects.create(
                municipality=m,
                peer=peer,
                date=_days(today, ago),
                energy=energy,
                balance=balance,
                support_need=need,
                wants_talk=talk,
                note="(demo) Een drukke week gehad." if talk else "",
            )
