from ervaringswerk.core.api.base import ScopedReadOnlyViewSet

from ..permissions import can_view_requests
from ..selectors import request_list
from .serializers import DeploymentRequestSerializer


class DeploymentRequestViewSet(ScopedReadOnlyViewSet):
    """Requests for deployment (inzetverzoeken) the caller may follow."""

    serializer_class = DeploymentRequestSerializer
    permission_rule = staticmethod(can_view_requests)

    def selector(self, viewer):
        return request_list(viewer=viewer)
