from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError


class PageNumberPagination(pagination.PageNumberPagination):
    """`count`, `next`, `previous`, `results`; `page_size` 1 to 500 (NL API Design Rules style).
    The same links go in a `Link` header (RFC 8288), so a client can page without reading the body.
    A `page` or `page_size` that is not a whole number in range is a 400 naming it, never silently
    clamped (a client asking for 10,000 rows must learn it gets 500); a page past the last is a 404."""

    page_size_query_param = "page_size"
    max_page_size = settings.EW_API_MAX_PAGE_SIZE

    def _whole_number(self, request, name: str, upper: int | None) -> None:
        raw = request.query_params.get(name)
        if raw is None:
            return
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1 or (upper is not None and int(raw) > upper):
            message = (
                _("Geef een geheel getal van 1 tot en met %(max)d.") % {"max": upper}
                if upper
                else _("Geef een geheel getal van 1 of meer.")
            )
            raise ValidationError({name: [message]})

    def paginate_queryset(self, queryset, request, view=None):
        self._whole_number(request, self.page_query_param, None)
        self._whole_number(request, self.page_size_query_param, self.max_page_size)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        links = [
            f'<{url}>; rel="{rel}"'
            for url, rel in ((self.get_next_link(), "next"), (self.get_previous_link(), "prev"))
            if url
        ]
        if links:
            response["Link"] = ", ".join(links)
        return response
