from .views import ActionViewSet, AssessmentViewSet

ROUTES = [
    ("precondition-assessments", AssessmentViewSet, "precondition-assessment"),
    ("precondition-actions", ActionViewSet, "precondition-action"),
]
