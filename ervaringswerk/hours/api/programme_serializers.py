"""Input of the programme writes (issue 17): the fields of the programme pages' forms, strict (an unknown
field is a 400). They only parse; organisations.services decide, with the same Dutch refusals as the pages.
"""

from decimal import Decimal

from rest_framework import serializers

from ervaringswerk.core.api.serializers import Serializer
from ervaringswerk.core.reference import DeploymentForm
from ervaringswerk.hours.go_no_go_forms import CriterionKind, DecisionOutcome
from ervaringswerk.hours.models import WorkKind
from ervaringswerk.hours.programme_forms import MilestoneKind, ProgrammeStatus

ZERO = Decimal(0)


class ProgrammeCreateSerializer(Serializer):
    name = serializers.CharField(max_length=150)
    code = serializers.SlugField(
        max_length=30, help_text="Short code for exports and statements, e.g. GELD-2026"
    )
    theme = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    funder = serializers.UUIDField(help_text="An organisation of the caller's municipality")
    contractor = serializers.UUIDField(
        help_text="The organisation that carries it out; a coordinator can only name their own"
    )
    partners = serializers.ListField(
        child=serializers.UUIDField(), required=False, default=list, help_text="Organisations that may hire"
    )
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    hours_per_week = serializers.DecimalField(max_digits=6, decimal_places=1, min_value=ZERO)
    hours_total = serializers.DecimalField(max_digits=8, decimal_places=1, min_value=ZERO)
    go_no_go_date = serializers.DateField(required=False, allow_null=True, default=None)
    deployment_form = serializers.ChoiceField(
        choices=DeploymentForm.choices, required=False, default=DeploymentForm.ON_REQUEST
    )


class ProgrammeUpdateSerializer(Serializer):
    """PATCH: only the fields sent change; `partners` replaces the list when sent."""

    name = serializers.CharField(max_length=150, required=False)
    code = serializers.SlugField(max_length=30, required=False)
    theme = serializers.CharField(max_length=150, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    funder = serializers.UUIDField(required=False)
    contractor = serializers.UUIDField(required=False)
    partners = serializers.ListField(child=serializers.UUIDField(), required=False)
    start_date = serializers.DateField(required=False)
    end_date = serializers.DateField(required=False)
    hours_per_week = serializers.DecimalField(max_digits=6, decimal_places=1, min_value=ZERO, required=False)
    hours_total = serializers.DecimalField(max_digits=8, decimal_places=1, min_value=ZERO, required=False)
    go_no_go_date = serializers.DateField(required=False, allow_null=True)
    deployment_form = serializers.ChoiceField(choices=DeploymentForm.choices, required=False)
    status = serializers.ChoiceField(choices=ProgrammeStatus.choices, required=False)


class RateCreateSerializer(Serializer):
    work_kind = serializers.ChoiceField(
        choices=[("", "every kind without its own rate"), *WorkKind.choices],
        required=False,
        allow_blank=True,
        default="",
    )
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    hourly_rate = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=ZERO)


class MilestoneCreateSerializer(Serializer):
    kind = serializers.ChoiceField(choices=MilestoneKind.choices)
    title = serializers.CharField(max_length=200)
    date = serializers.DateField()
    done_on = serializers.DateField(required=False, allow_null=True, default=None)


class CriterionCreateSerializer(Serializer):
    kind = serializers.ChoiceField(choices=CriterionKind.choices)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    target = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=ZERO)


class CriterionRecordSerializer(Serializer):
    recorded_value = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=ZERO)
    recorded_note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class DecisionCreateSerializer(Serializer):
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    rationale = serializers.CharField(max_length=4000)
    conditions = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    decided_on = serializers.DateField()


class CriterionOutSerializer(Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    title = serializers.CharField(source="label")
    target = serializers.DecimalField(max_digits=8, decimal_places=2)
    recorded_value = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    recorded_note = serializers.CharField()


class FollowUpAgreementSerializer(Serializer):
    partner = serializers.UUIDField(help_text="A partner of the programme")
    hours_per_week = serializers.DecimalField(max_digits=6, decimal_places=1, min_value=ZERO)
    hourly_rate = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=ZERO)


class FollowUpCreateSerializer(Serializer):
    """After a "go": the next programme period, and per partner that goes on hiring an agreement."""

    name = serializers.CharField(max_length=150)
    code = serializers.SlugField(max_length=30)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    hours_per_week = serializers.DecimalField(max_digits=6, decimal_places=1, min_value=ZERO)
    hours_total = serializers.DecimalField(max_digits=8, decimal_places=1, min_value=ZERO)
    agreements = FollowUpAgreementSerializer(many=True, required=False, default=list)
