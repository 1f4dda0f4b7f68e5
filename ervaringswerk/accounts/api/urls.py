from .views import ApiTokenViewSet

ROUTES = [("me/tokens", ApiTokenViewSet, "api-token")]
