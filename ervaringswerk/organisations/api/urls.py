from .views import OrganisationViewSet

ROUTES = [("organisations", OrganisationViewSet, "organisation")]
