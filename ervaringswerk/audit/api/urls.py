from .views import AuditEventViewSet

ROUTES = [("audit-events", AuditEventViewSet, "audit-event")]
