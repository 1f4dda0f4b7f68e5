from rest_framework import serializers

from ervaringswerk.core.api.serializers import ModelSerializer
from ervaringswerk.preconditions.models import Action, Assessment


class AssessmentSerializer(ModelSerializer):
    organisation = serializers.UUIDField(source="organisation_id", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    items = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = ["id", "organisation", "organisation_name", "assessed_on", "items"]

    def get_items(self, obj) -> list[dict]:
        return [
            {
                "precondition": i.precondition,
                "score": i.score,
                "explanation": i.explanation,
                "evidence": i.evidence,
            }
            for i in obj.items.all()
        ]


class ActionSerializer(ModelSerializer):
    organisation = serializers.UUIDField(source="organisation_id", read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "organisation",
            "precondition",
            "description",
            "owner",
            "due_date",
            "status",
            "completed_on",
        ]
