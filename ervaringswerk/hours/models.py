"""Hours peer workers write, the months that are closed, and the hire-out statements made from them.

Rows are never silently rewritten: a coordinator's correction replaces an entry with a new one that
points back at it (the trace), a locked month refuses changes, and an issued statement is frozen; a later
difference becomes a new credit or debit statement.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.models import TenantModel


class WorkKind(models.TextChoices):
    DIRECT_CONTACT = "direct_contact", _("Direct contact met bewoners")
    GROUP = "group", _("Groepswerk")
    CONSULTATION = "consultation", _("Consultatie en advies")
    TRAINING_GIVEN = "training_given", _("Training of voorlichting gegeven")
    SUPERVISION = "supervision", _("Intervisie of supervisie (ontvangen)")
    TRAVEL = "travel", _("Reistijd")
    OTHER = "other", _("Overig")


class EntryStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Ingediend")
    APPROVED = "approved", _("Goedgekeurd")
    RETURNED = "returned", _("Teruggegeven")
    REPLACED = "replaced", _("Vervangen door correctie")


# What counts in totals, budgets and the dashboard: written hours not sent back and not replaced.
COUNTING_STATUSES = (EntryStatus.SUBMITTED, EntryStatus.APPROVED)

MAX_MINUTES_PER_ENTRY = 24 * 60


class TimeEntry(TenantModel):
    peer = models.ForeignKey(
        "pool.PeerWorker",
        verbose_name=_("ervaringsdeskundige"),
        on_delete=models.PROTECT,
        related_name="time_entries",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("poolorganisatie"),
        on_delete=models.PROTECT,
        related_name="time_entries",
        help_text=_("De organisatie waar de ervaringsdeskundige aan verbonden is; zij keurt goed."),
    )
    programme = models.ForeignKey(
        "organisations.Programme",
        verbose_name=_("programma"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="time_entries",
    )
    partner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("gewerkt voor (partner)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hired_time_entries",
        help_text=_("Leeg: werk voor de eigen organisatie. Gevuld: wordt aan deze partner gefactureerd."),
    )
    assignment = models.ForeignKey(
        "deployment.Assignment",
        verbose_name=_("inzet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="time_entries",
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activiteit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="time_entries",
    )
    date = models.DateField(_("datum"))
    minutes = models.PositiveIntegerField(
        _("minuten"), validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES_PER_ENTRY)]
    )
    work_kind = models.CharField(_("soort werk"), max_length=30, choices=WorkKind.choices)
    description = models.CharField(
        _("omschrijving"),
        max_length=300,
        blank=True,
        help_text=_("Kort, zonder namen van bewoners."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EntryStatus.choices, default=EntryStatus.SUBMITTED
    )
    # The client's key for this submission: sending the same form twice finds the first entry.
    submission_key = models.UUIDField(_("indienkenmerk"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    review_comment = models.CharField(_("opmerking coördinator"), max_length=500, blank=True)
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("correctie van"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
    )
    correction_reason = models.CharField(_("reden correctie"), max_length=300, blank=True)
    override_reason = models.CharField(
        _("reden om toch te boeken"),
        max_length=300,
        blank=True,
        help_text=_("Alleen door een coördinator, bij een gesloten of uitgeput programma."),
    )

    class Meta:
        verbose_name = _("urenregel")
        verbose_name_plural = _("urenregels")
        ordering = ["-date", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["peer", "submission_key"],
                condition=models.Q(submission_key__isnull=False),
                name="unique_time_entry_submission",
            ),
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1, minutes__lte=MAX_MINUTES_PER_ENTRY),
                name="time_entry_minutes",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "date"], name="time_entry_muni_date"),
            models.Index(fields=["peer", "date"], name="time_entry_peer_date"),
            models.Index(fields=["programme", "status", "date"], name="time_entry_programme"),
            models.Index(fields=["organisation", "status", "date"], name="time_entry_org_status"),
            models.Index(fields=["partner", "date"], name="time_entry_partner_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} · {self.minutes} min · {self.get_work_kind_display()}"

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)

    @property
    def counts(self) -> bool:
        return self.status in COUNTING_STATUSES


class PeriodLock(TenantModel):
    """A closed month for a pool organisation: its hours can no longer be written, changed or corrected."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    month = models.DateField(_("maand"), help_text=_("De eerste dag van de maand."))
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("afgesloten periode")
        verbose_name_plural = _("afgesloten periodes")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "month"], name="unique_period_lock"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="period_lock_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.month:%m-%Y}"


class PeriodReopening(TenantModel):
    """A closed month opened again by the pool's coordinator. The reason is kept for the accountants:
    after a reopening, changed hours reach the partner as a correcting statement."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    month = models.DateField(_("maand"), help_text=_("De eerste dag van de maand."))
    reason = models.CharField(_("reden"), max_length=500)
    locked_at = models.DateTimeField(_("afgesloten op"))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("heropende periode")
        verbose_name_plural = _("heropende periodes")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(month__day=1), name="period_reopening_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.month:%m-%Y}"


class StatementKind(models.TextChoices):
    INVOICE = "invoice", _("Urenstaat")
    DEBIT = "debit", _("Aanvullende urenstaat (debet)")
    CREDIT = "credit", _("Creditstaat")


class ImmutableError(ValidationError):
    pass


class HireOutStatement(TenantModel):
    """What a pool organisation charges a partner for one month. Issued once, numbered, never changed."""

    number = models.CharField(_("nummer"), max_length=30)
    kind = models.CharField(_("soort"), max_length=10, choices=StatementKind.choices)
    issuer = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("van"), on_delete=models.PROTECT, related_name="+"
    )
    partner = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("aan"), on_delete=models.PROTECT, related_name="+"
    )
    # What the documents print, frozen at issue: renaming an organisation later changes no issued statement.
    issuer_name = models.CharField(_("naam van"), max_length=150, default="")
    partner_name = models.CharField(_("naam aan"), max_length=150, default="")
    month = models.DateField(_("maand"))
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("correctie op"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    total_minutes = models.IntegerField(_("minuten"))
    total_amount = models.DecimalField(_("bedrag (euro)"), max_digits=12, decimal_places=2)
    issued_at = models.DateTimeField(_("uitgegeven op"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("urenstaat inhuur")
        verbose_name_plural = _("urenstaten inhuur")
        ordering = ["-month", "-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "number"], name="unique_statement_number"),
        ]
        indexes = [models.Index(fields=["issuer", "partner", "month"], name="statement_partner_month")]

    def __str__(self) -> str:
        return self.number

    @property
    def total_hours(self) -> float:
        return round(self.total_minutes / 60, 2)

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableError(_("Een uitgegeven urenstaat kan niet worden gewijzigd."))
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError(_("Een uitgegeven urenstaat kan niet worden verwijderd."))


class HireOutLine(TenantModel):
    """One line of a statement: a peer worker's hours of one kind, in one programme, at one rate."""

    statement = models.ForeignKey(HireOutStatement, on_delete=models.PROTECT, related_name="lines")
    programme = models.ForeignKey(
        "organisations.Programme", verbose_name=_("programma"), on_delete=models.PROTECT, related_name="+"
    )
    peer = models.ForeignKey(
        "pool.PeerWorker", verbose_name=_("ervaringsdeskundige"), on_delete=models.PROTECT, related_name="+"
    )
    peer_name = models.CharField(_("naam"), max_length=200)
    # The programme as it was named at issue (see HireOutStatement.issuer_name).
    programme_name = models.CharField(_("naam programma"), max_length=150, default="")
    programme_code = models.CharField(_("code programma"), max_length=30, default="")
    work_kind = models.CharField(_("soort werk"), max_length=30, choices=WorkKind.choices)
    minutes = models.IntegerField(_("minuten"))
    hourly_rate = models.DecimalField(_("uurtarief"), max_digits=7, decimal_places=2)
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("regel urenstaat")
        verbose_name_plural = _("regels urenstaat")
        ordering = ["peer_name", "work_kind"]

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableError(_("Een uitgegeven urenstaat kan niet worden gewijzigd."))
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError(_("Een uitgegeven urenstaat kan niet worden verwijderd."))
