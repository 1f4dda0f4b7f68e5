from ervaringswerk.audit.models import AuditEvent
from ervaringswerk.core.api.serializers import ModelSerializer


class AuditEventSerializer(ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "timestamp",
            "actor_username",
            "organisation_name",
            "role",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "changed_fields",
            "channel",
        ]
        read_only_fields = fields
