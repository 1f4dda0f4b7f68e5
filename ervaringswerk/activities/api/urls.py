from .views import ActivitySessionViewSet, ActivityViewSet, RosterSlotViewSet

ROUTES = [
    ("activities", ActivityViewSet, "activity"),
    ("activity-sessions", ActivitySessionViewSet, "activity-session"),
    ("roster-slots", RosterSlotViewSet, "roster-slot"),
]
