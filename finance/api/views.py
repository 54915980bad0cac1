"""The public fee API: the fee schedule of a year and the fee an active member would pay.

Both are public (partners and applicants plan budgets with them). Invoices and payments are not
part of the partner API.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from members.public_selectors import member_list_public
from wego.api.permissions import HasScope, partner_errors
from wego.api.serializers import ApiError

from .. import fees
from ..selectors import fee_schedule_grid, fee_schedule_years
from ..services import member_quote

MONEY = {"max_digits": 14, "decimal_places": 2}

# The fees belong to the public membership API: a partner key whose scopes leave out "members" is
# refused, as on /api/v1/members/.
SCOPE = "members"
ERRORS = partner_errors(scope=SCOPE)


class PublicFeeApi:
    permission_classes = [permissions.AllowAny, HasScope(SCOPE)]


class _RenamedFields:
    """Output keys that are Python keywords ("from") are declared with a trailing underscore."""

    def get_fields(self):
        fields = super().get_fields()
        return {name.rstrip("_"): f for name, f in fields.items()}


# --- Query parameters ----------------------------------------------------------------------------


class YearQuery(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, min_value=1990, max_value=2200,
        help_text="The fee year. Without it, the latest year that has a fee schedule.",
    )


def _year(request) -> int:
    """The `year` query parameter (400 when it is not a whole number in range), else the latest
    schedule year (404 when there is no schedule at all)."""
    query = YearQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    year = query.validated_data.get("year")
    if year is None:
        years = fee_schedule_years()
        if not years:
            raise NotFound(_("No fee schedule has been entered yet."))
        year = years[0]
    return year


def _no_schedule(year: int) -> NotFound:
    return NotFound(gettext("There is no fee schedule for %(year)s.") % {"year": year})


# --- The fee schedule ---------------------------------------------------------------------------------


class FeeTierOutput(_RenamedFields, serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    from_ = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="GDP per capita at PPP (international $), inclusive."
    )
    to_ = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True,
        help_text="Where the next tier starts (exclusive); null for the highest tier.",
    )


class FeeBandOutput(_RenamedFields, serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    from_ = serializers.IntegerField(help_text="City population, inclusive.")
    to_ = serializers.IntegerField(
        allow_null=True, help_text="Where the next band starts (exclusive); null for the highest band."
    )


class FeeAmountOutput(serializers.Serializer):
    tier = serializers.CharField(help_text="Tier code.")
    band = serializers.CharField(help_text="Band code.")
    amount = serializers.DecimalField(**MONEY, help_text="Annual fee of a Full member, USD.")


class FeeFlatFeesOutput(serializers.Serializer):
    friendship = serializers.DecimalField(**MONEY, help_text="Friendship members, USD.")
    corporate = serializers.DecimalField(**MONEY, help_text="Corporate members, USD.")
    institution = serializers.DecimalField(**MONEY, help_text="National ICT institutions, USD.")


class FeeScheduleOutput(serializers.Serializer):
    year = serializers.IntegerField()
    status = serializers.CharField(
        help_text='"example" (shipped with the portal, not adopted) or "adopted".'
    )
    currency = serializers.CharField(help_text="Always USD.")
    tiers = FeeTierOutput(many=True, help_text="Country tiers by GDP per capita at PPP, lowest first.")
    bands = FeeBandOutput(many=True, help_text="City population bands, smallest first.")
    amounts = FeeAmountOutput(many=True, help_text="The grid: one amount per tier and band that has one.")
    flat_fees = FeeFlatFeesOutput()
    associate_rule = serializers.CharField(
        help_text='"same" (as Full members), "percent" (associate_percent of the Full fee) or "none".'
    )
    associate_percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    pro_rata = serializers.BooleanField(help_text="Members joining during the year pay by the month.")
    payment_days = serializers.IntegerField(help_text="Days from issue to the due date of an invoice.")
    gdp_basis = serializers.CharField(help_text="Which IMF figure places a country in a tier.")
    notes = serializers.CharField(allow_blank=True)


def fee_schedule_data(year: int) -> dict | None:
    """The schedule of `year` shaped for FeeScheduleOutput (four queries), or None."""
    grid = fee_schedule_grid(year=year)
    if grid is None:
        return None
    schedule = grid["schedule"]
    bands = [entry["band"] for entry in grid["bands"]]
    amounts = [
        {"tier": row["tier"].code, "band": band.code, "amount": amount}
        for row in grid["rows"]
        for band, amount in zip(bands, row["cells"], strict=True)
        if amount is not None
    ]
    return {
        "year": schedule.year,
        "status": schedule.status,
        "currency": "USD",
        "tiers": [
            {"code": r["tier"].code, "name": r["tier"].name, "from": r["tier"].min_gdp_ppp, "to": r["upper"]}
            for r in grid["rows"]
        ],
        "bands": [
            {"code": b["band"].code, "name": b["band"].name, "from": b["band"].min_population, "to": b["upper"]}
            for b in grid["bands"]
        ],
        "amounts": amounts,
        "flat_fees": {
            "friendship": schedule.friendship_fee,
            "corporate": schedule.corporate_fee,
            "institution": schedule.institution_fee,
        },
        "associate_rule": schedule.associate_rule,
        "associate_percent": schedule.associate_percent,
        "pro_rata": schedule.pro_rata,
        "payment_days": schedule.payment_days,
        "gdp_basis": gettext(
            "IMF GDP per capita at PPP of the latest year available at or before %(year)s."
        ) % {"year": schedule.year - 1},
        "notes": schedule.notes,
    }


SCHEDULE_ERRORS = {
    **ERRORS,
    400: OpenApiResponse(ApiError, description="`year` is not a whole number between 1990 and 2200."),
    404: OpenApiResponse(ApiError, description="No fee schedule for that year (or none at all)."),
}


class FeeScheduleApi(PublicFeeApi, APIView):
    """The membership fee schedule of a year: country tiers, population bands, the amount of each
    tier × band, flat fees and the Associate rule. An "example" schedule is not the adopted one."""

    @extend_schema(
        summary="Get the fee schedule of a year",
        tags=["fees"],
        parameters=[YearQuery],
        responses={200: FeeScheduleOutput, **SCHEDULE_ERRORS},
    )
    def get(self, request):
        year = _year(request)
        data = fee_schedule_data(year)
        if data is None:
            raise _no_schedule(year)
        return Response(FeeScheduleOutput(data).data)


# --- The fee quote of a member ---------------------------------------------------------------------


class FeeQuoteMemberOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2 code.")
    category = serializers.CharField(allow_blank=True)


class FeeQuoteOutput(serializers.Serializer):
    member = FeeQuoteMemberOutput()
    year = serializers.IntegerField()
    schedule_status = serializers.CharField(help_text='"example" or "adopted".')
    currency = serializers.CharField(help_text="Always USD.")
    amount = serializers.DecimalField(
        **MONEY, allow_null=True, help_text="The fee in USD; null when the member cannot be priced."
    )
    billable = serializers.BooleanField(help_text="Whether an invoice would be issued (amount above zero).")
    problem = serializers.CharField(
        allow_null=True,
        help_text="Why the member cannot be priced, or null: " + ", ".join(fees.PROBLEM_LABELS) + ".",
    )
    problem_message = serializers.CharField(allow_null=True)
    no_fee = serializers.CharField(
        allow_null=True,
        help_text="Why the member owes nothing this year, or null: " + ", ".join(fees.NO_FEE_LABELS) + ".",
    )
    no_fee_message = serializers.CharField(allow_null=True)
    explanation = serializers.JSONField(help_text="How the fee was computed: tier, band, GDP figure and year, rule.")
    explanation_lines = serializers.ListField(
        child=serializers.CharField(), help_text="The explanation as sentences, in the language asked for."
    )


QUOTE_ERRORS = {
    **ERRORS,
    400: OpenApiResponse(ApiError, description="`year` is not a whole number between 1990 and 2200."),
    404: OpenApiResponse(ApiError, description="No active member with this id, or no fee schedule for that year."),
}


class MemberFeeQuoteApi(PublicFeeApi, APIView):
    """The fee an active member would pay for a year under that year's schedule, with its explanation.
    For budgets: it is not an invoice."""

    @extend_schema(
        summary="Get the fee a member would pay",
        tags=["fees"],
        parameters=[YearQuery],
        responses={200: FeeQuoteOutput, **QUOTE_ERRORS},
    )
    def get(self, request, pk: int):
        member = get_object_or_404(member_list_public(), pk=pk)
        year = _year(request)
        try:
            quote = member_quote(member=member, year=year)
        except fees.NoSchedule:
            raise _no_schedule(year)
        explanation = quote.explanation
        data = {
            "member": {
                "id": member.pk, "name": member.name, "country": str(member.country), "category": member.category,
            },
            "year": year,
            "schedule_status": explanation.get("schedule_status", ""),
            "currency": "USD",
            "amount": quote.amount if not quote.problem else None,
            "billable": quote.billable,
            "problem": quote.problem or None,
            "problem_message": str(fees.PROBLEM_LABELS[quote.problem]) if quote.problem else None,
            "no_fee": quote.no_fee or None,
            "no_fee_message": str(fees.NO_FEE_LABELS.get(quote.no_fee, "")) if quote.no_fee else None,
            "explanation": explanation,
            "explanation_lines": fees.explain(explanation),
        }
        return Response(FeeQuoteOutput(data).data)
