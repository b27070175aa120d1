"""A first guess at the measure behind a numeric rule of a plan (campaigns.PlanRule), for the
office to confirm or correct: the words of the sentence mapped to a measure of the catalogue,
the operator and the period carried over, a percentage turned into the fraction a ratio takes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .choices import MeasureUnit, Operator, Period
from .measures import CATALOGUE

# (pattern over subject + sentence, measure code, whether the rule must be a ratio (True),
# a count (False) or either (None)). The first that matches wins, so the narrow ones come first.
KEYWORDS = [
    (r"第一季度.*报告|报告.*上一?年度|法治建设情况汇报", "reports.first_quarter_report", False),
    (r"执法人员.*(培训|学习)|(培训|学习).*执法人员", "learning.enforcement_coverage", True),
    (r"学时|学分|课时|法律知识.*比例", "learning.law_share", True),
    (r"考试.*(合格|通过)|(合格|通过)率", "learning.exam_pass_rate", True),
    (r"培训|讲座|学法", "learning.trainings", False),
    (r"普法|宣传", "learning.outreach_events", False),
    (r"督导|考评|督查|检查", "assessment.inspections_held", False),
    (r"公示", "enforcement.timely_disclosure", True),
    (r"即办", "enforcement.same_day_rate", True),
    (r"时限.*压缩|压缩.*时限|承诺时限", "enforcement.compression_ratio", True),
    (r"整改|销号", "ledger.problems_closed", True),
    (r"投诉|诉求|办结|答复", "intake.submissions_on_time", True),
    (r"逾期", "campaigns.assignments_overdue", False),
    (r"进展|报送", "campaigns.reports_filed", False),
    (r"任务|完成", "campaigns.assignments_on_time", True),
]
PERIODS = {"year": Period.YEAR, "quarter": Period.QUARTER, "month": Period.MONTH}


@dataclass(frozen=True)
class Suggestion:
    title: str
    measure: str
    op: str
    threshold: Decimal
    period: str


def _threshold(rule) -> Decimal:
    value = Decimal(rule.value)
    if rule.unit in ("%", "％"):
        return (value / 100).quantize(Decimal("0.0001"))
    return value


def suggest(rule) -> Suggestion:
    words = f"{rule.subject} {rule.of} {rule.text}"
    is_ratio = rule.unit in ("ratio", "%", "％")
    measure = ""
    for pattern, code, wants_ratio in KEYWORDS:
        if code in CATALOGUE and re.search(pattern, words) and (wants_ratio is None or wants_ratio == is_ratio
                                                                or code == "reports.first_quarter_report"):
            measure = code
            break
    threshold = _threshold(rule)
    if measure and CATALOGUE[measure].kind == MeasureUnit.RATIO and threshold > 1:
        threshold = (threshold / 100).quantize(Decimal("0.0001"))
    op = rule.op if rule.op in Operator.values else Operator.AT_LEAST
    title = (rule.display if hasattr(rule, "display") else str(rule))[:200]
    return Suggestion(title=title, measure=measure, op=op, threshold=threshold, period=PERIODS.get(rule.per, Period.YEAR))
