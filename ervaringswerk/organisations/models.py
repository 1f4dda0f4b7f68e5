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
    # The organisation's contact for the municipality (a role address is better than a person's).
    contact_name = models.CharField(_("contactpersoon"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mailadres contact"), blank=True)
    contact_phone = models.CharField(_("telefoon contact"), max_length=30, blank=True)

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


class ProgrammeStatus(models.TextChoices):
    OPEN = "open", _("Lopend")
    CLOSED = "closed", _("Gesloten")


class Programme(TenantModel):
    """A programme or contract: the municipality funds, an organisation carries it out, partners may hire.

    Hours are booked on it (hours.TimeEntry), so budget burn, hire-out statements and the monitoring
    dashboard all count from the same rows.
    """

    name = models.CharField(_("naam"), max_length=150)
    code = models.SlugField(
        _("code"), max_length=30, help_text=_("Korte code voor exports en facturen, bijvoorbeeld GELD-2026.")
    )
    theme = models.CharField(_("thema"), max_length=150, blank=True, help_text=_("Bijvoorbeeld geldzorgen."))
    description = models.TextField(
        _("doelen en omschrijving"), blank=True, help_text=_("Komt ook in de evaluatierapportage.")
    )
    funder = models.ForeignKey(
        Organisation,
        verbose_name=_("financier"),
        on_delete=models.PROTECT,
        related_name="funded_programmes",
    )
    contractor = models.ForeignKey(
        Organisation,
        verbose_name=_("uitvoerende organisatie"),
        on_delete=models.PROTECT,
        related_name="contracted_programmes",
        help_text=_("Waar de ervaringsdeskundigen in dienst zijn of aan verbonden."),
    )
    partners = models.ManyToManyField(
        Organisation,
        verbose_name=_("partners die mogen inhuren"),
        blank=True,
        related_name="partner_programmes",
    )
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("einddatum"))
    hours_per_week = models.DecimalField(_("uren per week"), max_digits=6, decimal_places=1)
    hours_total = models.DecimalField(_("uren in totaal"), max_digits=8, decimal_places=1)
    go_no_go_date = models.DateField(_("go/no-go-datum"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.OPEN
    )

    class Meta:
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")
        ordering = ["-start_date", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="unique_programme_code"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="programme_period_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(hours_total__gte=0, hours_per_week__gte=0),
                name="programme_budget_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("De einddatum ligt vóór de startdatum.")})

    def is_open_on(self, day) -> bool:
        return self.status == ProgrammeStatus.OPEN and self.start_date <= day <= self.end_date


class ProgrammeRate(TenantModel):
    """Hourly hire-out rate for a kind of work (blank: every kind) in a period of a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="rates")
    work_kind = models.CharField(
        _("soort werk"),
        max_length=30,
        blank=True,
        help_text=_("Leeg: geldt voor elke soort werk zonder eigen tarief."),
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    hourly_rate = models.DecimalField(_("uurtarief (euro)"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("uurtarief")
        verbose_name_plural = _("uurtarieven")
        ordering = ["work_kind", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=models.Q(hourly_rate__gte=0), name="rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.work_kind or '*'} {self.hourly_rate}"


class MilestoneKind(models.TextChoices):
    LEARNING_SESSION = "learning_session", _("Leersessie")
    EVALUATION = "evaluation", _("Evaluatiemoment")
    GO_NO_GO = "go_no_go", _("Go/no-go-besluit")
    OTHER = "other", _("Anders")


class Milestone(TenantModel):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("soort"), max_length=30, choices=MilestoneKind.choices)
    title = models.CharField(_("omschrijving"), max_length=200)
    date = models.DateField(_("datum"))
    done_on = models.DateField(_("afgerond op"), null=True, blank=True)

    class Meta:
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")
        ordering = ["date"]

    def __str__(self) -> str:
        return self.title
