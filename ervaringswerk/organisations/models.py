from django.db import models
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.models import Neighbourhood, TenantModel


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Gemeente")
    WELFARE = "welfare", _("Welzijnsorganisatie")
    SELF_DIRECTION_CENTRE = "self_direction_centre", _("Zelfregiecentrum")
    NEIGHBOURHOOD_TEAM = "neighbourhood_team", _("Wijkteam / sociaal team")
    WORK_INCOME = "work_income", _("Werk en inkomen")
    DEBT_HELP = "debt_help", _("Schuldhulpverlening")
    CARE = "care", _("Zorgaanbieder")
    CLIENT_COUNCIL = "client_council", _("Cliëntenraad")
    PEER_INITIATIVE = "peer_initiative", _("Initiatief van (ex-)cliënten")


# Organisations that employ or host a pool of peer workers (pool/employer organisations).
POOL_KINDS = frozenset(
    {OrganisationKind.WELFARE, OrganisationKind.SELF_DIRECTION_CENTRE, OrganisationKind.PEER_INITIATIVE}
)
# Partners that may hire peer workers from a pool (hire-out, issue 5).
PARTNER_KINDS = frozenset(
    {
        OrganisationKind.WORK_INCOME,
        OrganisationKind.DEBT_HELP,
        OrganisationKind.CARE,
        OrganisationKind.NEIGHBOURHOOD_TEAM,
        OrganisationKind.WELFARE,
    }
)


class Organisation(TenantModel):
    name = models.CharField(_("naam"), max_length=150)
    kind = models.CharField(_("soort"), max_length=40, choices=OrganisationKind.choices)
    description = models.TextField(_("omschrijving"), blank=True)
    neighbourhoods = models.ManyToManyField(
        Neighbourhood,
        verbose_name=_("wijken"),
        blank=True,
        related_name="organisations",
        help_text=_("De wijken die dit team bedient."),
    )
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unique_organisation_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_pool(self) -> bool:
        return self.kind in POOL_KINDS
