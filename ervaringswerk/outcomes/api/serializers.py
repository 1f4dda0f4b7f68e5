from django.utils import timezone
from rest_framework import serializers

from ervaringswerk.core.api.serializers import ModelSerializer, Serializer
from ervaringswerk.outcomes.constants import AgeBand, EndReason, Moment
from ervaringswerk.outcomes.models import Measurement, Trajectory
from ervaringswerk.outcomes.services import score_problem


class TrajectorySerializer(ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    neighbourhood = serializers.CharField(source="neighbourhood.name", read_only=True, default=None)

    class Meta:
        model = Trajectory
        fields = [
            "id",
            "code",
            "organisation",
            "neighbourhood",
            "age_band",
            "programme",
            "first_contact",
            "activation_date",
            "end_date",
            "end_reason",
            "organisations_before",
            "organisations_during",
        ]


class ScoreField(Serializer):
    instrument = serializers.CharField()
    item = serializers.CharField()
    value = serializers.IntegerField()

    def validate(self, attrs):
        """The service's rule, but named per part: a ZRM score of 9 is `scores.0.value`."""
        problem = score_problem(attrs["instrument"], attrs["item"], attrs["value"])
        if problem is not None:
            raise serializers.ValidationError({problem[0]: [problem[1]]})
        return attrs


class MeasurementSerializer(ModelSerializer):
    trajectory = serializers.UUIDField(source="trajectory_id", read_only=True)
    scores = serializers.SerializerMethodField()

    class Meta:
        model = Measurement
        fields = ["id", "trajectory", "moment", "measured_on", "entered_role", "scores"]

    def get_scores(self, obj) -> list[dict]:
        return [{"instrument": s.instrument, "item": s.item, "value": s.value} for s in obj.scores.all()]


class MeasurementCreateSerializer(Serializer):
    trajectory = serializers.UUIDField()
    moment = serializers.ChoiceField(choices=Moment.choices)
    measured_on = serializers.DateField(default=timezone.localdate)
    scores = ScoreField(many=True)


# -- writes (issue 17): the fields of the trajectory pages' forms, strict -------------------------------


class TrajectoryCreateSerializer(Serializer):
    code = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default="", help_text="Leave out for a new code"
    )
    neighbourhood = serializers.UUIDField(required=False, allow_null=True, default=None)
    age_band = serializers.ChoiceField(choices=AgeBand.choices)
    peer_worker = serializers.UUIDField(required=False, allow_null=True, default=None)
    programme = serializers.UUIDField(required=False, allow_null=True, default=None)
    first_contact = serializers.DateField()
    activation_date = serializers.DateField(required=False, allow_null=True, default=None)
    organisations_before = serializers.IntegerField(min_value=0, max_value=32767, required=False, default=0)
    organisations_during = serializers.IntegerField(min_value=0, max_value=32767, required=False, default=0)


class TrajectoryUpdateSerializer(Serializer):
    """PATCH: only the fields sent change (the code never does)."""

    neighbourhood = serializers.UUIDField(required=False, allow_null=True)
    age_band = serializers.ChoiceField(choices=AgeBand.choices, required=False)
    peer_worker = serializers.UUIDField(required=False, allow_null=True)
    programme = serializers.UUIDField(required=False, allow_null=True)
    first_contact = serializers.DateField(required=False)
    activation_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    end_reason = serializers.ChoiceField(choices=EndReason.choices, required=False, allow_blank=True)
    organisations_before = serializers.IntegerField(min_value=0, max_value=32767, required=False)
    organisations_during = serializers.IntegerField(min_value=0, max_value=32767, required=False)


class TrajectoryCloseSerializer(Serializer):
    end_date = serializers.DateField()
    end_reason = serializers.ChoiceField(choices=EndReason.choices)
    organisations_during = serializers.IntegerField(min_value=0, max_value=32767, required=False)
