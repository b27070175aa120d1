"""Properties on arbitrary text: no unexpected exception, and every character
of the body lands in exactly one place (preamble, one node, or tail)."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.planparse import PlanParseError, parse_text
from fazhi.planparse import messages

_LABELS = ["一、", "二、", "（一）", "(二)", "1.", "2、", "（1）", "(2)", "①", "②", "第一，", "1)",
           "第一部分 ", "第一章 ", "第二条 ", "1.1 ", "1.1.2 ", "第一阶段：", "第二步："]
_PIECES = _LABELS + ["总体要求", "工作目标。", "每年至少举办两期培训", "于5月15日前报市卫生局",
                     "2018年5月2日至5月15日", "，", "。", "\n", "\n\n", "附件：1、清单", "扩展阅读:",
                     "成功创建1个示范机构、3个示范窗口", "關(guān)", "适\n用性", "友情提示:", "201*年11月",
                     " ", " | ", "\t", "附件1\n", "— 3 —", "工作任务\t牵头处室\t完成时限\n", "每年12月20日前报送",
                     "（ 年3月1日- 年3月31日）", "索引号：1\n", "某卫发2021〕8\n", "x" * 300]

plan_like = st.lists(st.sampled_from(_PIECES) | st.text(max_size=12), max_size=40).map("".join)
settings.register_profile("planparse", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])


def _nonblank(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _concat(plan) -> str:
    parts = [plan.preamble]
    for node in plan.nodes():
        parts.append(node.label + node.heading + node.text)
    parts.append(plan.tail)
    return "".join(parts)


@settings(deadline=None, max_examples=300)
@given(st.text(max_size=300))
def test_never_raises_on_arbitrary_text(text):
    try:
        parse_text(text)
    except PlanParseError as exc:
        assert exc.message != messages.INTERNAL


@settings(deadline=None, max_examples=300)
@given(plan_like)
def test_every_body_character_lands_once(text):
    try:
        plan = parse_text(text)
    except PlanParseError as exc:
        assert exc.message == messages.EMPTY
        return
    assert _nonblank(_concat(plan)) == _nonblank(plan.text)
    for doc in plan.documents:
        assert _nonblank(_concat(doc)) == _nonblank(doc.text)


@settings(deadline=None, max_examples=100)
@given(plan_like)
def test_to_dict_is_json_and_has_fixed_keys(text):
    import json
    try:
        data = parse_text(text).to_dict()
    except PlanParseError:
        return
    for key in ("schema", "title", "issuer", "doc_number", "date", "basis", "outline", "phases",
                "quotas", "deadlines", "rules", "meetings", "attachments", "units", "warnings",
                "documents"):
        assert key in data
    json.dumps(data, ensure_ascii=False)
