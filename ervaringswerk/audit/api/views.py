from ervaringswerk.audit.permissions import can_browse_audit
from ervaringswerk.audit.selectors import audit_event_list
from ervaringswerk.core.api.base import ScopedReadOnlyViewSet
from ervaringswerk.core.tenancy import Viewer

from .serializers import AuditEventSerializer


class AuditEventViewSet(ScopedReadOnlyViewSet):
    """The audit log, read-only: there is no create, update or delete."""

    serializer_class = AuditEventSerializer
    permission_rule = staticmethod(can_browse_audit)

    def selector(self, viewer: Viewer):
        return audit_event_list(viewer=viewer)
