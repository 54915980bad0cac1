"""Public reads of the membership app: the directory, member profiles, regional offices, partners.

Only active members are public: applicants, suspended and withdrawn members never appear. Every
queryset has its joins built in and every count is computed by the database, so a page or an API
list costs the same number of queries for 10 members as for 200.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import Member, Partner, PartnerMOU, RegionalOffice
from .regions import Region

UNSET_LABEL = _("Not set")


def member_filter(
    queryset: QuerySet[Member], *, search: str = "", region: str = "", country: str = "", category: str = ""
) -> QuerySet[Member]:
    """Narrow members by the directory's filters; blank values do not filter.

    `search` matches the name or the local name (case-insensitive, anywhere in the name)."""
    search = (search or "").strip()
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(name_local__icontains=search))
    if region:
        queryset = queryset.filter(region=region)
    if country:
        queryset = queryset.filter(country=str(country).upper())
    if category:
        queryset = queryset.filter(category=category)
    return queryset


def member_list_public(
    *, search: str = "", region: str = "", country: str = "", category: str = ""
) -> QuerySet[Member]:
    """Active members, filtered, with their regional office loaded, ordered by name (stable for paging)."""
    queryset = (
        Member.objects.active()
        .select_related("regional_office")
        .order_by("name", "pk")
    )
    return member_filter(queryset, search=search, region=region, country=country, category=category)


def _counts(queryset: QuerySet[Member], field: str, choices) -> list[tuple[str, str, int]]:
    found = dict(queryset.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n"))
    rows = [(str(code), str(label), found.pop(code, 0)) for code, label in choices]
    if found.get(""):  # members whose value is not set yet
        rows.append(("", str(UNSET_LABEL), found.pop("")))
    rows.extend((code, code, n) for code, n in sorted(found.items()) if n)  # codes no longer in the choices
    return rows


def member_counts_by_region(*, queryset: QuerySet[Member] | None = None) -> list[tuple[str, str, int]]:
    """(code, label, count) for every WeGO region, zeros included, in one GROUP BY query.

    Counts the given members, or all active members when none are given."""
    return _counts(member_list_public() if queryset is None else queryset, "region", Region.choices)


def member_counts_by_category(*, queryset: QuerySet[Member] | None = None) -> list[tuple[str, str, int]]:
    """(code, label, count) for every membership category, zeros included, in one GROUP BY query."""
    return _counts(
        member_list_public() if queryset is None else queryset, "category", Member.Category.choices
    )


def member_country_choices() -> list[tuple[str, str]]:
    """The countries that have active members, as (code, name) sorted by name: one query."""
    codes = (
        Member.objects.active()
        .order_by()
        .values_list("country", flat=True)
        .distinct()
    )
    names = dict(countries)
    return sorted(((code, str(names.get(code, code))) for code in codes if code), key=lambda item: item[1])


def regional_office_list_public() -> QuerySet[RegionalOffice]:
    """Regional offices with `member_count`, the number of active members each manages (SQL count)."""
    return RegionalOffice.objects.annotate(
        member_count=Count("members", filter=Q(members__status=Member.Status.ACTIVE), distinct=True)
    ).order_by("name")


def partner_list_public() -> QuerySet[Partner]:
    """Partners shown in the public directory, with their MOUs (newest first) prefetched: two queries."""
    return (
        Partner.objects.filter(is_public=True)
        .prefetch_related(Prefetch("mous", queryset=PartnerMOU.objects.order_by("-signed_on", "-pk")))
        .order_by("name")
    )
