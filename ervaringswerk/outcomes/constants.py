"""Choices of the outcomes app. The instruments' names and scales come from core.reference."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.reference import PositiveHealthDimension, ZrmDomain


class AgeBand(models.TextChoices):
    UNDER_18 = "0-17", _("jonger dan 18")
    AGE_18_26 = "18-26", _("18-26 jaar")
    AGE_27_40 = "27-40", _("27-40 jaar")
    AGE_41_55 = "41-55", _("41-55 jaar")
    AGE_56_67 = "56-67", _("56-67 jaar")
    AGE_68_PLUS = "68+", _("68 jaar of ouder")


class EndReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("Doelen bereikt")
    REFERRED = "referred", _("Doorverwezen naar passende hulp")
    MOVED = "moved", _("Verhuisd")
    DROPPED_OUT = "dropped_out", _("Gestopt op eigen verzoek of uit beeld")
    OTHER = "other", _("Andere reden")


class Moment(models.TextChoices):
    INTAKE = "intake", _("Intake")
    INTERIM = "interim", _("Tussenmeting")
    END = "end", _("Eindmeting")


class Instrument(models.TextChoices):
    ZRM = "zrm", _("Zelfredzaamheid-Matrix")
    LADDER = "ladder", _("Participatieladder")
    POSITIVE_HEALTH = "positive_health", _("Positieve Gezondheid")
    EXPERIENCE = "experience", _("Ervaringen van de bewoner")


class ExperienceItem(models.TextChoices):
    """The short resident experience survey (issue 7), each item on a 5-point scale."""

    RECOGNITION = "recognition", _("Ik voelde me herkend")
    ACCEPTANCE = "acceptance", _("Ik voelde me geaccepteerd")
    EQUALITY = "equality", _("Het contact was gelijkwaardig")
    HOPE = "hope", _("Ik heb weer hoop")
    STRUCTURE = "structure", _("Ik heb meer structuur in mijn dag")
    SELF_CONFIDENCE = "self_confidence", _("Ik heb meer zelfvertrouwen")


class AgreementScale(models.IntegerChoices):
    STRONGLY_DISAGREE = 1, _("1 Helemaal oneens")
    DISAGREE = 2, _("2 Oneens")
    NEUTRAL = 3, _("3 Neutraal")
    AGREE = 4, _("4 Eens")
    STRONGLY_AGREE = 5, _("5 Helemaal eens")


class ActivationDefinition(models.TextChoices):
    """What counts as the resident's first own step; agreed per municipality."""

    RECORDED = "recorded", _("De datum die de professional of ervaringsdeskundige vastlegt")
    LADDER_STEP = (
        "ladder_step",
        _("De eerste meting met een trede hoger op de participatieladder dan bij intake"),
    )
    ZRM_STEP = "zrm_step", _("De eerste meting met een hogere ZRM-score dan bij intake op een domein")


# item codes and their (min, max) per instrument: the one place the scales are defined
ITEMS = {
    Instrument.ZRM: [d.value for d in ZrmDomain],
    Instrument.LADDER: ["ladder"],
    Instrument.POSITIVE_HEALTH: [d.value for d in PositiveHealthDimension],
    Instrument.EXPERIENCE: [i.value for i in ExperienceItem],
}
SCALES = {
    Instrument.ZRM: (1, 5),
    Instrument.LADDER: (1, 6),
    Instrument.POSITIVE_HEALTH: (0, 10),
    Instrument.EXPERIENCE: (1, 5),
}


def item_label(instrument: str, item: str) -> str:
    from ervaringswerk.core.reference import ParticipationRung  # noqa: F401 - the ladder's labels live there

    if instrument == Instrument.ZRM:
        return str(ZrmDomain(item).label)
    if instrument == Instrument.POSITIVE_HEALTH:
        return str(PositiveHealthDimension(item).label)
    if instrument == Instrument.EXPERIENCE:
        return str(ExperienceItem(item).label)
    return str(_("Participatieladder"))
