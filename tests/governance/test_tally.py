"""The count as a pure function, against hand-computed results."""

from governance.tally import compute, draw_lots, quorum_needed


def ballots(spec: dict[tuple, int]) -> list[list[str]]:
    out = []
    for marks, n in spec.items():
        out += [list(marks)] * n
    return out


def test_quorum_is_more_than_one_third():
    assert quorum_needed(100) == 34
    assert quorum_needed(99) == 34  # 33 is exactly one third: not more
    assert quorum_needed(3) == 2
    r = compute(kind="motion", seats=1, options=["yes", "no", "abstain"], ballots=[["yes"]] * 33, quorum_base=99)
    assert r["quorum"] == {"base": 99, "voters": 33, "needed": 34, "met": False}
    assert r["outcome"] == "no_quorum"


def test_president_absolute_majority_of_votes_cast():
    r = compute(kind="president", seats=1, options=["1", "2", "3"], quorum_base=100,
                ballots=ballots({("1",): 41, ("2",): 30, ("3",): 10}))
    # 81 votes cast; 41 > 40.5
    assert r["votes_cast"] == 81
    assert r["elected"] == ["1"] and r["outcome"] == "elected"


def test_president_without_majority_goes_to_a_runoff_of_the_two_leading():
    r = compute(kind="president", seats=1, options=["1", "2", "3"], quorum_base=100,
                ballots=ballots({("1",): 40, ("2",): 30, ("3",): 20}))
    assert r["outcome"] == "runoff" and r["elected"] == []
    assert r["runoff"] == {"candidates": ["1", "2"], "seats": 1}
    assert r["tie"] is None


def test_president_tie_for_second_place_is_settled_by_the_rule():
    spec = ballots({("1",): 40, ("2",): 25, ("3",): 25})
    runoff = compute(kind="president", seats=1, options=["1", "2", "3"], quorum_base=100, ballots=spec, tie_rule="runoff")
    assert runoff["tie"]["between"] == ["2", "3"] and runoff["tie"]["position"] == "runoff_place"
    assert runoff["runoff"]["candidates"] == ["1", "2", "3"]
    lots = compute(kind="president", seats=1, options=["1", "2", "3"], quorum_base=100, ballots=spec, tie_rule="lots", seed="abc")
    assert lots["tie"]["seed"] == "abc" and len(lots["tie"]["drawn"]) == 1
    assert lots["runoff"]["candidates"] == sorted(["1", *lots["tie"]["drawn"]])


def test_two_candidate_tie_for_first_place():
    spec = ballots({("1",): 30, ("2",): 30})
    r = compute(kind="president", seats=1, options=["1", "2"], quorum_base=60, ballots=spec, tie_rule="lots", seed="s")
    assert r["tie"]["position"] == "first_place" and r["elected"] == r["tie"]["drawn"] and r["outcome"] == "elected"
    r = compute(kind="president", seats=1, options=["1", "2"], quorum_base=60, ballots=spec, tie_rule="runoff")
    assert r["outcome"] == "runoff" and r["runoff"]["candidates"] == ["1", "2"]


def test_committee_plurality_and_tie_for_the_last_seat():
    spec = ballots({("1", "2"): 10, ("1", "3"): 5, ("4",): 5, ("5",): 1})
    # 1: 15, 2: 10, 3: 5, 4: 5, 5: 1 — three seats: 1, 2 elected; 3 and 4 tie for the last seat.
    r = compute(kind="executive_committee", seats=3, options=["1", "2", "3", "4", "5"], quorum_base=30, ballots=spec)
    assert r["counts"][:2] == [{"key": "1", "votes": 15}, {"key": "2", "votes": 10}]
    assert r["elected"] == ["1", "2"]
    assert r["tie"]["between"] == ["3", "4"] and r["tie"]["places"] == 1 and r["tie"]["position"] == "last_seat"
    assert r["runoff"] == {"candidates": ["3", "4"], "seats": 1} and r["outcome"] == "runoff"
    lots = compute(kind="executive_committee", seats=3, options=["1", "2", "3", "4", "5"], quorum_base=30, ballots=spec,
                   tie_rule="lots", seed="fixed-seed")
    assert lots["outcome"] == "elected" and len(lots["elected"]) == 3
    assert set(lots["elected"]) - {"1", "2"} == set(lots["tie"]["drawn"])


def test_overmarked_duplicate_and_unknown_marks_are_invalid():
    r = compute(kind="executive_committee", seats=2, options=["1", "2", "3"], quorum_base=3,
                ballots=[["1", "2", "3"], ["1", "1"], ["9"], ["1"], []])
    assert r["invalid"] == 3 and r["blank"] == 1 and r["votes_cast"] == 1


def test_motion_thresholds():
    opts = ["yes", "no", "abstain"]
    simple = compute(kind="motion", seats=1, options=opts, quorum_base=30, threshold="simple",
                     ballots=ballots({("yes",): 10, ("no",): 9, ("abstain",): 11}))
    assert simple["outcome"] == "accepted" and simple["votes_cast"] == 19
    equal = compute(kind="motion", seats=1, options=opts, quorum_base=30, threshold="simple",
                    ballots=ballots({("yes",): 10, ("no",): 10}))
    assert equal["outcome"] == "rejected" and equal["tie"]["settled_by"] == "not_carried"
    two_thirds = compute(kind="motion", seats=1, options=opts, quorum_base=30, threshold="two_thirds",
                         ballots=ballots({("yes",): 20, ("no",): 10}))
    assert two_thirds["outcome"] == "accepted" and two_thirds["threshold"]["needed"] == 20
    short = compute(kind="motion", seats=1, options=opts, quorum_base=30, threshold="two_thirds",
                    ballots=ballots({("yes",): 19, ("no",): 10}))
    assert short["outcome"] == "rejected"
    absolute = compute(kind="motion", seats=1, options=opts, quorum_base=30, threshold="absolute_members",
                       ballots=ballots({("yes",): 15, ("no",): 1}))
    assert absolute["outcome"] == "rejected" and absolute["threshold"]["needed"] == 16
    absolute = compute(kind="motion", seats=1, options=opts, quorum_base=30, threshold="absolute_members",
                       ballots=ballots({("yes",): 16, ("no",): 10}))
    assert absolute["outcome"] == "accepted"


def test_the_count_is_deterministic_and_lots_follow_the_seed():
    spec = ballots({("1",): 3, ("2",): 3, ("3",): 3, ("4",): 3})
    a = compute(kind="executive_committee", seats=2, options=["4", "3", "2", "1"], quorum_base=12, ballots=spec, tie_rule="lots", seed="x")
    b = compute(kind="executive_committee", seats=2, options=["1", "2", "3", "4"], quorum_base=12, ballots=list(reversed(spec)),
                tie_rule="lots", seed="x")
    assert a == b
    assert draw_lots(["1", "2", "3", "4"], 2, "x") == draw_lots(["4", "3", "2", "1"], 2, "x")
