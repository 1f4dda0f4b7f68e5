from ervaringswerk.core.api.base import ScopedReadOnlyViewSet
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.organisations.permissions import can_view_organisations, can_view_positions
from ervaringswerk.organisations.selectors import organisation_list, position_list

from .serializers import OrganisationSerializer, PositionSerializer


class OrganisationViewSet(ScopedReadOnlyViewSet):
    """Organisations of the caller's municipality."""

    serializer_class = OrganisationSerializer
    permission_rule = staticmethod(can_view_organisations)

    def selector(self, viewer: Viewer):
        return organisation_list(viewer=viewer)


class PositionViewSet(ScopedReadOnlyViewSet):
    """Funded positions (functieplaatsen): the municipality's register; an organisation sees its own.
    The holder is given only to the coordinator of the position's organisation."""

    serializer_class = PositionSerializer
    permission_rule = staticmethod(can_view_positions)

    def selector(self, viewer: Viewer):
        return position_list(viewer=viewer)
