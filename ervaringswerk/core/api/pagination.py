from django.conf import settings
from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`count`, `next`, `previous`, `results`; `page_size` up to 500 (NL API Design Rules style)."""

    page_size_query_param = "page_size"
    max_page_size = settings.EW_API_MAX_PAGE_SIZE
