"""Vocabularies of the pool. Stored values are English codes; labels are Dutch (translated centrally)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PeerStatus(models.TextChoices):
    ACTIVE = "active", _("Actief")
    PAUSED = "paused", _("Gepauzeerd")
    LEFT = "left", _("Vertrokken")


class EmploymentForm(models.TextChoices):
    VOLUNTEER = "volunteer", _("Vrijwilliger")
    VOLUNTEER_ALLOWANCE = "volunteer_allowance", _("Vrijwilliger met vergoeding")
    PARTICIPATION_JOB = "participation_job", _("Participatiebaan")
    PAYROLL = "payroll", _("In loondienst bij de poolorganisatie")
    PARTNER_EMPLOYED = "partner_employed", _("In dienst bij een partnerorganisatie")
    FREELANCE = "freelance", _("Zelfstandige (zzp)")


class RegisterStatus(models.TextChoices):
    NONE = "none", _("Niet geregistreerd")
    APPLIED = "applied", _("Registratie aangevraagd")
    REGISTERED = "registered", _("Geregistreerd")
    EXPIRED = "expired", _("Registratie verlopen")


class Gender(models.TextChoices):
    """Self-declared and optional; used only as a wish or must in matching, never shown in lists."""

    WOMAN = "woman", _("Vrouw")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binair")
    OTHER = "other", _("Anders")


class Weekday(models.TextChoices):
    MON = "mon", _("maandag")
    TUE = "tue", _("dinsdag")
    WED = "wed", _("woensdag")
    THU = "thu", _("donderdag")
    FRI = "fri", _("vrijdag")
    SAT = "sat", _("zaterdag")
    SUN = "sun", _("zondag")


class Wish(models.TextChoices):
    """Wishes (soft preferences) a peer worker states about their work; matching may weigh them."""

    GROUP_WORK = "group_work", _("Liever groepswerk")
    INDIVIDUAL_WORK = "individual_work", _("Liever individueel werk")
    OWN_NEIGHBOURHOOD = "own_neighbourhood", _("Liefst in de eigen wijk")
    WITH_COLLEAGUE = "with_colleague", _("Liefst samen met een collega-ervaringsdeskundige")
    DAYTIME_ONLY = "daytime_only", _("Alleen overdag")
    NO_HOME_VISITS = "no_home_visits", _("Geen huisbezoeken")
    REMOTE_OK = "remote_ok", _("Ook telefonisch of online")
    SHORT_TERM = "short_term", _("Liever kortdurende inzet")


class Visibility(models.TextChoices):
    """Who may see one lived-experience domain: the peer worker chooses, from narrow to wide."""

    PRIVATE = "private", _("Alleen ik")
    COORDINATOR = "coordinator", _("Mijn coördinator")
    MATCHING = "matching", _("Gebruikt voor matching (zichtbaar voor coördinatoren)")
    PROFESSIONALS = "professionals", _("Ook getoond aan professionals bij een aanbod")


VISIBILITY_HELP = {
    Visibility.PRIVATE: _("Alleen u ziet dit. Het wordt nergens gebruikt."),
    Visibility.COORDINATOR: _(
        "Uw coördinator ziet dit op uw profiel. Niet gebruikt voor matching of export."
    ),
    Visibility.MATCHING: _(
        "Coördinatoren zien dit; het telt mee bij matching, zoeken en in exports van de pool."
    ),
    Visibility.PROFESSIONALS: _(
        "Zoals bij matching, en een professional ziet het als u voor zijn of haar verzoek wordt voorgesteld."
    ),
}


class GoalStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    IN_PROGRESS = "in_progress", _("Bezig")
    ACHIEVED = "achieved", _("Bereikt")
    STOPPED = "stopped", _("Gestopt")


class SupportNeed(models.TextChoices):
    NONE = "none", _("Geen")
    SOME = "some", _("Een beetje")
    MUCH = "much", _("Veel")


# ISO 639-1 codes (lower case) of languages that peer workers in Dutch cities commonly speak.
LANGUAGES: list[tuple[str, str]] = [
    ("nl", pgettext_lazy("taal", "Nederlands")),  # the language switch keeps "Nederlands" in English
    ("en", _("Engels")),
    ("ar", _("Arabisch")),
    ("tr", _("Turks")),
    ("pl", _("Pools")),
    ("de", _("Duits")),
    ("fr", _("Frans")),
    ("es", _("Spaans")),
    ("pt", _("Portugees")),
    ("it", _("Italiaans")),
    ("ro", _("Roemeens")),
    ("bg", _("Bulgaars")),
    ("ru", _("Russisch")),
    ("uk", _("Oekraïens")),
    ("so", _("Somalisch")),
    ("ti", _("Tigrinya")),
    ("am", _("Amhaars")),
    ("fa", _("Perzisch (Farsi/Dari)")),
    ("ps", _("Pasjtoe")),
    ("ku", _("Koerdisch")),
    ("ur", _("Urdu")),
    ("hi", _("Hindi")),
    ("zh", _("Chinees")),
    ("bs", _("Bosnisch")),
    ("fy", _("Fries")),
]
LANGUAGE_CODES = frozenset(code for code, _label in LANGUAGES)
