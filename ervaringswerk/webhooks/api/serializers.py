from rest_framework import serializers

from ervaringswerk.core.api.serializers import ModelSerializer, Serializer
from ervaringswerk.webhooks.models import EventKind, WebhookDelivery, WebhookSubscription


class WebhookSubscriptionSerializer(ModelSerializer):
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=EventKind.choices),
        allow_empty=False,
        help_text="Event kinds to deliver; the CloudEvents `type` is `nl.ervaringswerk.<kind>`.",
    )
    url = serializers.URLField(
        max_length=500, help_text="HTTPS endpoint on a public address (docs/api.md, SSRF rules)."
    )

    class Meta:
        model = WebhookSubscription
        fields = ["id", "name", "url", "kinds", "is_active", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


class NewWebhookSubscriptionSerializer(WebhookSubscriptionSerializer):
    secret = serializers.CharField(
        read_only=True,
        help_text="The signing secret (`whsec_…`): in this answer only, never again.",
    )

    class Meta(WebhookSubscriptionSerializer.Meta):
        fields = [*WebhookSubscriptionSerializer.Meta.fields, "secret"]


class SecretSerializer(Serializer):
    secret = serializers.CharField(read_only=True, help_text="The new signing secret, shown once.")


class WebhookDeliverySerializer(ModelSerializer):
    subscription = serializers.UUIDField(source="subscription_id", read_only=True)
    event_id = serializers.UUIDField(read_only=True, help_text="The CloudEvents `id` of the event.")
    type = serializers.SerializerMethodField()

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "subscription",
            "event_id",
            "kind",
            "type",
            "subject",
            "status",
            "attempts",
            "response_code",
            "error",
            "created_at",
            "last_attempt_at",
            "next_attempt_at",
            "delivered_at",
        ]
        read_only_fields = fields

    def get_type(self, obj: WebhookDelivery) -> str:
        return f"nl.ervaringswerk.{obj.kind}"
