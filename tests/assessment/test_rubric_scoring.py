"""Scoring with rubrics read from a commission's file: bands, per-rule counts and caps,
penalty items, per-item bonus beside base points, veto; arithmetic first, then the services."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from fazhi.assessment import messages as m
from fazhi.assessment import services
from fazhi.assessment.choices import AssessmentKind, ItemKind
from fazhi.assessment.models import Assessment
from fazhi.assessment.rubricimport import rubric_import_parsed
from fazhi.assessment.scoring import Final, ItemSpec, RuleInputError, evaluate, totals
from fazhi.assessment.services import ScoreEntry, StageData
from fazhi.org.choices import UnitKind
from fazhi.planparse.rubric import read_text

BANDS = {"shape": "bands", "text": "", "deduct": None, "cap": None,
         "bands": [{"label": "优", "condition": "≥95%", "points": 20}, {"label": "良", "condition": "≥85%", "points": 12},
                   {"label": "差", "condition": "<85%", "points": 4}]}
PER = {"shape": "per_shortfall", "text": "", "deduct": 1, "cap": 4}
FIXED = {"shape": "fixed", "text": "", "deduct": 3, "cap": None}
BONUS_PER = {"shape": "bonus_per", "text": "", "deduct": None, "cap": 3, "add": 0.5}


def test_band_picked_sets_the_starting_points():
    item = ItemSpec(1, ItemKind.STANDARD, D("20"), rules=(BANDS,))
    assert evaluate(item, band=0).points == D("20")
    assert evaluate(item, band=1).points == D("12")
    assert evaluate(item, band=2).points == D("4")
    with pytest.raises(RuleInputError):
        evaluate(item, band=3)


def test_each_rule_deducts_within_its_own_cap_and_the_item_not_below_zero():
    item = ItemSpec(1, ItemKind.STANDARD, D("6"), rules=(PER, FIXED))
    assert evaluate(item, counts={0: 2}).points == D("4")
    assert evaluate(item, counts={0: 9}).points == D("2")          # per-shortfall capped at 4
    assert evaluate(item, counts={0: 9, 1: 1}).points == D("0")    # 4 + 3 > 6: not below 0
    assert evaluate(item, counts={0: 1, 1: 1}).lost == D("4")


def test_band_then_shortfalls():
    item = ItemSpec(1, ItemKind.STANDARD, D("20"), rules=(BANDS, PER))
    assert evaluate(item, band=1, counts={1: 3}).points == D("9")


def test_per_item_bonus_beside_base_points_is_capped_by_rule_and_item():
    item = ItemSpec(1, ItemKind.STANDARD, D("5"), bonus_points=D("2"), rules=(PER, BONUS_PER))
    worked = evaluate(item, counts={0: 1, 1: 3})
    assert (worked.points, worked.bonus) == (D("4"), D("1.5"))
    assert evaluate(item, counts={1: 10}).bonus == D("2")          # rule cap 3, item cap 2


def test_penalty_item_counts_occurrences():
    item = ItemSpec(1, ItemKind.PENALTY, D("0"), rules=({"shape": "penalty", "deduct": 10, "cap": None},))
    assert evaluate(item, counts={0: 2}).points == D("20")
    assert evaluate(item).points == D("0")


def test_totals_with_penalty_bonus_and_veto():
    items = [ItemSpec(1, ItemKind.STANDARD, D("20")), ItemSpec(2, ItemKind.STANDARD, D("5"), D("2")),
             ItemSpec(3, ItemKind.PENALTY, D("0")), ItemSpec(4, ItemKind.BONUS, D("3")),
             ItemSpec(5, ItemKind.VETO, D("0"))]
    finals = {1: Final(D("12"), False), 2: Final(D("5"), False, D("2")), 3: Final(D("10"), False),
              4: Final(D("3"), False), 5: Final(D("0"), False)}
    t = totals(items, finals, bonus_cap=D("4"))
    # base 17, bonus 2 + 3 capped at 4, penalty 10
    assert (t.base, t.bonus, t.penalty, t.total, t.vetoed, t.lost_items) == (D("17"), D("4"), D("10"), D("11"), False, 1)
    finals[3] = Final(D("30"), False)
    assert totals(items, finals, bonus_cap=D("4")).total == D("0")     # never below 0
    finals[5] = Final(D("0"), True)
    assert totals(items, finals, bonus_cap=D("4")).vetoed is True
    # a veto rule on a standard item is upheld the same way
    finals[5], finals[1] = Final(D("0"), False), Final(D("12"), True)
    assert totals(items, finals, bonus_cap=D("4")).vetoed is True


RUBRIC_TEXT = """示范窗口考评细则
序号 考核内容 分值 评分标准
一、学法（25分）
1 参考率 20 优：参考率≥95%得20分；良：85%≤参考率<95%得12分；差：参考率<85%得4分
2 学法计划（5分，另设2分奖励分） 5 每少一次扣1分，最高扣4分；超额的每多1次加0.5分，最多加3分
二、扣分与否决
3 受到市级通报批评 扣10分
4 发生收受红包 一票否决
"""


@pytest.fixture
def read_round(world, admin_user):
    w = world
    parsed = read_text(RUBRIC_TEXT).to_dict()
    rubric = rubric_import_parsed(actor=admin_user, parsed=parsed, unit_kind=UnitKind.WINDOW, title="读取的细则")
    rnd = services.round_create(actor=w.office, campaign=w.campaign, rubric=rubric, title="读取细则考评", scope=w.city,
                                stages=[StageData("督查", AssessmentKind.INSPECTION)])
    services.round_open(actor=w.office, rnd=rnd)
    items = {i.label: i for i in rubric.items.all()}
    return w, rubric, Assessment.objects.get(round=rnd, unit=w.windows[0]), items


def test_read_rubric_is_written_with_its_kinds_and_rules(read_round):
    _w, rubric, _a, items = read_round
    assert rubric.bonus_cap == D("2")
    assert (items["1"].kind, items["1"].max_points, items["1"].rules[0]["shape"]) == (ItemKind.STANDARD, D("20"), "bands")
    assert (items["2"].bonus_points, [r["shape"] for r in items["2"].rules]) == (D("2"), ["per_shortfall", "bonus_per"])
    assert items["3"].kind == ItemKind.PENALTY and items["4"].kind == ItemKind.VETO


def test_inspector_picks_a_band_counts_shortfalls_and_the_totals_follow(read_round):
    w, _rubric, a, items = read_round
    services.item_scores_save(actor=w.inspector, assessment=a, entries=[
        ScoreEntry(item_id=items["1"].pk, band=1, reason="参考率90%"),
        ScoreEntry(item_id=items["2"].pk, counts={"0": 2, "1": 6}, reason="少两次"),
        ScoreEntry(item_id=items["3"].pk, counts={"0": 1}, reason="市级通报一次"),
        ScoreEntry(item_id=items["4"].pk, vetoed=False),
    ])
    a.refresh_from_db()
    # 12 + 3 = 15 base, bonus min(3, item 2) = 2 within cap 2, penalty 10
    assert (a.base, a.bonus, a.penalty, a.total, a.vetoed) == (D("15"), D("2"), D("10"), D("7"), False)
    services.item_scores_save(actor=w.inspector, assessment=a, entries=[
        ScoreEntry(item_id=items["4"].pk, vetoed=True, reason="查实收受红包")])
    a.refresh_from_db()
    assert a.vetoed is True


def test_a_band_the_item_does_not_have_is_refused(read_round):
    w, _rubric, a, items = read_round
    with pytest.raises(ValidationError) as err:
        services.item_scores_save(actor=w.inspector, assessment=a, entries=[
            ScoreEntry(item_id=items["1"].pk, band=7, reason="x")])
    assert " ".join(err.value.messages) == str(m.BAND_INVALID).format(item=items["1"])
    with pytest.raises(ValidationError):
        services.item_scores_save(actor=w.inspector, assessment=a, entries=[
            ScoreEntry(item_id=items["2"].pk, counts={"5": 1}, reason="x")])
    a.refresh_from_db()
    assert a.scored_items == 0


def test_penalty_needs_a_reason(read_round):
    w, _rubric, a, items = read_round
    with pytest.raises(ValidationError) as err:
        services.item_scores_save(actor=w.inspector, assessment=a, entries=[
            ScoreEntry(item_id=items["3"].pk, counts={"0": 1})])
    assert " ".join(err.value.messages) == str(m.REASON_REQUIRED).format(item=items["3"], lost="10")


def test_rubric_for_a_new_unit_kind_scores_townships(world, admin_user):
    from tests.factories import UnitFactory

    w = world
    towns = [UnitFactory(name=f"乡镇卫生院{i}", kind=UnitKind.TOWNSHIP, parent=w.counties[0]) for i in range(2)]
    rubric = rubric_import_parsed(actor=admin_user, parsed=read_text(RUBRIC_TEXT).to_dict(), unit_kind=UnitKind.TOWNSHIP,
                                  title="乡镇细则", code="town")
    rnd = services.round_create(actor=w.office, campaign=w.campaign, rubric=rubric, title="乡镇考评", scope=w.city,
                                stages=[StageData("督查", AssessmentKind.INSPECTION)])
    services.round_open(actor=w.office, rnd=rnd)
    assert sorted(a.unit.name for a in Assessment.objects.filter(round=rnd)) == [t.name for t in towns]


def test_a_read_rubric_survives_the_yaml_round_trip(admin_user):
    from fazhi.assessment import rubricio

    rubric = rubric_import_parsed(actor=admin_user, parsed=read_text(RUBRIC_TEXT).to_dict(), unit_kind=UnitKind.WINDOW,
                                  code="rt")
    data = rubricio.parse_yaml(rubricio.to_yaml(rubric).replace("code: rt", "code: rt2"))
    copy = rubricio.import_data(actor=admin_user, data=data)

    def shape(r):
        return [(i.label, i.kind, i.max_points, i.bonus_points, i.rules, i.core) for i in r.items.order_by("id")]
    assert shape(copy) == shape(rubric)
