from .views import ActionViewSet, AssessmentViewSet, PreconditionRoundViewSet

ROUTES = [
    ("precondition-assessments", AssessmentViewSet, "precondition-assessment"),
    ("precondition-actions", ActionViewSet, "precondition-action"),
    ("precondition-rounds", PreconditionRoundViewSet, "precondition-round"),
]
