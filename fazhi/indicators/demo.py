"""Demo indicators for the 晋城 demo: the numeric rules of seed 002 that the platform's data can
already answer, each over the commission and its county bureaus, so that green, amber and red
all show on the indicators page."""

from __future__ import annotations

import datetime as dt
import sys

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from fazhi.campaigns.models import Campaign
from fazhi.demo.units import COMMISSION
from fazhi.org.choices import UnitKind
from fazhi.org.models import Unit

from . import selectors, services
from .models import Indicator

COUNTIES = [UnitKind.ADMIN_DEPT]
INSTITUTIONS = [UnitKind.INSTITUTION]

# (title, rule as printed or as the office would write it, measure, op, threshold, period, kinds)
RULES = [
    ("每年至少1次督导、1次考评", "每年至少对法治建设情况进行1次督导、1次考评，并有情况通报。",
     "assessment.inspections_held", ">=", 1, "year", COUNTIES),
    ("任务按期完成率不低于90%", "各单位按照方案明确的时限完成各项任务，按期报送进展。",
     "campaigns.assignments_on_time", ">=", "0.9", "year", COUNTIES),
    ("逾期未完成任务清零", "对逾期未完成的任务实行督办，限期整改到位。",
     "campaigns.assignments_overdue", "<=", 0, "year", INSTITUTIONS),
    ("问题整改销号率不低于80%", "查摆出的问题逐项整改，办结报告、调度销号。",
     "ledger.problems_closed", ">=", "0.8", "year", COUNTIES),
    ("群众诉求按期办结率不低于95%", "群众反映的问题限时办结并答复。",
     "intake.submissions_on_time", ">=", "0.95", "year", COUNTIES),
    ("每年至少举办两期法治专题培训", "各级卫生计生行政部门每年至少举办两期法治专题培训和专题讲座。",
     "learning.trainings", ">=", 2, "year", COUNTIES),
    ("公务员法治学时不低于20%", "将法律知识纳入公务员初任培训、在岗培训的必修内容，课程学时（学分）不得低于学习培训总学时（学分）的20%。",
     "learning.law_share", ">=", "0.2", "year", COUNTIES),
    ("医务人员法律知识比例不低于10%", "将法律知识纳入医疗卫生技术人员资格准入、在职培训、年度考核，比例不低于10%。",
     "learning.law_share", ">=", "0.1", "year", INSTITUTIONS),
    ("第一季度报告上一年度法治建设情况", "每年第一季度向本级政府和上一级卫生计生行政部门报告上一年度法治建设情况。",
     "reports.first_quarter_report", ">=", 1, "year", []),
    ("执法人员培训全覆盖", "行政执法人员每年参加法律知识培训，覆盖率100%。",
     "learning.enforcement_coverage", ">=", 1, "year", []),
    ("执法决定按时公示", "行政执法决定在规定时限内公示。", "enforcement.timely_disclosure", ">=", "0.95", "year", []),
    ("审批承诺时限压缩比不低于50%", "审批事项承诺时限较法定时限压缩一半以上。",
     "enforcement.compression_ratio", ">=", "0.5", "year", []),
]


def load_demo(*, stdout=None, today: dt.date | None = None) -> dict:
    out = stdout if stdout is not None else sys.stdout
    office = get_user_model().objects.filter(username="office").first()
    commission = Unit.objects.filter(parent__isnull=True, name=COMMISSION).first()
    if office is None or commission is None:
        out.write(_("指标演示数据需要先载入平台演示数据。") + "\n")
        return {"created": 0}
    campaign = Campaign.objects.filter(issuer=commission).order_by("pk").first()
    created = 0
    for title, text, measure, op, threshold, period, kinds in RULES:
        if Indicator.objects.filter(unit=commission, title=title).exists():
            continue
        services.indicator_create(actor=office, unit=commission, title=title, text=text, measure=measure, op=op,
                                  threshold=threshold, period=period, applies_to=kinds, campaign=campaign)
        created += 1
    out.write(_("指标：新建 {n} 项。").format(n=created) + "\n")
    reviewed = _plan_rules(office, campaign, out) if campaign is not None else 0
    return {"created": created, "rules_reviewed": reviewed}


def _plan_rules(office, campaign, out) -> int:
    """Seed 002's numeric rules kept with the campaign as the importer keeps them; the office has
    confirmed one as an indicator and dismissed a duplicate, the others wait on the confirmation page."""
    from django.core.exceptions import ValidationError

    from fazhi.campaigns import services as campaign_services
    from fazhi.campaigns.selectors import plan_rule_list
    from fazhi.planparse import parse_text
    from fazhi.seeds import seed_text

    rules = list(plan_rule_list(actor=office, filters={"campaign": campaign}))
    if not rules:
        plan = parse_text(seed_text("002")).to_dict()
        lines = plan["text"].splitlines()  # the lines the parser numbers
        try:
            for r in plan["rules"]:
                line = r.get("line")
                rules.append(campaign_services.plan_rule_create(
                    actor=office, campaign=campaign, subject=r["subject"], op=r["op"], value=r["value"],
                    unit=r.get("unit") or "", per=r.get("per") or "", of=r.get("of") or "", line=line,
                    text=lines[line - 1].strip() if line and line <= len(lines) else ""))
        except ValidationError:  # a closed campaign keeps no new rules
            return 0
    pending = {r.pk: r for r in selectors.rules_pending(actor=office, filters={"campaign": campaign})}
    done = 0
    assessments = [r for r in rules if r.pk in pending and r.subject == "考评"]
    if assessments:
        rule = pending[assessments[0].pk]
        services.plan_rule_confirm(actor=office, rule=rule, title="每年至少1次考评", measure=rule.suggestion.measure,
                                   threshold=rule.suggestion.threshold, op=rule.suggestion.op,
                                   period=rule.suggestion.period, applies_to=COUNTIES)
        done += 1
    repeats = [r for r in rules if r.pk in pending and r.subject == "法治建设情况汇报"][1:]
    if repeats:
        services.plan_rule_dismiss(actor=office, rule=repeats[0], reason="与前文“每年第一季度报告上一年度法治建设情况”是同一要求，已设指标。")
        done += 1
    out.write(_("方案数量要求：确认或不设指标 {n} 条，待确认 {m} 条。").format(n=done, m=len(pending) - done) + "\n")
    return done
