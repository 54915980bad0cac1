"""Charts of the training app: bars from wego.charts, fed with the survey results."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from wego.charts import bar_chart


def feedback_average_chart(results: dict, *, session_title: str):
    rows = [(str(label), round(float(avg), 2)) for label, avg in results["averages"] if avg is not None]
    return bar_chart(
        rows,
        title=_("Average rating per question, %(session)s (1–5)") % {"session": session_title},
        value_format=lambda v: number_format(v, decimal_pos=1),
        label_width=260,
        width=560,
        chart_id="feedback-averages",
    )


def feedback_distribution_chart(results: dict, *, session_title: str):
    rows = [(_("%(score)s of 5") % {"score": score}, count) for score, count in results["distribution"]]
    return bar_chart(
        rows,
        title=_("Overall usefulness: number of answers per rating, %(session)s") % {"session": session_title},
        chart_id="feedback-distribution",
        color="#2f7d32",
    )
