from rest_framework import serializers

from ervaringswerk.audit.models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
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
