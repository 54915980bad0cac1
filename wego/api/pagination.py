"""Page-number pagination with bounded, validated `page` and `page_size` (documented with their bounds).

`page` is a whole number from 1 and `page_size` one from 1 to 200: anything else ("abc", 0, 201, 1.5)
is a 400 in the portal's error shape instead of being ignored or clamped. A page past the last one is
a 404 ("No such page.").
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination

from .filters import IntegerQuery

PAGE_MAX = 2**31 - 1


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    # Only numbers: the schema says `page` is an integer ("last" would be one more undocumented value).
    last_page_strings = ()

    PAGE = IntegerQuery("page", 1, PAGE_MAX, _("A page number from 1; a page past the last is a 404."))
    PAGE_SIZE = IntegerQuery("page_size", 1, max_page_size, _("Results per page, 1 to 200 (default 50)."))

    def get_page_number(self, request, paginator):
        return self.PAGE.value(request) or 1

    def get_page_size(self, request):
        return self.PAGE_SIZE.value(request) or self.page_size

    def get_schema_operation_parameters(self, view):
        parameters = []
        for query in (self.PAGE, self.PAGE_SIZE):
            parameters.append({
                "name": query.name,
                "required": False,
                "in": "query",
                "description": str(query.description),
                "schema": {"type": "integer", "minimum": query.min_value, "maximum": query.max_value},
            })
        return parameters
