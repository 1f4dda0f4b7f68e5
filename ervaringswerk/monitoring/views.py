from django.shortcuts import render

from ervaringswerk.core.access import rule_required

from .permissions import can_view_monitoring
from .selectors import municipal_overview


@rule_required(can_view_monitoring)
def overview(request):
    return render(
        request, "monitoring/overview.html", {"overview": municipal_overview(viewer=request.viewer)}
    )
