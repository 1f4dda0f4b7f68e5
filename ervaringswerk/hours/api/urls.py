from .programme_views import ProgrammeViewSet
from .views import HireOutStatementViewSet, PeriodLockViewSet, TimeEntryViewSet

ROUTES = [
    ("time-entries", TimeEntryViewSet, "time-entry"),
    ("programmes", ProgrammeViewSet, "programme"),
    ("hire-out-statements", HireOutStatementViewSet, "hire-out-statement"),
    ("period-locks", PeriodLockViewSet, "period-lock"),
]
