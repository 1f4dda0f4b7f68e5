from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from ervaringswerk.audit.services import audit_export
from ervaringswerk.core.access import RulePermission, ViewerAPIMixin
from ervaringswerk.pool.selectors import peer_worker_for_user
from ervaringswerk.privacy import services
from ervaringswerk.privacy.permissions import can_erase_peer_worker, can_export_own_data
from ervaringswerk.privacy.selectors import erasable_peer_get, subject_data


class MyExportView(ViewerAPIMixin, APIView):
    """Everything Ervaringswerk holds about the calling peer worker (GDPR art. 15 and 20)."""

    permission_classes = [RulePermission]
    permission_rule = staticmethod(can_export_own_data)

    @extend_schema(responses={200: dict})
    def get(self, request):
        peer = peer_worker_for_user(viewer=request.viewer)
        if peer is None:
            raise Http404
        data = subject_data(viewer=request.viewer, peer=peer)
        audit_export(
            viewer=request.viewer,
            object_type="pool.peerworker",
            description="",
            obj=peer,
            details={"format": "api"},
        )
        response = Response(data)
        response["Cache-Control"] = "no-store"
        return response


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Dit kan nu niet."


class PeerEraseView(ViewerAPIMixin, APIView):
    """Erase a peer worker (GDPR art. 17): 200 with the pseudonym, or 409 (problem+json) with the
    Dutch reason when something must be kept first."""

    permission_classes = [RulePermission]
    permission_rule = staticmethod(can_erase_peer_worker)
    http_method_names = ["post", "options"]

    @extend_schema(request=None, responses={200: dict})
    def post(self, request, pk):
        peer = erasable_peer_get(viewer=request.viewer, pk=pk)
        if peer is None:
            raise Http404
        if not can_erase_peer_worker(request.viewer, peer):
            raise PermissionDenied("U mag deze ervaringsdeskundige niet wissen.")
        try:
            erasure = services.peer_worker_erase(viewer=request.viewer, peer=peer)
        except ValidationError as exc:
            raise Conflict(" ".join(exc.messages)) from exc
        return Response({"id": str(peer.pk), "pseudonym": erasure.pseudonym, "erased": True})
