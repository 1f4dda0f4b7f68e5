from rest_framework import serializers

from ervaringswerk.core.api.serializers import ModelSerializer, NeighbourhoodSerializer
from ervaringswerk.organisations.models import FundedPosition, Organisation


class OrganisationSerializer(ModelSerializer):
    neighbourhoods = NeighbourhoodSerializer(many=True, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "kind_label", "description", "is_active", "neighbourhoods"]


class PositionSerializer(ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    programme = serializers.UUIDField(source="programme_id", read_only=True, allow_null=True)
    holder = serializers.SerializerMethodField(
        help_text="The peer worker's id, for the organisation's coordinator"
    )

    class Meta:
        model = FundedPosition
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "title",
            "kind",
            "kind_label",
            "programme",
            "budget_line",
            "hours_per_week",
            "status",
            "holder",
            "start_date",
            "end_date",
        ]
        read_only_fields = fields

    def get_holder(self, obj) -> str | None:
        from ervaringswerk.organisations.permissions import may_see_position_holder

        viewer = getattr(self.context.get("request"), "viewer", None)
        if obj.holder_id and viewer is not None and may_see_position_holder(viewer, obj):
            return str(obj.holder_id)
        return None
