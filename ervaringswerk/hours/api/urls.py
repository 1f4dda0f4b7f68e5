from .views import HireOutStatementViewSet, ProgrammeViewSet, TimeEntryViewSet

ROUTES = [
    ("time-entries", TimeEntryViewSet, "time-entry"),
    ("programmes", ProgrammeViewSet, "programme"),
    ("hire-out-statements", HireOutStatementViewSet, "hire-out-statement"),
]
