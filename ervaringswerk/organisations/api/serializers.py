from rest_framework import serializers

from ervaringswerk.core.api.serializers import NeighbourhoodSerializer

from ..models import Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    neighbourhoods = NeighbourhoodSerializer(many=True, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "kind_label", "description", "is_active", "neighbourhoods"]
