"""Organisations assess themselves on the preconditions checklist (core.reference.Precondition)
and agree actions with an owner and a date. Assessments are kept, so the history shows progress."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.models import TenantModel
from ervaringswerk.core.reference import Precondition


class Level(models.IntegerChoices):
    ABSENT = 1, _("1 Niet aanwezig")
    STARTING = 2, _("2 In de kinderschoenen")
    PARTLY = 3, _("3 Deels geregeld")
    MOSTLY = 4, _("4 Grotendeels geregeld")
    ANCHORED = 5, _("5 Volledig geregeld en geborgd")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Afgerond")


class Assessment(TenantModel):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="precondition_assessments",
    )
    assessed_on = models.DateField(_("datum zelfevaluatie"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("zelfevaluatie randvoorwaarden")
        verbose_name_plural = _("zelfevaluaties randvoorwaarden")
        ordering = ["-assessed_on", "-created_at"]
        indexes = [
            models.Index(fields=["municipality", "organisation", "assessed_on"], name="assess_muni_org")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.assessed_on:%d-%m-%Y}"


class AssessmentItem(TenantModel):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items")
    precondition = models.CharField(_("randvoorwaarde"), max_length=40, choices=Precondition.choices)
    score = models.PositiveSmallIntegerField(_("score"), choices=Level.choices)
    explanation = models.TextField(_("toelichting"), blank=True)
    evidence = models.TextField(
        _("onderbouwing"),
        blank=True,
        help_text=_("Waaruit blijkt dit? Bijvoorbeeld een werkafspraak, verslag of budgetregel."),
    )

    class Meta:
        verbose_name = _("score randvoorwaarde")
        verbose_name_plural = _("scores randvoorwaarden")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "precondition"], name="unique_assessment_item"),
        ]

    def __str__(self) -> str:
        return f"{self.get_precondition_display()}: {self.score}"


class Action(TenantModel):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="precondition_actions",
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    precondition = models.CharField(_("randvoorwaarde"), max_length=40, choices=Precondition.choices)
    description = models.CharField(_("actie"), max_length=300)
    owner = models.CharField(
        _("eigenaar"), max_length=150, help_text=_("Wie zorgt ervoor (functie of naam)?")
    )
    due_date = models.DateField(_("uiterlijk klaar op"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    completed_on = models.DateField(_("afgerond op"), null=True, blank=True)

    class Meta:
        verbose_name = _("actie randvoorwaarden")
        verbose_name_plural = _("acties randvoorwaarden")
        ordering = ["status", "due_date"]

    def __str__(self) -> str:
        return self.description


# ---------------------------------------------------------------------------------------------------------
# Rounds (issue 14.9): the municipality asks its contracted organisations to assess themselves by a
# deadline, and the organisations' peer workers give their own anonymous view.


def start_of_today():
    """Midnight today (local): anonymous answers carry the day, never the moment they were given, so the
    time cannot tie them to a participation, a login or a request log."""
    today = timezone.localdate()
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))


def default_reminder_days() -> list[int]:
    return [7, 2]


class AssessmentRound(TenantModel):
    title = models.CharField(_("naam van de ronde"), max_length=150)
    note = models.TextField(
        _("toelichting voor de organisaties"),
        blank=True,
        help_text=_("Komt in de melding en op de rondepagina."),
    )
    opened_on = models.DateField(_("geopend op"))
    deadline = models.DateField(_("uiterlijk ingevuld op"))
    # Days before the deadline on which organisations that have not submitted get a reminder.
    reminder_days = models.JSONField(
        _("herinneren (dagen vóór de sluitingsdatum)"), default=default_reminder_days
    )
    closed_on = models.DateField(_("gesloten op"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("ronde randvoorwaarden")
        verbose_name_plural = _("rondes randvoorwaarden")
        ordering = ["-deadline", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("opened_on")), name="round_deadline_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_closed(self, today) -> bool:
        return self.closed_on is not None or self.deadline < today


class RoundOrganisationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Niet begonnen")
    IN_PROGRESS = "in_progress", _("Bezig")
    SUBMITTED = "submitted", _("Ingediend")


class RoundOrganisation(TenantModel):
    """One organisation asked in a round: its draft while it works, then its submitted assessment."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="entries")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="precondition_rounds",
    )
    draft = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    assessment = models.ForeignKey(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="round_entries"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("organisatie in een ronde")
        verbose_name_plural = _("organisaties in een ronde")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "round", "organisation"], name="unique_round_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.organisation}"

    @property
    def status(self) -> str:
        if self.assessment_id or self.submitted_at:
            return RoundOrganisationStatus.SUBMITTED
        if self.started_at:
            return RoundOrganisationStatus.IN_PROGRESS
        return RoundOrganisationStatus.NOT_STARTED

    def get_status_display(self) -> str:
        return str(RoundOrganisationStatus(self.status).label)


class RoundParticipation(TenantModel):
    """THAT a peer worker answered in a round, never WHAT: a keyed hash of (round, peer worker), unique
    per round, so a second answer is refused by the database. No link to the answers (PeerResponse has
    no key to this row, nor this row to it) and no link to the person without the key (docs/privacy.md)."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="participations")
    participant = models.CharField(_("deelnemer (sleutelhash)"), max_length=64)
    created_at = models.DateTimeField(_("aangemaakt"), default=start_of_today, editable=False)
    updated_at = models.DateTimeField(_("gewijzigd"), default=start_of_today, editable=False)

    class Meta:
        verbose_name = _("deelname aan een ronde")
        verbose_name_plural = _("deelnames aan een ronde")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "round", "participant"], name="unique_round_participant"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Deelname"))


class PeerResponse(TenantModel):
    """A peer worker's anonymous view on their organisation's preconditions in a round: which organisation
    and which round, nothing about who. Timestamps are midnight only: peer_response_submit stores the
    round's opening day (so a reminder cannot date an answer); the default is midnight today."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="peer_responses")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="precondition_peer_responses"
    )
    created_at = models.DateTimeField(_("aangemaakt"), default=start_of_today, editable=False)
    updated_at = models.DateTimeField(_("gewijzigd"), default=start_of_today, editable=False)

    class Meta:
        verbose_name = _("reactie van een ervaringsdeskundige")
        verbose_name_plural = _("reacties van ervaringsdeskundigen")
        indexes = [models.Index(fields=["round", "organisation"], name="peer_response_round_org")]

    def __str__(self) -> str:
        return str(_("Anonieme reactie"))


class PeerResponseItem(TenantModel):
    response = models.ForeignKey(PeerResponse, on_delete=models.CASCADE, related_name="items")
    precondition = models.CharField(_("randvoorwaarde"), max_length=40, choices=Precondition.choices)
    score = models.PositiveSmallIntegerField(_("score"), choices=Level.choices)
    created_at = models.DateTimeField(_("aangemaakt"), default=start_of_today, editable=False)
    updated_at = models.DateTimeField(_("gewijzigd"), default=start_of_today, editable=False)

    class Meta:
        verbose_name = _("score in een reactie")
        verbose_name_plural = _("scores in reacties")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "response", "precondition"], name="unique_peer_response_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_precondition_display()}: {self.score}"
