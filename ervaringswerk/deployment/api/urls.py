from .views import AssignmentViewSet, DeploymentRequestViewSet, OfferViewSet

ROUTES = [
    ("deployment-requests", DeploymentRequestViewSet, "deployment-request"),
    ("offers", OfferViewSet, "offer"),
    ("assignments", AssignmentViewSet, "assignment"),
]
