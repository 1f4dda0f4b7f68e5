from .views import PeerWorkerViewSet

ROUTES = [("peer-workers", PeerWorkerViewSet, "peer-worker")]
