"""`/api/v1/webhook-subscriptions/` (the municipal administrator's subscriptions: list, create with the
secret shown once, read, change, delete, rotate the secret) and `/api/v1/webhook-deliveries/` (the
delivery log, read only). Same services and rule as the pages in the administrator's console."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ervaringswerk.core.access import RulePermission, ViewerAPIMixin
from ervaringswerk.webhooks import selectors, services
from ervaringswerk.webhooks.permissions import can_manage_webhooks

from .serializers import (
    NewWebhookSubscriptionSerializer,
    SecretSerializer,
    WebhookDeliverySerializer,
    WebhookSubscriptionSerializer,
)


class _Base(ViewerAPIMixin, viewsets.GenericViewSet):
    permission_classes = [RulePermission]
    permission_rule = staticmethod(can_manage_webhooks)
    lookup_value_regex = "[0-9a-fA-F-]{36}"

    def get_object(self):
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except (self.get_queryset().model.DoesNotExist, DjangoValidationError) as exc:
            raise Http404 from exc


def _no_store(response: Response) -> Response:
    response["Cache-Control"] = "no-store"
    return response


class WebhookSubscriptionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, _Base
):
    """Webhook subscriptions of the caller's municipality (municipal administrator only). The secret is
    in the answer to the POST that creates it (and to `rotate-secret`), nowhere else."""

    serializer_class = WebhookSubscriptionSerializer
    filterset_fields = ["is_active"]

    def get_queryset(self):
        return selectors.subscription_list(viewer=self.request.viewer)

    @extend_schema(request=WebhookSubscriptionSerializer, responses={201: NewWebhookSubscriptionSerializer})
    def create(self, request, *args, **kwargs):
        body = WebhookSubscriptionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        subscription, secret = services.subscription_create(viewer=request.viewer, **body.validated_data)
        data = NewWebhookSubscriptionSerializer(subscription).data
        data["secret"] = secret
        return _no_store(Response(data, status=status.HTTP_201_CREATED))

    @extend_schema(request=WebhookSubscriptionSerializer, responses=WebhookSubscriptionSerializer)
    def partial_update(self, request, *args, **kwargs):
        subscription = self.get_object()
        body = WebhookSubscriptionSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        updated = services.subscription_update(
            subscription=subscription, viewer=request.viewer, **body.validated_data
        )
        return Response(self.get_serializer(updated).data)

    def destroy(self, request, *args, **kwargs):
        services.subscription_delete(subscription=self.get_object(), viewer=request.viewer)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=SecretSerializer)
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        """A new signing secret at once; the old one stops working. Shown in this answer only."""
        secret = services.subscription_secret_rotate(subscription=self.get_object(), viewer=request.viewer)
        return _no_store(Response({"secret": secret}))


class WebhookDeliveryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """The delivery log: one row per event per subscription, with status, attempts, the last response
    code and the next retry. Kept EW_WEBHOOK_LOG_DAYS days (30)."""

    serializer_class = WebhookDeliverySerializer
    filterset_fields = ["status", "kind", "subscription"]

    def get_queryset(self):
        return selectors.delivery_list(viewer=self.request.viewer)
