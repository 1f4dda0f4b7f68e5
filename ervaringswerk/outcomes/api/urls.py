from .views import MeasurementViewSet, TrajectoryViewSet

ROUTES = [
    ("trajectories", TrajectoryViewSet, "trajectory"),
    ("measurements", MeasurementViewSet, "measurement"),
]
