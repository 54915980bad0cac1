"""The scoring arithmetic against tables computed by hand (no database).

Hand-computed table (judges' scores = mean of their criterion scores):

    judge A (lenient) scored E1 = 10, E2 = 8        mean 9, sd 1        z: E1 +1, E2 −1
    judge B (harsh)   scored E1 = 4, E2 = 2,        mean 3, sd 1        z: E1 +1, E2 −1,
                             E3 = 4, E4 = 2                                 E3 +1, E4 −1
    judge C (flat)    scored E3 = 6, E4 = 6         sd 0 → z = 0 for both (explicit rule)

    rescaled = 5.5 + 1.5·z:   z +1 → 7.0   z −1 → 4.0   z 0 → 5.5

    entry  judges' scores  mean  median  spread(pop.)  normalised
    E1     10, 4           7.0   7.0     3.0           (7.0 + 7.0) / 2 = 7.00
    E2     8, 2            5.0   5.0     3.0           (4.0 + 4.0) / 2 = 4.00
    E3     4, 6            5.0   5.0     1.0           (7.0 + 5.5) / 2 = 6.25
    E4     2, 6            4.0   4.0     2.0           (4.0 + 5.5) / 2 = 4.75

    raw ranking:        E1 7.0 · E2 5.0 = E3 5.0 (tied) · E4 4.0
    normalised ranking: E1 7.00 · E3 6.25 · E4 4.75 · E2 4.00
"""

import pytest

from awards import scoring

A, B, C = 1, 2, 3
E1, E2, E3, E4 = 11, 12, 13, 14

ROWS = [
    (E1, A, 10), (E2, A, 8),
    (E1, B, 4), (E2, B, 2), (E3, B, 4), (E4, B, 2),
    (E3, C, 6), (E4, C, 6),
]

EXPECTED = {
    #    mean median spread normalised
    E1: (7.0, 7.0, 3.0, 7.00),
    E2: (5.0, 5.0, 3.0, 4.00),
    E3: (5.0, 5.0, 1.0, 6.25),
    E4: (4.0, 4.0, 2.0, 4.75),
}


def test_entry_statistics_match_the_hand_computed_table():
    stats = scoring.entry_statistics(ROWS)
    assert set(stats) == set(EXPECTED)
    for entry_id, (mean, med, spread, normalised) in EXPECTED.items():
        s = stats[entry_id]
        assert s.judges == 2
        assert s.mean == pytest.approx(mean)
        assert s.median == pytest.approx(med)
        assert s.spread == pytest.approx(spread)
        assert s.normalised == pytest.approx(normalised)


def test_zscores_per_judge_and_zero_variance_judge():
    scores = {(judge, entry): value for entry, judge, value in ROWS}
    z = scoring.judge_zscores(scores)
    assert z[(A, E1)] == pytest.approx(1) and z[(A, E2)] == pytest.approx(-1)
    assert [z[(B, e)] for e in (E1, E2, E3, E4)] == pytest.approx([1, -1, 1, -1])
    assert z[(C, E3)] == 0 and z[(C, E4)] == 0


def test_a_judge_with_a_single_entry_has_zero_z():
    assert scoring.judge_zscores({(A, E1): 9.0}) == {(A, E1): 0.0}
    stats = scoring.entry_statistics([(E1, A, 9.0)])
    assert stats[E1].normalised == 5.5
    assert stats[E1].spread == 0


def test_rankings_raw_and_normalised_differ_as_computed_by_hand():
    stats = scoring.entry_statistics(ROWS)
    raw = scoring.rank({e: s.value(scoring.RAW_MEAN) for e, s in stats.items()})
    assert [(r.position, r.entry_id) for r in raw] == [(1, E1), (2, E2), (2, E3), (4, E4)]
    norm = scoring.rank({e: s.value(scoring.NORMALISED) for e, s in stats.items()})
    assert [(r.position, r.entry_id) for r in norm] == [(1, E1), (2, E3), (3, E4), (4, E2)]


def test_rescale_is_5_5_plus_1_5_z_clipped():
    assert scoring.rescale(0) == 5.5
    assert scoring.rescale(1) == 7.0
    assert scoring.rescale(-3) == 1.0
    assert scoring.rescale(3) == 10.0
    assert scoring.rescale(-4) == 1.0  # 5.5 − 6 = −0.5, clipped
    assert scoring.rescale(10) == 10.0


def test_clipping_case_computed_by_hand():
    """One 1 and sixteen 10s: mean (1 + 160) / 17, sd = 9·4/17, so z(1) = −4 → clipped to 1; z(10) = 0.25."""
    rows = [(100, A, 1.0)] + [(101 + i, A, 10.0) for i in range(16)]
    stats = scoring.entry_statistics(rows)
    assert stats[100].normalised == 1.0
    assert stats[101].normalised == pytest.approx(5.5 + 1.5 * 0.25)


def test_judge_score_is_the_mean_of_criteria():
    assert scoring.judge_score([9, 8, 10, 9, 9]) == 9.0
    assert scoring.judge_score([1, 2]) == 1.5
    with pytest.raises(ValueError):
        scoring.judge_score([])


def test_population_stdev():
    assert scoring.population_stdev([]) == 0
    assert scoring.population_stdev([5]) == 0
    assert scoring.population_stdev([2, 4, 4, 4, 5, 5, 7, 9]) == 2.0


# --- shortlist boundary --------------------------------------------------------------------------

def _ranked(values):
    return scoring.rank(dict(enumerate(values, start=1)))


def test_exactly_five_advance_without_tie():
    b = scoring.shortlist_boundary(_ranked([9, 8, 7, 6, 5, 4, 3]))
    assert b.advancing == (1, 2, 3, 4, 5) and not b.has_tie and b.open_slots == 0


def test_ties_inside_the_top_five_do_not_matter():
    b = scoring.shortlist_boundary(_ranked([9, 9, 8, 8, 7, 6]))
    assert b.advancing == (1, 2, 3, 4, 5) and not b.has_tie


def test_tie_at_the_boundary_is_shown():
    b = scoring.shortlist_boundary(_ranked([9, 8, 8, 7, 6, 6, 5]))
    assert b.advancing == (1, 2, 3, 4)
    assert b.tied == (5, 6)
    assert b.open_slots == 1
    assert b.boundary_value == 6


def test_tie_spanning_several_places_at_the_boundary():
    b = scoring.shortlist_boundary(_ranked([9, 8, 7, 7, 7, 7, 2]))
    assert b.advancing == (1, 2)
    assert b.tied == (3, 4, 5, 6)
    assert b.open_slots == 3


def test_everyone_tied():
    b = scoring.shortlist_boundary(_ranked([5] * 7))
    assert b.advancing == () and len(b.tied) == 7 and b.open_slots == 5


def test_fewer_entries_than_places_all_advance():
    b = scoring.shortlist_boundary(_ranked([5, 5, 3]))
    assert b.advancing == (1, 2, 3) and not b.has_tie


def test_float_noise_is_not_a_difference():
    b = scoring.shortlist_boundary(_ranked([9, 8, 7, 6, 0.1 + 0.2, 0.3]))
    assert b.has_tie and b.tied == (5, 6)


# --- winners and their ties ------------------------------------------------------------------------

def test_vote_order_without_ties():
    placed = scoring.vote_order({1: 30, 2: 50, 3: 10}, judging_position={1: 1, 2: 2, 3: 3}, submitted_order={})
    assert [(p.entry_id, p.place, p.tied) for p in placed] == [(2, 1, False), (1, 2, False), (3, 3, False)]


def test_vote_tie_for_best_settled_by_judging_position():
    placed = scoring.vote_order({1: 10, 2: 10, 3: 5}, judging_position={1: 3, 2: 1, 3: 2}, submitted_order={})
    assert [p.entry_id for p in placed] == [2, 1, 3]
    assert placed[0].tied_with == (1,) and placed[1].tied_with == (2,)
    assert not placed[2].tied


def test_vote_tie_for_outstanding_settled_by_submission_rule():
    placed = scoring.vote_order(
        {1: 10, 2: 7, 3: 7},
        judging_position={1: 1, 2: 2, 3: 3},
        submitted_order={1: 1, 2: 9, 3: 4},
        rule=scoring.TIE_RULE_SUBMISSION,
    )
    assert [p.entry_id for p in placed] == [1, 3, 2]


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError):
        scoring.vote_order({1: 1}, judging_position={}, submitted_order={}, rule="coin")
