from rest_framework import serializers

from ervaringswerk.core.models import ExperienceDomain, Neighbourhood


class NeighbourhoodSerializer(serializers.ModelSerializer):
    class Meta:
        model = Neighbourhood
        fields = ["id", "name", "code"]


class ExperienceDomainSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExperienceDomain
        fields = ["id", "slug", "name", "description", "is_active"]
