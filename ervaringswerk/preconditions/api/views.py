from ervaringswerk.core.api.base import ScopedReadOnlyViewSet
from ervaringswerk.core.tenancy import Viewer
from ervaringswerk.preconditions.permissions import can_view_preconditions, can_view_rounds
from ervaringswerk.preconditions.selectors import action_list, assessment_list, round_list

from .serializers import ActionSerializer, AssessmentSerializer, PreconditionRoundSerializer


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


class PreconditionRoundViewSet(ScopedReadOnlyViewSet):
    """Preconditions rounds: every round of the municipality (policy advisor) or the rounds the own
    organisation is asked in (team lead, coordinator), with status and results per organisation; the peer
    workers' anonymous view only as a suppressed average."""

    serializer_class = PreconditionRoundSerializer
    permission_rule = staticmethod(can_view_rounds)

    def selector(self, viewer: Viewer):
        return round_list(viewer=viewer)
