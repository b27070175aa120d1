"""One test group per failure class of real documents (invented examples of each shape)."""

from fazhi.planparse import parse_text


def _flat(plan):
    return [(n.label, n.heading, n.level) for n in plan.nodes()]


def _roots(plan):
    return [n.label + n.heading for n in plan.outline]


# ---- class 1: a heading's text may start with a digit -------------------------------------

def test_class1_headings_starting_with_a_digit_are_headings():
    plan = parse_text("某区卫生健康局2024年法治政府建设工作报告\n"
                      "一、2024年工作开展情况\n（一）3项机制落地情况。今年建立3项机制。\n"
                      "（二）2个示范点建设。\n二、2025年工作打算\n①2月完成部署。\n")
    assert _roots(plan) == ["一、2024年工作开展情况", "二、2025年工作打算"]
    assert [c.heading for c in plan.outline[0].children] == ["3项机制落地情况。", "2个示范点建设。"]
    assert plan.outline[1].children[0].heading == "2月完成部署。"


def test_class1_numbers_inside_text_stay_text():
    plan = parse_text("标题方案\n一、总体要求\n1、2批试点同时推进。\n1.5倍于去年。\n(1)2人负责。\n")
    assert _flat(plan) == [("一、", "总体要求", 1)]
    assert "1、2批" in plan.outline[0].text and "1.5倍" in plan.outline[0].text


# ---- class 5: nesting -------------------------------------------------------------------

def test_class5_higher_family_closes_lower_open_nodes():
    plan = parse_text("某某方案\n（一）准备阶段。\n（二）实施阶段。\n（三）验收阶段。\n五、保障措施\n"
                      "（一）加强领导。\n1.明确分工。\n六、其他\n")
    assert _roots(plan) == ["（一）准备阶段。", "（二）实施阶段。", "（三）验收阶段。", "五、保障措施", "六、其他"]
    assert [c.label for c in plan.outline[3].children] == ["（一）"]


def test_class5_level1_never_has_a_parent():
    plan = parse_text("某某方案\n1.工作目标\n（1）细化任务\n三、工作要求\n第四，严明纪律\n")
    for node in plan.nodes():
        if node.level == 1:
            assert node in plan.outline
