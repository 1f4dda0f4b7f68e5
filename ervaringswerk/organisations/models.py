from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.models import Neighbourhood, TenantModel
from ervaringswerk.core.reference import DeploymentForm


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
    # For hire-out statements (issue 14): both parties' addresses, a contact and the VAT position.
    address_line = models.CharField(
        _("adres"), max_length=200, blank=True, help_text=_("Straat en huisnummer.")
    )
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    vat_number = models.CharField(_("btw-nummer"), max_length=20, blank=True)
    vat_note = models.CharField(
        _("btw-vermelding"),
        max_length=300,
        blank=True,
        help_text=_(
            "Op de urenstaat, bijvoorbeeld: Vrijgesteld van btw op grond van artikel 11 Wet OB 1968."
        ),
    )

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
    deployment_form = models.CharField(
        _("vorm van inzet"),
        max_length=30,
        choices=DeploymentForm.choices,
        default=DeploymentForm.ON_REQUEST,
        help_text=_("Hoe de ervaringsdeskundigen in dit contract werken; inzetten nemen dit over."),
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


class DecisionOutcome(models.TextChoices):
    GO = "go", _("Go")
    GO_WITH_CONDITIONS = "go_with_conditions", _("Go met voorwaarden")
    NO_GO = "no_go", _("No-go")


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
    # The go/no-go decision, recorded on the go/no-go milestone (issue 14).
    outcome = models.CharField(_("besluit"), max_length=20, choices=DecisionOutcome.choices, blank=True)
    rationale = models.TextField(_("onderbouwing"), blank=True, max_length=4000)
    conditions = models.TextField(_("voorwaarden"), blank=True, max_length=4000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # who decided, as written at the time (stays when the login is removed)
    decided_by_name = models.CharField(_("besloten door (naam)"), max_length=200, blank=True)
    decided_on = models.DateField(_("datum besluit"), null=True, blank=True)
    follow_up = models.ForeignKey(
        "Programme",
        verbose_name=_("vervolgprogramma"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="") | models.Q(kind="go_no_go"), name="decision_on_go_no_go_only"
            ),
        ]

    def __str__(self) -> str:
        return self.title


# ------------------------------------------------------------------ go/no-go (issue 14, S1)


class CriterionKind(models.TextChoices):
    HOURS_SHARE = "hours_share", _("Gerealiseerde uren als percentage van het budget")
    RESIDENTS_REACHED = "residents_reached", _("Bereikte bewoners")
    EXPERIENCE_SCORE = "experience_score", _("Gemiddelde ervaringsscore van bewoners (1-5)")
    PARTNER_JUDGEMENT = "partner_judgement", _("Oordeel van de partners (1-10)")
    FREE = "free", _("Eigen criterium")


# Criteria the evaluation report measures from the figures; the others get a value recorded by hand.
MEASURED_KINDS = frozenset(
    {CriterionKind.HOURS_SHARE, CriterionKind.RESIDENTS_REACHED, CriterionKind.EXPERIENCE_SCORE}
)


class SuccessCriterion(TenantModel):
    """A success criterion of a programme, set at its start, with a target the go/no-go is measured on."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="success_criteria")
    kind = models.CharField(_("soort criterium"), max_length=30, choices=CriterionKind.choices)
    title = models.CharField(
        _("omschrijving"), max_length=200, blank=True, help_text=_("Verplicht bij een eigen criterium.")
    )
    target = models.DecimalField(_("streefwaarde"), max_digits=8, decimal_places=2)
    recorded_value = models.DecimalField(
        _("vastgestelde waarde"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Voor het oordeel van de partners en een eigen criterium: de waarde bij de evaluatie."),
    )
    recorded_note = models.CharField(_("bron van de waarde"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("succescriterium")
        verbose_name_plural = _("succescriteria")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(target__gte=0), name="criterion_target_not_negative"),
            models.UniqueConstraint(
                fields=["municipality", "programme", "kind"],
                condition=~models.Q(kind="free"),
                name="one_measured_criterion_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(self.get_kind_display())

    @property
    def label(self) -> str:
        return self.title or str(self.get_kind_display())

    @property
    def is_measured(self) -> bool:
        return self.kind in MEASURED_KINDS


class HireOutAgreement(TenantModel):
    """A partner's agreement to hire peer workers from the contractor within a programme (inhuurbasis)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="hire_out_agreements")
    partner = models.ForeignKey(
        Organisation, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="hire_out_agreements"
    )
    hours_per_week = models.DecimalField(_("uren per week"), max_digits=6, decimal_places=1)
    hourly_rate = models.DecimalField(_("uurtarief (euro)"), max_digits=7, decimal_places=2)
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("einddatum"))
    reference = models.CharField(
        _("kenmerk van de partner"),
        max_length=60,
        blank=True,
        help_text=_("Bijvoorbeeld het inkoopnummer; komt op de urenstaat."),
    )

    class Meta:
        verbose_name = _("inhuurafspraak")
        verbose_name_plural = _("inhuurafspraken")
        ordering = ["partner__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "programme", "partner"], name="one_agreement_per_partner"
            ),
            models.CheckConstraint(
                condition=models.Q(hours_per_week__gte=0, hourly_rate__gte=0), name="agreement_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="agreement_period_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} · {self.programme}"


# ------------------------------------------------------------------ funded positions (issue 14, S0)


class PositionKind(models.TextChoices):
    PAID = "paid", _("Betaalde functie")
    SUPPORTED_PAID = "supported_paid", _("Betaald werk met ondersteuning")
    PARTICIPATION_JOB = "participation_job", _("Participatiebaan")
    VOLUNTEER_ALLOWANCE = "volunteer_allowance", _("Vrijwilligersvergoeding")


class PositionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FILLED = "filled", _("Vervuld")
    ENDED = "ended", _("Beëindigd")


class FundedPosition(TenantModel):
    """A funded position (functieplaats) at an organisation: the anchoring the municipality pays for."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="positions"
    )
    title = models.CharField(_("functie"), max_length=150)
    kind = models.CharField(_("soort"), max_length=30, choices=PositionKind.choices)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("gefinancierd uit programma"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
    )
    budget_line = models.CharField(
        _("of begrotingspost"), max_length=150, blank=True, help_text=_("Als er geen programma is.")
    )
    hours_per_week = models.DecimalField(_("uren per week"), max_digits=4, decimal_places=1)
    status = models.CharField(
        _("status"), max_length=10, choices=PositionStatus.choices, default=PositionStatus.OPEN
    )
    holder = models.ForeignKey(
        "pool.PeerWorker",
        verbose_name=_("ervaringsdeskundige"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="positions",
    )
    start_date = models.DateField(_("gefinancierd vanaf"))
    end_date = models.DateField(_("tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("functieplaats")
        verbose_name_plural = _("functieplaatsen")
        ordering = ["organisation__name", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(programme__isnull=False) | ~models.Q(budget_line=""),
                name="position_is_funded",
            ),
            models.CheckConstraint(
                condition=models.Q(status="filled", holder__isnull=False)
                | (~models.Q(status="filled") & models.Q(holder__isnull=True)),
                name="position_filled_has_holder",
            ),
            models.CheckConstraint(condition=models.Q(hours_per_week__gt=0), name="position_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.organisation})"

    @property
    def funding(self) -> str:
        return self.programme.name if self.programme_id else self.budget_line


class PositionEvent(TenantModel):
    """The history of a position: opened, filled by, vacated, ended (one row per change)."""

    position = models.ForeignKey(FundedPosition, on_delete=models.CASCADE, related_name="events")
    date = models.DateField(_("datum"))
    status = models.CharField(_("status"), max_length=10, choices=PositionStatus.choices)
    holder = models.ForeignKey(
        "pool.PeerWorker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("wijziging functieplaats")
        verbose_name_plural = _("geschiedenis functieplaatsen")
        ordering = ["date", "created_at"]

    def __str__(self) -> str:
        return f"{self.position} · {self.get_status_display()} ({self.date:%d-%m-%Y})"
