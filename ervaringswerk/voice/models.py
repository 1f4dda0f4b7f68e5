"""The resident's own voice: a short anonymous experience survey, handed out as a one-time link.

A `SurveyLink` is what a professional or peer worker hands out (a QR code or a short link). It knows which
trajectory or activity it came from, so that it can only be used once and only for a while. A
`SurveyResponse` is what the resident answered. It keeps NO reference to the link, the trajectory or the
activity: only the organisation, neighbourhood and programme (to count it in the dashboard with the
residents' small-number rule) and the month. The link's `used` flag is set with a queryset update, which
leaves its timestamps alone, so no time stored on the link can be matched to a response.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ervaringswerk.core.models import TenantModel
from ervaringswerk.outcomes.constants import AgreementScale, ExperienceItem


class Source(models.TextChoices):
    TRAJECTORY = "trajectory", _("traject")
    ACTIVITY = "activity", _("activiteit")


class SurveyLink(TenantModel):
    code = models.CharField(_("code"), max_length=16)
    trajectory = models.ForeignKey(
        "outcomes.Trajectory", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    activity = models.ForeignKey(
        "activities.Activity", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    neighbourhood = models.ForeignKey(
        "core.Neighbourhood", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    programme = models.ForeignKey(
        "organisations.Programme", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handed_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("geldig tot"))
    used = models.BooleanField(_("gebruikt"), default=False)

    class Meta:
        verbose_name = _("uitnodiging ervaringsvragenlijst")
        verbose_name_plural = _("uitnodigingen ervaringsvragenlijst")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="unique_survey_code"),
            models.CheckConstraint(
                condition=Q(trajectory__isnull=False, activity__isnull=True)
                | Q(trajectory__isnull=True, activity__isnull=False),
                name="survey_link_one_source",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Uitnodiging ervaringsvragenlijst"))


class SurveyResponse(TenantModel):
    source = models.CharField(_("uitgedeeld bij"), max_length=12, choices=Source.choices)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    neighbourhood = models.ForeignKey(
        "core.Neighbourhood", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    programme = models.ForeignKey(
        "organisations.Programme", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    month = models.DateField(_("maand"))  # the first day of the month answered: no day, no time
    language = models.CharField(_("taal"), max_length=5, default="nl")
    recognition = models.PositiveSmallIntegerField(
        ExperienceItem.RECOGNITION.label, choices=AgreementScale.choices, null=True, blank=True
    )
    acceptance = models.PositiveSmallIntegerField(
        ExperienceItem.ACCEPTANCE.label, choices=AgreementScale.choices, null=True, blank=True
    )
    equality = models.PositiveSmallIntegerField(
        ExperienceItem.EQUALITY.label, choices=AgreementScale.choices, null=True, blank=True
    )
    hope = models.PositiveSmallIntegerField(
        ExperienceItem.HOPE.label, choices=AgreementScale.choices, null=True, blank=True
    )
    structure = models.PositiveSmallIntegerField(
        ExperienceItem.STRUCTURE.label, choices=AgreementScale.choices, null=True, blank=True
    )
    self_confidence = models.PositiveSmallIntegerField(
        ExperienceItem.SELF_CONFIDENCE.label, choices=AgreementScale.choices, null=True, blank=True
    )

    class Meta:
        verbose_name = _("antwoord ervaringsvragenlijst")
        verbose_name_plural = _("antwoorden ervaringsvragenlijst")
        indexes = [models.Index(fields=["municipality", "month"], name="voice_response_month")]
        constraints = [
            models.CheckConstraint(
                condition=Q(recognition__gte=1, recognition__lte=5) | Q(recognition__isnull=True),
                name="voice_recognition_scale",
            ),
            models.CheckConstraint(
                condition=Q(acceptance__gte=1, acceptance__lte=5) | Q(acceptance__isnull=True),
                name="voice_acceptance_scale",
            ),
            models.CheckConstraint(
                condition=Q(equality__gte=1, equality__lte=5) | Q(equality__isnull=True),
                name="voice_equality_scale",
            ),
            models.CheckConstraint(
                condition=Q(hope__gte=1, hope__lte=5) | Q(hope__isnull=True), name="voice_hope_scale"
            ),
            models.CheckConstraint(
                condition=Q(structure__gte=1, structure__lte=5) | Q(structure__isnull=True),
                name="voice_structure_scale",
            ),
            models.CheckConstraint(
                condition=Q(self_confidence__gte=1, self_confidence__lte=5) | Q(self_confidence__isnull=True),
                name="voice_self_confidence_scale",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Antwoord ervaringsvragenlijst"))


ITEM_FIELDS = [item.value for item in ExperienceItem]  # the field names equal the item codes
