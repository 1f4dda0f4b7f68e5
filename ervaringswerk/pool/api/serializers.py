from rest_framework import serializers

from ..models import PeerWorker


class PeerWorkerSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = PeerWorker
        fields = ["id", "first_name", "last_name", "organisation", "status", "weekly_hours", "max_residents"]
