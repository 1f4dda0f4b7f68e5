from django.shortcuts import render

from ervaringswerk.core.access import rule_required

from .permissions import can_view_requests
from .selectors import request_list


@rule_required(can_view_requests)
def request_index(request):
    return render(request, "deployment/request_list.html", {"requests": request_list(viewer=request.viewer)})
