from ervaringswerk.core.api.base import ScopedReadOnlyViewSet

from ..permissions import can_view_organisations
from ..selectors import organisation_list
from .serializers import OrganisationSerializer


class OrganisationViewSet(ScopedReadOnlyViewSet):
    """Organisations of the caller's municipality."""

    serializer_class = OrganisationSerializer
    permission_rule = staticmethod(can_view_organisations)

    def selector(self, viewer):
        return organisation_list(viewer=viewer)
