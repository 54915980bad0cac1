"""The IRR over its whole domain: from just above −100 % to very large rates (issue 12, point 5).

Every expected value is worked out by hand from NPV = Σ net_t / (1 + r)^t = 0; with g = 1 + r.
"""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from feasibility import economics as eco
from feasibility import services
from feasibility.templatetags.feasibility_tags import percent
from tests.factories.feasibility import SubmittedLetterFactory
from tests.factories.members import UserFactory

from .conftest import close_call

D = Decimal


@pytest.mark.parametrize(
    ("net", "expected"),
    [
        # −1 + 0.00001/g = 0 → g = 1e-5 → r = −99.999 % (the case of the issue)
        ([-1, D("0.00001")], D("-0.99999")),
        # the same with money in cents: −100,000 + 1/g = 0 → g = 1e-5
        ([-100000, 1], D("-0.99999")),
        # −1 + 1e-8/g² = 0 → g = 1e-4 → r = −99.99 %
        ([-1, 0, D("0.00000001")], D("-0.9999")),
        # −1 + 1.25e-7/g³ = 0 → g³ = 1.25e-7 → g = 0.005 → r = −99.5 %
        ([-1, 0, 0, D("0.000000125")], D("-0.995")),
        # −1 + 1e-10/g = 0 → g = 1e-10 → r = −99.99999999 %
        ([-1, D("0.0000000001")], D("-0.9999999999")),
        # leading and trailing zero years change nothing: −1 + 2e-6/g = 0 → g = 2e-6
        ([0, -1, D("0.000002"), 0, 0], D("-0.999998")),
    ],
)
def test_irr_just_above_minus_100_percent(net, expected):
    result = eco.irr(net)
    assert result.exists, result.message
    assert result.rate == expected
    assert result.rate > -1
    assert result.roots == (result.rate,)
    assert result.message == ""


@pytest.mark.parametrize(
    ("net", "expected"),
    [
        # −1 + 5,000/g = 0 → r = 4,999 (499,900 %)
        ([-1, 5000], D("4999")),
        # −1 + 40,000/g² = 0 → g = 200 → r = 199
        ([-1, 0, 40000], D("199")),
        # −1 + 1,000,000/g = 0 → r = 999,999, just inside the 100,000,000 % limit
        ([-1, 1000000], D("999999")),
    ],
)
def test_irr_at_large_positive_rates(net, expected):
    assert eco.irr(net).rate == expected


def test_several_roots_near_minus_100_percent_are_all_found():
    # (x − 1,000)(x − 1,000,000) = x² − 1,001,000 x + 1e9 with x = 1/g → g = 1e-3 and 1e-6
    result = eco.irr([1000000000, -1001000, 1])
    assert result.sign_changes == 2
    assert result.roots == (D("-0.999999"), D("-0.999"))
    assert result.rate == D("-0.999999")
    assert "-99.9999 %" in result.warning and "-99.90 %" in result.warning  # never rounded to −100 %


def test_several_roots_with_one_above_1000_percent_are_all_found():
    # roots at g = 1.1 and g = 101: (x − 1/1.1)(x − 1/101)·111.1 = 1 − 102.1x + 111.1x²
    result = eco.irr([1, D("-102.1"), D("111.1")])
    assert result.sign_changes == 2
    assert result.roots == (D("0.1"), D("100"))


def test_the_npv_at_the_irr_found_near_minus_100_percent_is_zero():
    result = eco.irr([-1, D("0.00001")])
    assert eco.npv([-1, D("0.00001")], result.rate) == 0


def test_a_root_below_the_search_floor_is_reported_with_the_range_searched():
    # −1 + 1e-14/g = 0 → g = 1e-14: below g = 1e-12, the lowest rate searched
    result = eco.irr([-1, D("0.00000000000001")])
    assert not result.exists
    assert "−99.9999999999 %" in result.message and "100,000,000 %" in result.message


def test_a_root_above_the_search_limit_is_reported_with_the_range_searched():
    # −1 + 1e7/g = 0 → r = 9,999,999, beyond 100,000,000 %
    result = eco.irr([-1, 10000000])
    assert not result.exists
    assert "100,000,000 %" in result.message


@pytest.mark.parametrize(
    ("rate", "shown"),
    [
        (D("0.130662"), "13.07 %"),
        (D("-0.985"), "-98.50 %"),
        (D("-0.99999"), "-99.999 %"),
        (D("-0.9999999999"), "-99.99999999 %"),
        (D("-0.99995"), "-99.995 %"),
        (D("999999"), "99,999,900.00 %"),
    ],
)
def test_a_rate_just_above_minus_100_percent_is_never_shown_as_minus_100(rate, shown):
    assert percent(rate) == shown


# --- The page and the Excel export (as in test_views) -------------------------------------------------


@pytest.fixture
def project(call, hanoi, secretariat):
    letter = SubmittedLetterFactory(call=call, member=hanoi)
    close_call(call)
    return services.letter_select(letter=letter, by=secretariat)


@pytest.fixture
def consultant(project, secretariat):
    user = UserFactory()
    services.consultant_add(project=project, user=user, role="lead", by=secretariat)
    return user


@pytest.mark.django_db
def test_the_page_and_the_export_show_an_irr_of_minus_99_999_percent(client, project, consultant):
    # 100,000 spent in year 0, 1 back in year 1: −100,000 + 1/g = 0 → g = 1e-5 → IRR −99.999 %
    services.economics_save(project=project, by=consultant, discount_rate=Decimal("8"), start_year=2020,
                            years=[{"cost": 100000, "benefit": 0}, {"cost": 0, "benefit": 1}])
    client.force_login(consultant)
    body = client.get(reverse("feasibility:economics", args=[project.pk])).content.decode()
    assert "There is no IRR" not in body
    assert "-99.999 %" in body

    response = client.get(reverse("feasibility:economics-xlsx", args=[project.pk]))
    assert response.status_code == 200
    wb = load_workbook(BytesIO(response.content))
    irr_row = next(row for row in wb["Figures"].iter_rows() if row[0].value == "Internal rate of return (IRR)")
    assert irr_row[1].value == pytest.approx(-0.99999, abs=1e-12)
    assert irr_row[1].number_format == "0.000%"  # shown as −99.999 %, not −100.00 %
    formula = next(row[4].value for row in wb["Cash flows"].iter_rows() if row[0].value == "IRR (Excel formula)")
    assert formula == "=IRR(E5:E6,-0.999990000000)"
