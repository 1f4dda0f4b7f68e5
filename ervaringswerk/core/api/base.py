"""Base classes for the API: the viewer is built from the DRF user, rules come from permissions.py,
querysets always come from a selector that scopes to the viewer, and detail reads are audited."""

from rest_framework import viewsets
from rest_framework.response import Response

from ervaringswerk.audit.services import audit_view
from ervaringswerk.core.access import RulePermission, ViewerAPIMixin
from ervaringswerk.core.tenancy import Viewer


class ScopedReadOnlyViewSet(ViewerAPIMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [RulePermission]
    lookup_value_regex = "[0-9a-fA-F-]{36}"
    # True for resources about a person: a read of their detail writes an audit event.
    audit_detail_reads = False

    def selector(self, viewer: Viewer):  # pragma: no cover - every subclass provides it
        raise NotImplementedError

    def get_queryset(self):
        return self.selector(self.request.viewer)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        if self.audit_detail_reads:
            audit_view(viewer=request.viewer, obj=instance)
        return Response(self.get_serializer(instance).data)
