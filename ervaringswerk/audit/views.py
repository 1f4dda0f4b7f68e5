from django.core.paginator import Paginator
from django.shortcuts import render

from ervaringswerk.core.access import rule_required

from .models import AuditAction, AuditEvent
from .permissions import can_browse_audit
from .selectors import audit_event_list
from .services import audit_page


@rule_required(can_browse_audit)
def audit_index(request):
    action = request.GET.get("actie") or None
    if action not in AuditAction.values:
        action = None
    query = (request.GET.get("zoek") or "").strip()[:100] or None
    page = Paginator(audit_event_list(viewer=request.viewer, action=action, query=query), 50).get_page(
        request.GET.get("pagina")
    )
    audit_page(request, page, model=AuditEvent)
    return render(
        request,
        "audit/list.html",
        {
            "page": page,
            "actions": AuditAction.choices,
            "action": action,
            "query": query or "",
        },
    )
