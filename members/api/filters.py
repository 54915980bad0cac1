"""Query filters of the members API (django-filter): country, region, category, search."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters import rest_framework as filters

from ..models import Member
from ..public_selectors import member_filter
from ..regions import Region


class CountryCodeField(forms.CharField):
    """An ISO 3166-1 alpha-2 code, any case: 'kr' and 'KR' are Korea; an unknown code is a 400."""

    default_error_messages = {"unknown": _("Unknown country code %(code)s: send an ISO 3166-1 alpha-2 code.")}

    def to_python(self, value):
        value = super().to_python(value).strip().upper()
        if value and value not in countries:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"code": value}
            )
        return value


class CountryCodeFilter(filters.CharFilter):
    field_class = CountryCodeField


class MemberFilter(filters.FilterSet):
    """Filters of GET /api/v1/members/; blank values do not filter. Filtering itself is the selector's."""

    country = CountryCodeFilter(
        method="filter_members", max_length=2, label=_("Country (ISO 3166-1 alpha-2 code, e.g. KR)")
    )
    region = filters.ChoiceFilter(method="filter_members", choices=Region.choices, label=_("WeGO region"))
    category = filters.ChoiceFilter(
        method="filter_members", choices=Member.Category.choices, label=_("Category")
    )
    search = filters.CharFilter(
        method="filter_members", max_length=100, label=_("Name or local name contains (case-insensitive)")
    )

    class Meta:
        model = Member
        fields: list[str] = []

    def filter_members(self, queryset, name, value):
        return member_filter(queryset, **{name: value})
