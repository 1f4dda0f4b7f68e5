"""Organisations assess themselves on the preconditions checklist (core.reference.Precondition)
and agree actions with an owner and a date. Assessments are kept, so the history shows progress."""

from django.conf import settings
from django.db import models
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
