from django.conf import settings
from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`count`, `next`, `previous`, `results`; `page_size` up to 500 (NL API Design Rules style).
    The same links go in a `Link` header (RFC 8288), so a client can page without reading the body."""

    page_size_query_param = "page_size"
    max_page_size = settings.EW_API_MAX_PAGE_SIZE

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
