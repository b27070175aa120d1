"""Every rule shape and every way points are printed, one phrase each, expectations by hand."""

from __future__ import annotations

import pytest

from fazhi.planparse.rubric import parse_rules, read_text
from fazhi.planparse.rubric.rules import points_cell, points_in


def _rules(text, **kw):
    return [r.to_dict() for r in parse_rules(text, **kw)]


@pytest.mark.parametrize("text,want", [
    ("每缺一份扣0.5分，扣完为止", [{"shape": "per_shortfall", "text": "每缺一份扣0.5分，扣完为止", "deduct": 0.5, "cap": None}]),
    ("每少一次扣1分，最高扣6分", [{"shape": "per_shortfall", "text": "每少一次扣1分，最高扣6分", "deduct": 1, "cap": 6}]),
    ("每发现一处问题扣两分；累计扣分不超过5分",
     [{"shape": "per_shortfall", "text": "每发现一处问题扣两分，累计扣分不超过5分", "deduct": 2, "cap": 5}]),
    ("未建立台账的扣2分", [{"shape": "fixed", "text": "未建立台账的扣2分", "deduct": 2, "cap": None}]),
    ("达到要求得满分，否则不得分", [{"shape": "all_or_nothing", "text": "达到要求得满分，否则不得分", "deduct": None, "cap": None}]),
    ("视情况酌情扣分", [{"shape": "discretionary", "text": "视情况酌情扣分", "deduct": None, "cap": None}]),
    ("按实际完成比例计分", [{"shape": "proportional", "text": "按实际完成比例计分", "deduct": None, "cap": None}]),
    ("超额完成的每多1项加0.5分，最多加3分",
     [{"shape": "bonus_per", "text": "超额完成的每多1项加0.5分，最多加3分", "deduct": None, "cap": 3, "add": 0.5}]),
    ("获得省级表彰的加2分", [{"shape": "bonus", "text": "获得省级表彰的加2分", "deduct": None, "cap": None, "add": 2}]),
    ("优：达标率≥95% 得20分；良：85%≤达标率<95% 得12分；差：<85% 得4分",
     [{"shape": "bands", "text": "优：达标率≥95% 得20分；良：85%≤达标率<95% 得12分；差：<85% 得4分", "deduct": None, "cap": None,
       "bands": [{"label": "优", "condition": "达标率≥95%", "points": 20},
                 {"label": "良", "condition": "85%≤达标率<95%", "points": 12},
                 {"label": "差", "condition": "<85%", "points": 4}]}]),
    ("达标率95%以上得10分；达标率80%至95%之间得6分；达标率低于80%得0分",
     [{"shape": "bands", "text": "达标率95%以上得10分；达标率80%至95%之间得6分；达标率低于80%得0分", "deduct": None, "cap": None,
       "bands": [{"label": None, "condition": "达标率95%以上", "points": 10},
                 {"label": None, "condition": "达标率80%至95%之间", "points": 6},
                 {"label": None, "condition": "达标率低于80%", "points": 0}]}]),
    ("办结率100%得10分；90%-99%得6分；90%以下不得分",
     [{"shape": "bands", "text": "办结率100%得10分；90%-99%得6分；90%以下不得分", "deduct": None, "cap": None,
       "bands": [{"label": None, "condition": "办结率100%", "points": 10},
                 {"label": None, "condition": "90%-99%", "points": 6},
                 {"label": None, "condition": "90%以下", "points": 0}]}]),
    ("发生重大责任事故的，实行一票否决", [{"shape": "veto", "text": "发生重大责任事故的，实行一票否决", "deduct": None, "cap": None}]),
    ("无学法制度扣4分；每季度学习少于1次每次扣2分，最高扣6分",
     [{"shape": "fixed", "text": "无学法制度扣4分", "deduct": 4, "cap": None},
      {"shape": "per_shortfall", "text": "每季度学习少于1次每次扣2分，最高扣6分", "deduct": 2, "cap": 6}]),
    ("资料齐全规范", [{"shape": "other", "text": "资料齐全规范", "deduct": None, "cap": None}]),
])
def test_rule_shapes(text, want):
    assert _rules(text) == want


def test_penalty_items_deduct_outside_the_maximum():
    assert _rules("受到市级通报批评的扣10分", penalty=True) == [
        {"shape": "penalty", "text": "受到市级通报批评的扣10分", "deduct": 10, "cap": None}]
    assert _rules("每发生一起被问责事件扣5分", penalty=True) == [
        {"shape": "penalty", "text": "每发生一起被问责事件扣5分", "deduct": 5, "cap": None}]


@pytest.mark.parametrize("text,want", [
    ("一、组织保障（20分）", ("一、组织保障", 20, None)),
    ("完成年度任务(40)", ("完成年度任务", 40, None)),
    ("(1)建立议事规则", ("(1)建立议事规则", None, None)),
    ("建立法律顾问制度（10分，另设5分奖励分）", ("建立法律顾问制度", 10, 5)),
    ("创新工作举措（3分，为加分项）", ("创新工作举措", 0, 3)),
    ("公开办事指南", ("公开办事指南", None, None)),
])
def test_points_beside_a_name(text, want):
    assert points_in(text) == want


@pytest.mark.parametrize("cell,want", [("3", (3, None)), ("2.5分", (2.5, None)), ("10+5", (10, 5)),
                                       ("加分5", (0, 5)), ("", (None, None)), ("查阅资料", (None, None))])
def test_points_column_values(cell, want):
    assert points_cell(cell) == want


def test_sub_criteria_inside_one_cell_and_core_marker():
    rubric = read_text("序号 考核内容 分值\n一、制度建设（5分）\n"
                       "1 ★1.制定年度计划（3分）；2.按季度通报（2分）\n")
    item = rubric.categories[0].items[0]
    assert item.core is True and item.points == 5
    assert [(c.number, c.text, c.points) for c in item.children] == [("1", "制定年度计划", 3), ("2", "按季度通报", 2)]


def test_form_furniture_is_ignored():
    rubric = read_text("序号 考核内容 分值 自评得分\n一、培训（4分）\n1 参加培训____人次，有□无□台账 4\n")
    item = rubric.categories[0].items[0]
    assert (item.text, item.points) == ("参加培训，台账", 4)


def test_declared_bonus_is_checked_against_item_bonuses():
    rubric = read_text("考评细则（另设5分加分）\n序号 考核内容 分值 评分标准\n一、创新（10分）\n"
                       "1 工作创新 10 获得省级表彰的加2分\n")
    assert rubric.bonus_points == 5
    assert [w.message for w in rubric.warnings] == ["标明加分 5 分，各项加分合计 2 分。"]
