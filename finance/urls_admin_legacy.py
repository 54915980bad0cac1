"""The admin pages of the finance models were under /admin/members/<model>/ until they moved to this app
(issue 13): old links and bookmarks are sent, permanently, to the same page under /admin/finance/.

Included in wego/urls.py at admin/members/ before the admin itself; only the moved models match, so
the members app's own admin pages are not touched."""

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.urls import re_path

MOVED_MODELS = (
    "countryeconomy", "feeschedule", "countrytier", "populationband", "feeamount", "feerun",
    "invoicesequence", "invoice", "payment", "donation", "otherrevenue",
)


def moved_admin_page(request: HttpRequest, model: str, rest: str = "") -> HttpResponsePermanentRedirect:
    """The same admin page (and query string) under /admin/finance/."""
    url = request.path.replace(f"/members/{model}/", f"/finance/{model}/", 1)
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


urlpatterns = [
    re_path(rf"^(?P<model>{'|'.join(MOVED_MODELS)})/(?P<rest>.*)$", moved_admin_page, name="finance-admin-moved"),
]
