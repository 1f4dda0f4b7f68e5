"""`/api/v1/tokens/` (and the older `/api/v1/me/tokens/`): the caller's own API tokens: list, create (shown
once), revoke."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.response import Response

from ervaringswerk.accounts.models import ApiToken
from ervaringswerk.accounts.permissions import (
    can_create_api_token,
    can_manage_api_token,
    second_factor_satisfied,
)
from ervaringswerk.accounts.services import (
    ApiTokenRefused,
    api_token_create,
    api_token_list,
    api_token_revoke,
)
from ervaringswerk.core.access import RulePermission, ViewerAPIMixin
from ervaringswerk.core.api.serializers import ModelSerializer


class ApiTokenSerializer(ModelSerializer):
    prefix = serializers.CharField(read_only=True, help_text="The token's first characters, to recognise it.")
    expired = serializers.BooleanField(source="is_expired", read_only=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created", "expiry", "expired"]
        read_only_fields = ["id", "prefix", "created", "expiry", "expired"]


class NewApiTokenSerializer(ApiTokenSerializer):
    token = serializers.CharField(
        read_only=True, help_text="The token itself: in this answer only, never again."
    )

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token"]


class ApiTokenViewSet(
    ViewerAPIMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The caller's own personal API tokens. Only the caller sees them; the token itself is in the answer
    to the POST that creates it and nowhere else. A token cannot create another token: creating one needs
    a signed-in session (the page or the browsable API)."""

    permission_classes = [RulePermission]
    permission_rule = staticmethod(can_manage_api_token)
    serializer_class = ApiTokenSerializer
    lookup_value_regex = "[0-9a-fA-F-]{36}"

    def get_queryset(self):
        return api_token_list(viewer=self.request.viewer)

    @extend_schema(request=ApiTokenSerializer, responses={201: NewApiTokenSerializer})
    def create(self, request, *args, **kwargs):
        if isinstance(request.auth, ApiToken):
            raise PermissionDenied(
                _("Een API-token kan geen nieuw token maken. Log in om een token te maken.")
            )
        if not can_create_api_token(request.viewer) or not second_factor_satisfied(request._request):
            raise PermissionDenied(_("Om een API-token te maken heeft u een bevestigde tweede factor nodig."))
        serializer = ApiTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            api_token, key = api_token_create(viewer=request.viewer, name=serializer.validated_data["name"])
        except ApiTokenRefused as refusal:
            raise APIValidationError({"name": [str(refusal)]}) from None
        data = NewApiTokenSerializer(api_token).data
        data["token"] = key
        response = Response(data, status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "no-store"
        return response

    def destroy(self, request, *args, **kwargs):
        if not api_token_revoke(viewer=request.viewer, token_id=kwargs["pk"]):
            raise NotFound
        return Response(status=status.HTTP_204_NO_CONTENT)
