"""Public pages of the membership app: the member directory, member profiles and the partner directory.

Thin views: the queries live in `members.public_selectors`, the chart in `wego.charts`.
"""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wego.charts import bar_chart

from ..models import Member
from ..public_selectors import (
    member_country_choices,
    member_counts_by_category,
    member_counts_by_region,
    member_list_public,
    partner_list_public,
)
from ..regions import Region

PAGE_SIZE = 25


class DirectoryFilterForm(forms.Form):
    """The directory's GET form: every field optional; an invalid value is reported and ignored."""

    search = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)

    def __init__(self, *args, country_choices: list[tuple[str, str]], **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions")), *Region.choices]
        self.fields["country"].choices = [("", _("All countries")), *country_choices]
        self.fields["category"].choices = [("", _("All categories")), *Member.Category.choices]

    def filters(self) -> dict[str, str]:
        """The valid filter values (an unbound form filters nothing)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


def directory(request):
    """The public directory: active members, searchable and filtered, with counts and a chart by region."""
    form = DirectoryFilterForm(request.GET or None, country_choices=member_country_choices())
    filters = form.filters()
    page = Paginator(member_list_public(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    by_region = member_counts_by_region()
    by_category = member_counts_by_category()
    chart = bar_chart(
        [(label, n) for _code, label, n in by_region],
        title=gettext("Active members by region"),
        chart_id="members-by-region",
    )
    context = {
        "form": form,
        "filtered": bool(filters),
        "page_obj": page,
        "members": page.object_list,
        "by_region": by_region,
        "by_category": by_category,
        "active_total": sum(n for _code, _label, n in by_region),
        "region_chart": chart,
    }
    return render(request, "members/directory.html", context)


def detail(request, slug: str):
    """A member's public profile. Only active members have one; officials' contacts are never shown."""
    member = get_object_or_404(member_list_public(), slug=slug)
    return render(request, "members/detail.html", {"member": member})


def partners(request):
    """The partner directory: public partners and their MOUs."""
    return render(request, "members/partners.html", {"partners": list(partner_list_public())})
