from ervaringswerk.core.api.base import ScopedReadOnlyViewSet
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.preconditions.permissions import can_view_preconditions
from ervaringswerk.preconditions.selectors import action_list, assessment_list

from .serializers import ActionSerializer, AssessmentSerializer


class AssessmentViewSet(ScopedReadOnlyViewSet):
    """Preconditions self-assessments: own organisation (managers), all (policy advisor)."""

    serializer_class = AssessmentSerializer
    permission_rule = staticmethod(can_view_preconditions)

    def selector(self, viewer: Viewer):
        return assessment_list(viewer=viewer)


class ActionViewSet(ScopedReadOnlyViewSet):
    """Agreed actions on the preconditions, with owner, date and status."""

    serializer_class = ActionSerializer
    permission_rule = staticmethod(can_view_preconditions)

    def selector(self, viewer: Viewer):
        return action_list(viewer=viewer)
