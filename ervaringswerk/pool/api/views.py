from ervaringswerk.core.api.base import ScopedReadOnlyViewSet

from ..permissions import can_view_peer_worker
from ..selectors import peer_worker_list
from .serializers import PeerWorkerSerializer


class PeerWorkerViewSet(ScopedReadOnlyViewSet):
    """Peer workers the caller may see: a coordinator's pool, or a peer worker's own profile."""

    serializer_class = PeerWorkerSerializer
    permission_rule = staticmethod(can_view_peer_worker)
    audit_detail_reads = True

    def selector(self, viewer):
        return peer_worker_list(viewer=viewer)
