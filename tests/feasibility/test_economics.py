"""The economic analysis (component FA) against values computed by hand."""

import math
from decimal import Decimal

import pytest

from feasibility import economics as eco

D = Decimal


def close(value, expected, places=9):
    return abs(D(value) - D(expected)) < D(10) ** -places


# --- The textbook case: 100 invested in year 0, 60 back in years 1 and 2, at 10 % -------------------
#   PV(benefits) = 60/1.1 + 60/1.21 = 600/11 + 6000/121 = 12600/121 = 104.132231…
#   NPV = 12600/121 − 100 = 500/121 = 4.132231…;  B/C = 126/121 = 1.041322…
#   IRR: 60x + 60x² = 100 with x = 1/(1+r)  →  x = (√(23/3) − 1)/2,  r = 1/x − 1 = 13.0662 %
#   Payback: cumulative −100, −40, +20 → year 2; discounted −100, −45.45, +4.13 → year 2.

COSTS = [100, 0, 0]
BENEFITS = [0, 60, 60]
RATE = D("0.10")
IRR_A = 2 / (math.sqrt(23 / 3) - 1) - 1


def test_present_value_leaves_year_zero_undiscounted():
    assert eco.present_value([100], D("0.5")) == 100
    assert eco.discount_factor(D("0.10"), 0) == 1
    assert close(eco.discount_factor(D("0.10"), 2), D(1) / D("1.21"))


def test_npv_of_the_textbook_case():
    assert close(eco.npv([-100, 60, 60], RATE), D(500) / D(121))


def test_npv_at_zero_rate_is_the_plain_sum():
    assert eco.npv([-100, 60, 60], 0) == 20


def test_benefit_cost_ratio():
    assert close(eco.benefit_cost_ratio(COSTS, BENEFITS, RATE), D(126) / D(121))


def test_benefit_cost_ratio_without_costs_is_none():
    assert eco.benefit_cost_ratio([0, 0], [5, 5], RATE) is None


def test_irr_of_the_textbook_case():
    result = eco.irr([-100, 60, 60])
    assert result.exists
    assert result.sign_changes == 1
    assert result.warning == "" and result.message == ""
    assert abs(float(result.rate) - IRR_A) < 1e-8
    assert round(float(result.rate) * 100, 4) == 13.0662
    assert abs(eco.npv([-100, 60, 60], result.rate)) < D("0.000001")


def test_payback_years_of_the_textbook_case():
    assert eco.payback_year([-100, 60, 60]) == 2
    assert eco.discounted_payback_year([-100, 60, 60], RATE) == 2


# --- An annuity: 1000 in year 0, 300 a year for five years, at 10 % -------------------------------
#   Annuity factor (1 − 1.1⁻⁵)/0.1 = 3.790786769…  → PV(benefits) = 1137.236031, NPV = 137.236031
#   Cumulative −1000, −700, −400, −100, +200 → payback year 4;
#   discounted −1000, −727.27, −479.34, −253.94, −49.04, +137.24 → discounted payback year 5.
#   IRR: 300·(1 − (1+r)⁻⁵)/r = 1000 → r = 15.2382 %


def test_annuity_case():
    analysis = eco.analyse([1000, 0, 0, 0, 0, 0], [0, 300, 300, 300, 300, 300], RATE)
    base = analysis.base
    assert close(base.npv, D("137.2360308"), places=6)
    assert close(base.pv_benefits, D("1137.2360308"), places=6)
    assert base.pv_costs == 1000
    assert base.payback_year == 4
    assert base.discounted_payback_year == 5
    assert round(float(base.irr.rate) * 100, 4) == 15.2382
    assert [row.cumulative_net for row in analysis.years] == [-1000, -700, -400, -100, 200, 500]


def test_discounted_payback_can_lie_beyond_the_horizon():
    net = [-1000, 300, 300, 300, 300]
    assert eco.payback_year(net) == 4
    assert eco.discounted_payback_year(net, RATE) is None


def test_payback_never_reached():
    assert eco.payback_year([-100, 10, 10]) is None


def test_payback_in_year_zero_when_nothing_is_spent():
    assert eco.payback_year([0, 5]) == 0


# --- No IRR and several IRRs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("net", "words"),
    [
        ([10, 20, 30], "never negative"),
        ([-10, -20, 0], "never positive"),
        ([0, 0, 0], "every net cash flow is zero"),
    ],
)
def test_no_irr_when_the_flows_never_change_sign(net, words):
    result = eco.irr(net)
    assert not result.exists
    assert result.sign_changes == 0
    assert "There is no IRR" in result.message and words in result.message


def test_two_sign_changes_give_two_irrs_and_a_warning():
    # −100 + 230x − 132x² = 0 → x = 10/11 or 5/6 → r = 10 % or 20 %
    result = eco.irr([-100, 230, -132])
    assert result.sign_changes == 2
    assert result.roots == (D("0.10000000"), D("0.20000000"))
    assert result.rate == D("0.10000000")
    assert "change sign 2 times" in result.warning
    assert "10.00 %" in result.warning and "20.00 %" in result.warning


def test_sign_changes_without_a_root_say_so():
    # −100 + 100x − 100x² has no real root: the NPV is negative at every rate.
    result = eco.irr([-100, 100, -100])
    assert not result.exists
    assert result.sign_changes == 2
    assert "never reaches zero" in result.message


def test_zeros_do_not_count_as_sign_changes():
    assert eco.sign_changes([-100, 0, 0, 60, 0, 60]) == 1


def test_irr_far_beyond_the_grid_is_still_found():
    # −1 + 100/(1+r) = 0 → r = 99 (9,900 %)
    assert eco.irr([-1, 100]).rate == D("99")


def test_irr_close_to_minus_100_percent():
    # −100 + 1.5/(1+r) = 0 → r = −98.5 %
    assert eco.irr([-100, D("1.5")]).rate == D("-0.98500000")


def test_irr_of_a_long_horizon():
    # 30 years of 100 for 1000 invested: r solves the annuity equation; NPV at it is ~0.
    net = [-1000] + [100] * 30
    result = eco.irr(net)
    assert abs(eco.npv(net, result.rate)) < D("0.0001")
    assert round(float(result.rate) * 100, 3) == 9.307


# --- Sensitivity ------------------------------------------------------------------------------------
#   8 %:  −100 + 60/1.08 + 60/1.1664 = 6.9958848;  12 %: −100 + 60/1.12 + 60/1.2544 = 1.4030612
#   benefits −20 %: 0.8 × 104.1322314 − 100 = −16.6942149;  costs +20 %: 104.1322314 − 120 = −15.8677686
#   both: 83.3057851 − 120 = −36.6942149


def test_sensitivity_table():
    rows = {row.key: row for row in eco.analyse(COSTS, BENEFITS, RATE).sensitivity}
    assert list(rows) == ["base", "rate_down", "rate_up", "benefits_down", "costs_up", "both"]
    assert close(rows["base"].figures.npv, D(500) / D(121))
    assert rows["rate_down"].figures.rate == D("0.08")
    assert close(rows["rate_down"].figures.npv, D("6.9958848"), places=6)
    assert close(rows["rate_up"].figures.npv, D("1.4030612"), places=6)
    assert close(rows["benefits_down"].figures.npv, D("-16.6942149"), places=6)
    assert close(rows["costs_up"].figures.npv, D("-15.8677686"), places=6)
    assert close(rows["both"].figures.npv, D("-36.6942149"), places=6)
    assert close(rows["costs_up"].figures.bcr, D(126) / D(121) / D("1.2"))
    # The IRR does not depend on the discount rate; cutting benefits lowers it.
    assert rows["rate_up"].figures.irr.rate == rows["base"].figures.irr.rate
    assert rows["benefits_down"].figures.irr.rate < rows["base"].figures.irr.rate
    assert "8 %" in rows["rate_down"].label and "12 %" in rows["rate_up"].label


def test_sensitivity_skips_a_rate_at_or_below_minus_100_percent():
    keys = [row.key for row in eco.sensitivity(eco.flows_from([1], [2]), D("-0.99"))]
    assert "rate_down" not in keys


# --- Input checks -----------------------------------------------------------------------------------


def test_negative_amounts_are_refused():
    with pytest.raises(ValueError, match="zero or more"):
        eco.flows_from([-1], [0])


def test_rate_at_or_below_minus_100_percent_is_refused():
    with pytest.raises(ValueError, match="above −100"):
        eco.npv([1, 2], D("-1"))


def test_shorter_list_is_padded_with_zeros():
    flows = eco.flows_from([100], [0, 50, 70])
    assert [(f.year, f.cost, f.benefit) for f in flows] == [(0, 100, 0), (1, 0, 50), (2, 0, 70)]


def test_floats_are_taken_by_their_decimal_repr():
    assert eco.npv([0.1, 0.2], 0) == D("0.3")


def test_yearly_table():
    analysis = eco.analyse(COSTS, BENEFITS, RATE)
    last = analysis.years[-1]
    assert last.year == 2 and last.net == 60 and last.cumulative_net == 20
    assert close(last.cumulative_discounted_net, D(500) / D(121))
