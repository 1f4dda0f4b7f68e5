from .views import ApiTokenViewSet

# `/api/v1/tokens/` is the name issue 17 gives integrators; `/api/v1/me/tokens/` was there first and stays,
# so existing clients keep working. One viewset: the same rules on both.
ROUTES = [("tokens", ApiTokenViewSet, "token"), ("me/tokens", ApiTokenViewSet, "api-token")]
