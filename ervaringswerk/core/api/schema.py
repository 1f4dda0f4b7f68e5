"""drf-spectacular hooks. The schema is built without a signed-in caller; the filter and ordering
backends ask the view for its queryset to know the model, and every queryset comes from a selector that
needs `request.viewer`: the mock request carries the anonymous viewer, whose selectors are empty."""

from drf_spectacular.plumbing import build_mock_request

from ervaringswerk.core.tenancy import ANONYMOUS


def mock_request(method, path, view, original_request, **kwargs):
    request = build_mock_request(method, path, view, original_request, **kwargs)
    request.viewer = ANONYMOUS
    request._request.viewer = ANONYMOUS
    return request
