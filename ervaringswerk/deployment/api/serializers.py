from rest_framework import serializers

from ..models import DeploymentRequest


class DeploymentRequestSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    neighbourhood = serializers.CharField(source="neighbourhood.name", read_only=True, default=None)

    class Meta:
        model = DeploymentRequest
        fields = [
            "id",
            "title",
            "kind",
            "organisation",
            "neighbourhood",
            "hours_per_week",
            "urgency",
            "status",
            "created_at",
        ]
