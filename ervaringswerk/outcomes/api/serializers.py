from django.utils import timezone
from rest_framework import serializers

from ervaringswerk.outcomes.constants import Moment
from ervaringswerk.outcomes.models import Measurement, Trajectory


class TrajectorySerializer(serializers.ModelSerializer):
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


class ScoreField(serializers.Serializer):
    instrument = serializers.CharField()
    item = serializers.CharField()
    value = serializers.IntegerField()


class MeasurementSerializer(serializers.ModelSerializer):
    trajectory = serializers.UUIDField(source="trajectory_id", read_only=True)
    scores = serializers.SerializerMethodField()

    class Meta:
        model = Measurement
        fields = ["id", "trajectory", "moment", "measured_on", "entered_role", "scores"]

    def get_scores(self, obj) -> list[dict]:
        return [{"instrument": s.instrument, "item": s.item, "value": s.value} for s in obj.scores.all()]


class MeasurementCreateSerializer(serializers.Serializer):
    trajectory = serializers.UUIDField()
    moment = serializers.ChoiceField(choices=Moment.choices)
    measured_on = serializers.DateField(default=timezone.localdate)
    scores = ScoreField(many=True)
