"""The figures a report quotes, each computed from the year's data through the apps' selectors
and traceable to its query: a label, the value as printed, what was counted, and a link to the
rows. Every figure covers the issuer's whole subtree and the calendar year.

Return shape of `report_figures`: an ordered dict {key: Figure}; a section text names a figure
as {key}. Keys are stable: texts saved with them keep working when figures are added. Labels and sources
are shown on pages (translated); `display` goes into the document and is always Chinese.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import asdict, dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from fazhi.indicators.measures import per_unit
from fazhi.org.scoping import subtree_q


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: float | int | None
    display: str
    source: str
    url: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def percent(num, den) -> tuple[float | None, str]:
    if not den:
        return None, "—"
    value = (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.01"))
    return float(value), f"{value}%"


def _link(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params)}" if params else reverse(name)


# --- the sources: each figure's rows, read once through the owning app's selector ------------
# The annual report totals them over the issuer's subtree; the dashboard splits the same rows by
# county, kind, status or month. One source per figure, so the two always agree.

def subtree_of(issuer, field: str) -> Q:
    """Rows of the issuer's whole subtree (the one rule, fazhi.core.tree)."""
    return subtree_q(issuer.path, field)


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def campaign_rows(*, actor, year: int):
    from fazhi.campaigns import selectors as campaigns

    start, end = year_bounds(year)
    return campaigns.campaign_list(actor=actor).filter(
        Q(start_date__lte=end) | Q(start_date__isnull=True), Q(end_date__gte=start) | Q(end_date__isnull=True))


def assignment_rows(*, actor, year: int, campaign=None):
    """Assignments due within the year (with their colour annotated by the campaigns app)."""
    from fazhi.campaigns import selectors as campaigns

    return campaigns.assignment_list(actor=actor, filters={"campaign": campaign.pk} if campaign else None).filter(
        due_date__range=year_bounds(year))


def assignment_counts() -> dict:
    return dict(n=Count("id"), done=Count("id", filter=Q(status="done")),
                in_time=Count("id", filter=Q(status="done", completed_at__date__lte=F("due_date"))))


def report_rows(*, actor, year: int):
    from fazhi.campaigns import selectors as campaigns

    return campaigns.report_list(actor=actor).filter(submitted_at__date__range=year_bounds(year))


def problem_rows(*, actor, year: int):
    from fazhi.ledger import selectors as ledger

    return ledger.problem_list(actor=actor).filter(found_on__range=year_bounds(year))


def problem_counts() -> dict:
    return dict(n=Count("id"), closed=Count("id", filter=Q(status="closed")))


def submission_rows(*, actor, year: int):
    from fazhi.intake import selectors as intake

    return intake.submission_list(actor=actor).filter(received_at__date__range=year_bounds(year))


def submission_counts() -> dict:
    return dict(n=Count("id"), on_time=Count("id", filter=Q(concluded_on__isnull=False, concluded_on__lte=F("conclude_due"))))


def inspection_rows(*, actor, year: int):
    from fazhi.assessment import selectors as assessment

    return assessment.assessment_list(actor=actor).filter(kind="inspection", submitted_at__date__range=year_bounds(year))


def learning_of(*, actor, issuer, year: int):
    from fazhi.learning.selectors import learning_figures

    return learning_figures(actor=actor, year=year, unit=issuer)


def enforcement_of(*, actor, issuer, year: int) -> dict:
    from fazhi.enforcement.figures import enforcement_figures

    return enforcement_figures(actor=actor, year=year, unit=issuer)


def indicator_evaluations(*, actor, issuer, year: int) -> list:
    """The issuer's own indicators, each for the period holding the year's last day."""
    from fazhi.indicators import selectors as indicators

    rules = list(indicators.indicator_list(actor=actor, filters={"unit": issuer}).filter(unit=issuer))
    return indicators.evaluate_many(actor=actor, pairs=[(rule, issuer) for rule in rules], day=year_bounds(year)[1])


def report_figures(*, actor, issuer, year: int, campaign=None, keep: dict | None = None) -> "OrderedDict[str, Figure]":
    """`keep`, when given, receives the learning and enforcement figures and the indicator
    evaluations read on the way, for a caller (the dashboard) that splits them further."""
    out: OrderedDict[str, Figure] = OrderedDict()
    keep = {} if keep is None else keep

    def add(key, label, value, source, url="", display=None):
        out[key] = Figure(key, label, value, display if display is not None else f"{value}", source, url)

    def subtree(qs, field, **aggregates):
        row = per_unit(qs, field, [issuer], **aggregates).get(issuer.pk, {})
        return {k: row.get(k) or 0 for k in aggregates}

    add("campaigns", _("开展的创建活动"), subtree(campaign_rows(actor=actor, year=year), "issuer__path", n=Count("id"))["n"],
        _("本单位及下级单位发起、与本年度有交叉的创建活动"), _link("campaigns:list"))

    a = subtree(assignment_rows(actor=actor, year=year, campaign=campaign), "unit__path", **assignment_counts())
    add("assignments", _("分解落实的任务"), a["n"], _("完成时限在本年度内的任务分工（含下级单位）"),
        _link("campaigns:assignments", unit=issuer.pk))
    add("assignments_done", _("已完成的任务"), a["done"], _("其中状态为“已完成”的任务分工"),
        _link("campaigns:assignments", unit=issuer.pk, status="done"))
    value, shown = percent(a["in_time"], a["n"])
    add("assignments_on_time_rate", _("任务按期完成率"), value, _("按期完成的任务分工 ÷ 完成时限在本年度内的任务分工"),
        display=shown)

    r = subtree(report_rows(actor=actor, year=year), "assignment__unit__path", n=Count("id"))
    add("progress_reports", _("报送进展"), r["n"], _("本年度报送的进展报告（含佐证材料）"),
        _link("campaigns:assignments", unit=issuer.pk))

    p = subtree(problem_rows(actor=actor, year=year), "unit__path", **problem_counts())
    add("problems", _("查找问题"), p["n"], _("本年度发现并登记入问题台账的问题"), _link("ledger:list", unit=issuer.pk))
    add("problems_closed", _("整改销号"), p["closed"], _("其中已核验销号的问题"),
        _link("ledger:list", unit=issuer.pk, status="closed"))
    value, shown = percent(p["closed"], p["n"])
    add("problems_closed_rate", _("问题整改销号率"), value, _("已销号问题 ÷ 本年度发现的问题"), display=shown)

    s = subtree(submission_rows(actor=actor, year=year), "received_by__path", **submission_counts())
    add("submissions", _("受理群众意见投诉"), s["n"], _("本年度收到的群众意见、投诉和举报"), _link("intake:inbox"))
    value, shown = percent(s["on_time"], s["n"])
    add("submissions_on_time_rate", _("群众诉求按期办结率"), value, _("在办结期限内办结的 ÷ 本年度收到的"), display=shown)

    i = subtree(inspection_rows(actor=actor, year=year), "unit__path", n=Count("id"))
    add("inspections", _("督查考评"), i["n"], _("本年度提交的督查考评（按被考评单位计）"), _link("assessment:rounds"))

    keep["learning"] = learning_of(actor=actor, issuer=issuer, year=year)
    lf = keep["learning"].totals
    add("trainings", _("法治培训和讲座"), lf.trainings, _("本年度举办的法治培训班、专题讲座（期）"),
        _link("learning:sessions", unit=issuer.pk))
    add("people_trained", _("参训人次"), lf.people_trained, _("参加法治培训和讲座的人数"))
    add("law_share", _("法治学时占比"), lf.law_share, _("法治学时 ÷ 培训总学时"),
        display=f"{lf.law_share}%" if lf.law_share is not None else "—")
    add("enforcement_coverage", _("执法人员培训覆盖率"), lf.enforcement_coverage, _("参训的执法人员 ÷ 执法人员"),
        display=f"{lf.enforcement_coverage}%" if lf.enforcement_coverage is not None else "—")
    add("outreach_events", _("普法活动"), lf.outreach_events, _("本年度开展的普法宣传活动（场次）"), _link("learning:outreach"))
    add("outreach_participants", _("普法受众"), lf.outreach_participants, _("普法活动覆盖的群众（人次）"))
    add("materials", _("发放宣传资料"), lf.materials_total, _("普法活动发放的宣传资料（份）"))
    ef = keep["enforcement"] = enforcement_of(actor=actor, issuer=issuer, year=year)
    cases, approvals = ef["cases"], ef["approvals"]
    add("enforcement_cases", _("行政执法案件"), cases["total"], _("本年度立案的行政执法案件"), _link("enforcement:figures"))
    add("special_actions", _("专项执法检查"), cases["special_actions"], _("本年度开展的专项执法行动"),
        _link("enforcement:figures"))
    value, shown = percent(cases["disclosed_on_time"], cases["disclosure_counted"])
    add("disclosure_rate", _("执法决定按时公示率"), value, _("按时公示的执法决定 ÷ 应公示的执法决定"), display=shown)
    ratio = approvals["compression_ratio"]
    add("compression_ratio", _("审批承诺时限压缩比"), ratio, _("1 − 承诺时限之和 ÷ 法定时限之和"),
        display=f"{Decimal(str(ratio * 100)).quantize(Decimal('0.01'))}%" if ratio is not None else "—")
    value, shown = percent(approvals["same_day"], approvals["completed"])
    add("same_day_rate", _("审批即办件率"), value, _("当场办结的审批件 ÷ 办结的审批件"), display=shown)

    evaluations = keep["evaluations"] = indicator_evaluations(actor=actor, issuer=issuer, year=year)
    met = sum(1 for ev in evaluations if ev.colour == "green")
    missed = [ev for ev in evaluations if ev.colour in ("red", "amber")]
    add("indicators", _("检查的数量指标"), len(evaluations), _("本单位设置的指标，按年度末所在周期计算"),
        _link("indicators:list"))
    add("indicators_met", _("达标的指标"), met, _("其中达到要求的指标"))
    add("indicators_missed", _("未达标的指标"), len(missed), _("其中未达到要求的指标"))
    add("indicators_missed_names", _("未达标的指标名称"), None, _("未达到要求的指标，按名称列出"),
        display="、".join(ev.indicator.title for ev in missed) or "无")
    if campaign is not None:
        rows = ranking_rows(actor=actor, issuer=issuer, campaign=campaign)
        add("ranking", _("各单位完成情况排名"), rows, _("下一级各单位本活动任务的完成率，从高到低"),
            display=ranking_text(rows))
    return out


def ranking_rows(*, actor, issuer, campaign) -> list[list]:
    """[[unit name, done, assigned]] for the units directly below the issuer, ranked by the share
    of their (subtree's) assignments of the campaign that are done; ties keep the unit tree's order."""
    from fazhi.org.models import Unit

    children = list(Unit.objects.filter(parent=issuer, is_active=True).order_by("order", "path"))
    rows = per_unit(assignment_rows_all(actor=actor, campaign=campaign), "unit__path", children,
                    n=Count("id"), done=Count("id", filter=Q(status="done")))
    ranked = []
    for position, unit in enumerate(children):
        row = rows.get(unit.pk)
        if row and row["n"]:
            ranked.append((-Decimal(row["done"]) / row["n"], position, unit, row))
    ranked.sort(key=lambda item: item[:2])
    return [[unit.name, row["done"], row["n"]] for _share, _pos, unit, row in ranked]


def assignment_rows_all(*, actor, campaign):
    from fazhi.campaigns import selectors as campaigns

    return campaigns.assignment_list(actor=actor, filters={"campaign": campaign.pk})


def ranking_text(rows: list[list]) -> str:
    # Document text, in Chinese whatever the interface language.
    lines = [f"{place}. {name}：完成任务{done}项，共{n}项（{percent(done, n)[1]}）"
             for place, (name, done, n) in enumerate(rows, start=1)]
    return "\n".join(lines) or "暂无分解到各单位的任务。"


def ranking(*, actor, issuer, campaign) -> str:
    """The ranking as the circular prints it, one line per unit."""
    return ranking_text(ranking_rows(actor=actor, issuer=issuer, campaign=campaign))


def frozen_figures(figures: "OrderedDict[str, Figure]") -> dict:
    return {key: fig.as_dict() for key, fig in figures.items()}
