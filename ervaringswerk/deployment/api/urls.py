from .views import AssignmentViewSet, DeploymentRequestViewSet, OfferViewSet, ProposalViewSet

ROUTES = [
    ("deployment-requests", DeploymentRequestViewSet, "deployment-request"),
    ("offers", OfferViewSet, "offer"),
    ("assignments", AssignmentViewSet, "assignment"),
    ("proposals", ProposalViewSet, "proposal"),
]
