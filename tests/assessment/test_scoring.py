"""The scoring arithmetic on its own: deduction caps, bonus cap, veto, mean versus leader, ranking."""

from decimal import Decimal as D

from fazhi.assessment import scoring
from fazhi.assessment.choices import DEFAULT_GRADE_BANDS, ItemKind, TeamMethod
from fazhi.assessment.scoring import Final, ItemSpec, Mark, Ranked


def test_deduction_per_shortfall():
    assert scoring.points_from_shortfalls(D("10"), D("2"), 0) == D("10")
    assert scoring.points_from_shortfalls(D("10"), D("2"), 3) == D("4")


def test_deduction_is_capped_at_the_items_points():
    assert scoring.points_from_shortfalls(D("10"), D("4"), 3) == D("0")
    assert scoring.points_from_shortfalls(D("6"), D("2.5"), 100) == D("0")


def test_mean_of_the_team_rounded_half_up():
    marks = [Mark(1, D("8")), Mark(2, D("9")), Mark(3, D("9"))]
    assert scoring.combine(marks, TeamMethod.MEAN) == Final(D("8.7"), False)
    assert scoring.combine([Mark(1, D("8")), Mark(2, D("8.5"))], TeamMethod.MEAN).points == D("8.3")  # 8.25 → 8.3


def test_leader_method_takes_the_leaders_mark_and_falls_back_to_the_mean():
    marks = [Mark(1, D("6")), Mark(2, D("10")), Mark(3, D("10"))]
    assert scoring.combine(marks, TeamMethod.LEADER, leader_id=1) == Final(D("6.0"), False)
    assert scoring.combine(marks, TeamMethod.LEADER, leader_id=99).points == D("8.7")
    assert scoring.combine(marks, TeamMethod.LEADER, leader_id=None).points == D("8.7")
    assert scoring.combine([], TeamMethod.MEAN) is None


def test_veto_upheld_by_a_majority_or_by_the_leader():
    two_of_three = [Mark(1, D("0"), True), Mark(2, D("0"), True), Mark(3, D("0"), False)]
    one_of_two = [Mark(1, D("0"), True), Mark(2, D("0"), False)]
    assert scoring.combine(two_of_three, TeamMethod.MEAN).vetoed is True
    assert scoring.combine(one_of_two, TeamMethod.MEAN).vetoed is False
    assert scoring.combine(one_of_two, TeamMethod.LEADER, leader_id=1).vetoed is True


ITEMS = [ItemSpec(1, ItemKind.CATEGORY, D("60")), ItemSpec(2, ItemKind.STANDARD, D("10")),
         ItemSpec(3, ItemKind.STANDARD, D("50")), ItemSpec(4, ItemKind.BONUS, D("5")), ItemSpec(5, ItemKind.BONUS, D("2")),
         ItemSpec(6, ItemKind.VETO, D("0"))]


def test_totals_cap_the_bonus_and_count_lost_items():
    finals = {2: Final(D("6"), False), 3: Final(D("50"), False), 4: Final(D("5"), False), 5: Final(D("2"), False),
              6: Final(D("0"), False)}
    t = scoring.totals(ITEMS, finals, bonus_cap=D("3"))
    assert (t.base, t.bonus, t.total, t.lost_items, t.scored_items, t.vetoed) == (D("56"), D("3"), D("59"), 1, 5, False)


def test_veto_fails_the_unit_whatever_its_score():
    finals = {2: Final(D("10"), False), 3: Final(D("50"), False), 6: Final(D("0"), True)}
    t = scoring.totals(ITEMS, finals, bonus_cap=D("0"))
    assert t.total == D("60") and t.vetoed
    assert scoring.grade_for(D("100"), True, DEFAULT_GRADE_BANDS)["grade"] == "C"


def test_grade_bands():
    assert scoring.grade_for(D("90"), False, DEFAULT_GRADE_BANDS)["grade"] == "A"
    assert scoring.grade_for(D("89.9"), False, DEFAULT_GRADE_BANDS)["grade"] == "B"
    assert scoring.grade_for(D("79.9"), False, DEFAULT_GRADE_BANDS)["label"] == "限期整改"
    assert scoring.grade_for(None, False, DEFAULT_GRADE_BANDS) is None


def _r(key, total, base=None, lost=0, vetoed=False, order=""):
    return Ranked(key=key, total=D(total), base=D(base or total), lost_items=lost, vetoed=vetoed, order=order or key)


def test_ranking_breaks_ties_by_base_then_lost_items_then_shares_the_rank():
    rows = [
        _r("a", "95", base="92", lost=2),   # same total as b, less base: after b
        _r("b", "95", base="95", lost=3),
        _r("c", "99", vetoed=True),          # vetoed: last whatever its total
        _r("d", "90", lost=1),
        _r("e", "90", lost=2),               # same total and base as d, more lost items: after d
        _r("f", "88", lost=1, order="2"),
        _r("g", "88", lost=1, order="1"),    # equal with f on every rule: same rank, tree order
    ]
    ranked = scoring.rank(rows)
    assert [(r.key, r.rank) for r in ranked] == [("b", 1), ("a", 2), ("d", 3), ("e", 4), ("g", 5), ("f", 5), ("c", 7)]
    assert [r.tied for r in ranked] == [False, False, False, False, True, True, False]


def test_every_score_is_rounded_half_up_to_one_decimal():
    """Shortfalls, the leader's own mark and the team's mean all come out with one decimal."""
    lost = scoring.points_from_shortfalls(D("10"), D("0.25"), 1)  # 9.75
    assert str(lost) == "9.8"
    leader = scoring.combine([Mark(1, D("8.25")), Mark(2, D("10"))], TeamMethod.LEADER, leader_id=1)
    assert str(leader.points) == "8.3"
    mean = scoring.combine([Mark(1, D("8")), Mark(2, D("9"))], TeamMethod.MEAN)
    assert str(mean.points) == "8.5"
