from .views import OrganisationViewSet, PositionViewSet

ROUTES = [("organisations", OrganisationViewSet, "organisation"), ("positions", PositionViewSet, "position")]
