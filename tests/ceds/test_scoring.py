"""Scores against hand-computed small frameworks."""

from decimal import Decimal

import pytest

from ceds import scoring
from ceds.models import Report, Score
from ceds.selectors import framework_snapshot
from tests.factories.ceds import small_framework

D = Decimal


def test_weighted_score_by_hand():
    # (1·4 + 3·2 + 2·1) / (4 · 6) × 100 = 12 / 24 × 100 = 50
    assert scoring.weighted_score([(D(1), 4), (D(3), 2), (D(2), 1)], 4) == D("50.00")
    # (1·1) / (3 · 1) × 100 = 33.333… → 33.33
    assert scoring.weighted_score([(D(1), 1)], 3) == D("33.33")
    assert scoring.weighted_score([(D(2), 2), (D(1), 1)], 3) == D("55.56")  # 5/9
    assert scoring.weighted_score([], 4) == D("0.00")
    assert scoring.weighted_score([(D(0), 4)], 4) == D("0.00")


@pytest.mark.parametrize(
    ("score", "stage"),
    [(0, "initial"), (19.99, "initial"), (20, "developing"), (39.99, "developing"), (40, "defined"),
     (60, "managed"), (79.99, "managed"), (80, "optimised"), (100, "optimised")],
)
def test_stage_bands(score, stage):
    assert scoring.stage_for(D(str(score))) == stage


@pytest.mark.parametrize(
    ("population", "size"),
    [(None, "unknown"), (0, "unknown"), (499_999, "small"), (500_000, "medium"), (1_000_000, "large"),
     (4_999_999, "large"), (5_000_000, "very_large")],
)
def test_size_classes(population, size):
    assert scoring.size_class(population) == size


def _framework():
    return scoring.Framework(
        dimensions=[scoring.DimensionDef("GM", "Governance", "internal"), scoring.DimensionDef("IN", "Network", "external")],
        indicators=[
            scoring.IndicatorDef("GM-1", "GM", "internal", D(1)),
            scoring.IndicatorDef("GM-2", "GM", "internal", D(3)),
            scoring.IndicatorDef("IN-1", "IN", "external", D(2)),
        ],
        groups=[scoring.GroupDef("G", "Group")],
        systems=[
            scoring.SystemDef("S-1", "G", "One", D(1), 1),
            scoring.SystemDef("S-2", "G", "Two", D(2), 2, ("S-1",)),
            scoring.SystemDef("S-3", "G", "Three", D(1), 2, ("S-1", "S-2")),
        ],
    )


def test_compute_by_hand():
    result = scoring.compute(_framework(), {"GM-1": 4, "GM-2": 2, "IN-1": 1}, {"S-1": 3, "S-2": 1, "S-3": 0})
    assert result.overall == D("50.00")  # 12 / 24
    assert result.stage == "defined"
    assert result.sides == {"internal": D("62.50"), "external": D("25.00")}  # 10/16, 2/8
    assert result.dimensions == {"GM": D("62.50"), "IN": D("25.00")}
    assert result.systems == D("41.67")  # (3 + 2·1 + 0) / (3 · 4)
    assert result.groups == {"G": D("41.67")}
    assert result.present == {"G": ["S-1"]}
    assert result.missing == {"G": ["S-2", "S-3"]}
    assert result.next_to_build == {"G": ["S-2"]}  # S-3 waits for S-2


def test_unanswered_counts_as_zero_and_foundation_comes_first():
    result = scoring.compute(_framework(), {}, {})
    assert result.overall == D("0.00")
    assert result.next_to_build == {"G": ["S-1"]}


def test_action_gaps_weighted_by_importance():
    gaps = scoring.action_gaps(_framework(), {"GM-1": 4, "GM-2": 2, "IN-1": 1}, {"S-1": 3, "S-2": 1, "S-3": 0})
    # GM-2: 3·(4−2)/4 = 1.5; IN-1: 2·(4−1)/4 = 1.5; S-2: 2·(3−1)/3 = 1.33; GM-1 is at the top level.
    assert gaps == [("GM-2", 2, 4, D("1.50")), ("IN-1", 1, 4, D("1.50")), ("S-2", 1, 3, D("1.33"))]


@pytest.mark.django_db
def test_reports_of_a_small_framework_match_hand_computation(member):
    from tests.factories.ceds import reported_investigation

    fv = small_framework()
    snapshot = framework_snapshot(version=fv)
    assert [s.requires for s in snapshot.systems] == [(), ("S-1",), ("S-1", "S-2")]
    levels = {"GM-1": 4, "GM-2": 2, "IN-1": 1}
    values = {"S-1": 3, "S-2": 1, "S-3": 0}
    inv = reported_investigation(member, version=fv, level=levels.get, value=values.get)
    scores = {(s.kind, s.code): s.score for s in Score.objects.filter(investigation=inv)}
    assert scores[("overall", "")] == D("50.00")
    assert scores[("side", "internal")] == D("62.50")
    assert scores[("dimension", "IN")] == D("25.00")
    assert scores[("group", "G")] == D("41.67")
    report3 = Report.objects.get(investigation=inv, kind="III").data
    assert report3["groups"][0]["next"] == [["S-2", "System two"]]
    assert Report.objects.get(investigation=inv, kind="I").data["stage"] == "defined"
