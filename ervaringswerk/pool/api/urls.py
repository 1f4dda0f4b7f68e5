from .views import (
    CheckInViewSet,
    DevelopmentGoalViewSet,
    ExperienceViewSet,
    LadderStepViewSet,
    PeerWorkerViewSet,
    TrainingViewSet,
)

ROUTES = [
    ("peer-workers", PeerWorkerViewSet, "peer-worker"),
    ("peer-experiences", ExperienceViewSet, "peer-experience"),
    ("ladder-steps", LadderStepViewSet, "ladder-step"),
    ("development-goals", DevelopmentGoalViewSet, "development-goal"),
    ("trainings", TrainingViewSet, "training"),
    ("check-ins", CheckInViewSet, "check-in"),
]
