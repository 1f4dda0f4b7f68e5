from .views import DeploymentRequestViewSet

ROUTES = [("deployment-requests", DeploymentRequestViewSet, "deployment-request")]
