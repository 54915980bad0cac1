"""The Secretariat's CeDS console: every member's scores, exportable as CSV."""

from __future__ import annotations

import csv

from django.db.models import Count
from django.http import StreamingHttpResponse
from django.shortcuts import render

from wego.web import predicate_required

from ..models import Investigation, Score
from ..permissions import can_export_all


class _Echo:
    def write(self, value):
        return value


staff_required = predicate_required(can_export_all)


@staff_required
def index(request):
    counts = {
        row["status"]: row["n"]
        for row in Investigation.objects.values("status").order_by().annotate(n=Count("pk"))
    }
    return render(request, "ceds/staff/index.html", {"counts": counts})


@staff_required
def scores_csv(request):
    """All scores of every submitted investigation (one row per score), streamed."""
    rows = (
        Score.objects.select_related(None)
        .order_by("member__name", "year", "investigation__slot", "kind", "code")
        .values_list("member__name", "member__country", "region", "size_class", "version__version", "year",
                     "investigation__slot", "investigation_id", "is_latest", "kind", "code", "score")
        .iterator(chunk_size=5000)
    )
    header = ["member", "country", "region", "size_class", "framework_version", "year", "slot", "investigation",
              "latest_of_year", "kind", "code", "score"]
    writer = csv.writer(_Echo())

    def stream():
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ceds-all-scores.csv"'
    return response
