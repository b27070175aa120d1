"""Demo problems for the 晋城 demo: what seeds 003 and 004 say a ledger holds (四风, 行风,
看病难, 看病贵, 依法行政, 效能), at every status and every supervision tier, one "四个不放过"
problem, and 泽州县's "两方案一计划".

Assumes `fazhi.demo.load_demo()` has run (the commission, its counties and directly affiliated
units, the demo accounts). Idempotent: a problem already there (same unit, same description)
is left as it is. Every write goes through the services, so the audit log reads like a real
installation's; dates are relative to today so that tiers and colours are always live.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core.workdays import WorkCalendar, today as local_today
from fazhi.demo.units import COMMISSION, county_bureau_name
from fazhi.org.choices import Role
from fazhi.org.models import Unit

from fazhi.campaigns.models import Campaign
from fazhi.demo import TITLE as DEMO_TITLE

from . import accountability, services
from .choices import Cause, FourNots, PlanKind, ProblemSource as S, Responsibility, Severity, Tier
from .models import Problem, RectificationPlan
from fazhi.notices.delivery import users_with_role
from .supervision import supervision_run

# Stages a demo problem is brought to.
OPEN, RECTIFYING, REPORTED, RETURNED, ACCEPTED, CLOSED, REOPENED = (
    "open", "rectifying", "reported", "returned", "accepted", "closed", "reopened")


@dataclass
class DemoProblem:
    unit: str
    source: str
    category: str
    description: str
    measures: str = ""
    person: str = ""
    found_days_ago: int = 30
    deadline_in: int | None = None  # working days from today; negative is overdue
    stage: str = RECTIFYING
    cause: str = Cause.EXECUTION
    responsibility: str = Responsibility.DEPARTMENT
    severity: str = Severity.GENERAL
    progress: list[str] = field(default_factory=list)
    report: str = ""
    returned: str = ""
    tier: str = ""  # a notice issued by hand
    four_nots: bool = False
    plan: str = ""


ZZ = "泽州县"
PROBLEMS = [
    DemoProblem(f"{ZZ}人民医院", S.OPINION, "看病难", "门诊看病“三长两短”：排队挂号、交费和拿药时间长，医生问诊和检查时间短。",
                "增设自助挂号缴费机 6 台，推行分时段预约诊疗，高峰时段增开收费窗口。", "王建平（副院长）", 25, 12,
                progress=["已采购自助挂号缴费机 6 台，完成安装调试。"], plan="special"),
    DemoProblem(f"{ZZ}人民医院", S.INSPECTION, "看病贵", "过度检查，临床检查结果互认制度不落实。",
                "落实检查结果互认目录，处方点评纳入科室考核。", "李红（医务科科长）", 20, 15, stage=RECTIFYING, plan="special"),
    DemoProblem(county_bureau_name(ZZ), S.SELF_CHECK, "四风", "机关个别干部庸懒散拖，工作不落实、服务不主动，办事“中梗阻”。",
                "建立首问负责、限时办结制度，每月通报办件超时情况。", "赵文斌（办公室主任）", 35, 2, stage=RECTIFYING,
                cause=Cause.CONDUCT, responsibility=Responsibility.COLLECTIVE, plan="overall"),
    DemoProblem(f"{ZZ}卫生监督所", S.INSPECTION, "依法行政", "随意性执法，行政处罚自由裁量不规范，案卷文书填写不完整。",
                "制定自由裁量基准，开展案卷评查，执法人员集中培训。", "郭立新（所长）", 45, -3, stage=RECTIFYING,
                progress=["已起草自由裁量基准（征求意见稿）。"], plan="overall"),
    DemoProblem(f"{ZZ}疾病预防控制中心", S.SELF_CHECK, "效能", "预防接种证补办工作拖沓，一次性告知不到位。",
                "编制一次性告知单并上墙，补办时限压缩至 3 个工作日。", "陈静（免疫规划科科长）", 30, 10, stage=RECTIFYING,
                tier=Tier.YELLOW, plan="overall"),
    DemoProblem(f"{ZZ}人民医院门诊服务窗口", S.COMPLAINT, "行风", "窗口工作人员服务态度生硬，对老年患者解释不耐心。",
                "开展服务礼仪培训，设立老年人绿色通道和志愿者引导岗。", "张敏（门诊部主任）", 28, 8, stage=REPORTED,
                report="已完成全员服务礼仪培训 2 期，设立老年人绿色通道，志愿者引导岗每日在岗。", plan="special"),
    DemoProblem(f"{ZZ}政务大厅卫计窗口", S.OPINION, "效能", "医疗机构执业登记办理时限长，群众多次往返。",
                "推行“一窗受理、并联审批”，承诺时限由 20 个工作日压缩至 10 个。", "刘洋（窗口负责人）", 40, 5, stage=RETURNED,
                report="已推行一窗受理。", returned="缺少压缩时限后的办件统计，请补充近一个月的办结时长数据。"),
    DemoProblem("高平市人民医院", S.INSPECTION, "看病贵", "医疗服务价格公示不全，部分收费项目未在电子屏公示。",
                "全面核对收费项目，电子屏和纸质价目表同步公示，接受群众监督。", "牛志刚（财务科科长）", 50, -8, stage=RECTIFYING,
                tier=Tier.RED),
    DemoProblem("沁水县卫生计生局", S.SELF_CHECK, "四风", "会议多、文件多，基层反映“文山会海”负担重。",
                "精简会议文件，能合并的会议合并召开，全年发文量压减三成。", "郭军（办公室主任）", 60, 20, stage=ACCEPTED,
                report="上半年会议较去年同期减少 32%，发文减少 35%。", cause=Cause.IDEAS),
    DemoProblem("阳城县疾病预防控制中心", S.COMPLAINT, "行风", "健康体检报告领取时间长，群众反映需往返多次。",
                "开通体检报告网上查询和邮寄服务。", "杨帆（体检科科长）", 90, 10, stage=CLOSED,
                report="已开通网上查询和免费邮寄，报告领取平均缩短至 3 个工作日。"),
    DemoProblem("陵川县卫生监督所", S.SUPERVISION, "依法行政", "“双随机”抽查结果未按期向社会公示。",
                "建立抽查结果公示台账，检查结束后 20 个工作日内公示。", "秦雪（稽查科科长）", 80, 15, stage=REOPENED,
                report="已补充公示上半年抽查结果。"),
    DemoProblem("城区人民医院", S.OPINION, "看病难", "住院床位紧张，急诊患者候床时间长。", found_days_ago=3, stage=OPEN,
                cause=Cause.CONDITIONS, responsibility=Responsibility.COLLECTIVE),
    DemoProblem("晋城市人民医院", S.COMPLAINT, "四风", "群众举报个别医生收受患者红包、开单提成，违反“九不准”。",
                "立案调查，查明事实后依纪依规处理；在全院开展警示教育，建立医德考评档案。", "院党委", 40, 10, stage=ACCEPTED,
                report="已查明事实，涉事医生受到党纪处分并退还红包；全院开展警示教育 3 场，建立医德考评档案。",
                four_nots=True, severity=Severity.GRAVE, cause=Cause.CONDUCT, responsibility=Responsibility.INDIVIDUAL),
]

PLANS = {
    "overall": (PlanKind.OVERALL, "泽州县卫生计生局教育实践活动整改总体方案", True, True),
    "special": (PlanKind.SPECIAL, "泽州县卫生系统“看病难、看病贵”问题专项整治方案", True, False),
    "institution": (PlanKind.INSTITUTION, "泽州县卫生计生局作风建设制度建设计划", False, False),
}
PLAN_TEXT = "按照“两方案一计划”的要求，针对查摆出的问题，逐项明确整改内容、目标、时限和责任，实行责任单位承办、督导组督办、责任单位办结报告、领导小组办公室调度销号管理。"


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _liaison(unit: Unit, fallback):
    ids = users_with_role(Role.LIAISON, unit)
    return get_user_model().objects.filter(pk__in=ids).order_by("pk").first() or fallback


def _bring_to_stage(problem: Problem, spec: DemoProblem, *, office, inspector, liaison) -> None:
    for text in spec.progress:
        services.progress_add(actor=liaison, problem=problem, text=text)
    if spec.stage in (REPORTED, RETURNED, ACCEPTED, CLOSED, REOPENED):
        report = services.completion_report_submit(actor=liaison, problem=problem, text=spec.report or _("已按整改措施完成整改。"))
        if spec.stage == RETURNED:
            services.completion_report_verify(actor=office, report=report, accept=False, comment=spec.returned)
        elif spec.stage != REPORTED:
            services.completion_report_verify(actor=office, report=report, accept=True, comment=_("整改到位。"))
    if spec.four_nots:
        for item in [FourNots.FACTS, FourNots.RESPONSIBILITY, FourNots.HANDLED]:
            services.four_nots_confirm(actor=inspector, problem=problem, item=item, note=_("经督导组核实。"))
    if spec.stage in (CLOSED, REOPENED):
        services.problem_close(actor=office, problem=problem, note=_("整改到位，予以销号，已向反映人反馈。"))
    if spec.stage == REOPENED:
        services.problem_reopen(actor=office, problem=problem, reason=_("回访发现下半年抽查结果仍未按期公示，问题反弹。"))
    if spec.tier:
        services.notice_issue(actor=inspector, problem=problem, tier=spec.tier,
                              reason=_("整改进度明显滞后于方案安排，请于 3 个工作日内报送进展。"))


@transaction.atomic
def load_demo(*, stdout=None, today: dt.date | None = None) -> dict:
    out = stdout if stdout is not None else sys.stdout
    today = today or local_today()
    cal = WorkCalendar()
    services.categories_ensure()
    office, inspector = _user("office"), _user("inspector")
    commission = Unit.objects.filter(parent__isnull=True, name=COMMISSION).first()
    if office is None or commission is None:
        out.write(_("问题台账演示数据需要先载入平台演示数据。") + "\n")
        return {"created": 0}
    units = {u.name: u for u in commission.subtree()}
    # The demo ledger is the ledger of the demo campaign (seed 004 keeps one ledger per campaign).
    campaign = Campaign.objects.filter(title=DEMO_TITLE).first()
    created = []
    for spec in PROBLEMS:
        unit = units.get(spec.unit)
        if unit is None or Problem.objects.filter(unit=unit, description=spec.description).exists():
            continue
        found = today - dt.timedelta(days=spec.found_days_ago)
        deadline = cal.add_working_days(today, spec.deadline_in) if spec.deadline_in is not None else None
        if deadline is not None and deadline < found:
            found = deadline
        problem = services.problem_create(
            actor=inspector if spec.source in (S.INSPECTION, S.SUPERVISION) else office, unit=unit, description=spec.description,
            category=spec.category, source=spec.source, cause=spec.cause, responsibility=spec.responsibility,
            severity=spec.severity, found_on=found, four_nots=spec.four_nots, measures=spec.measures,
            responsible_person=spec.person, deadline=deadline, campaign=campaign)
        _bring_to_stage(problem, spec, office=office, inspector=inspector, liaison=_liaison(unit, office))
        created.append((spec, problem))
    bureau = units.get(county_bureau_name(ZZ))
    if bureau is not None:
        liaison = _liaison(bureau, office)
        for key, (kind, title, filed, public) in PLANS.items():
            if RectificationPlan.objects.filter(unit=bureau, title=title).exists():
                continue
            members = [p for s, p in created if s.plan == key]
            plan = services.plan_create(actor=liaison, unit=bureau, kind=kind, title=title, text=PLAN_TEXT, problems=members)
            if filed:
                services.plan_file(actor=liaison, plan=plan)
            if public:
                services.plan_set_public(actor=office, plan=plan, is_public=True)
    result = supervision_run(day=today, cal=cal)
    # 问责: what is still overdue after a red notice is referred, as the office would.
    for _spec, problem in created:
        if not accountability.referable_reason(problem, today):
            accountability.accountability_refer(actor=office, problem=problem, referred_to=_("驻委纪检监察组"),
                                                reason=_("红色督办后仍逾期未整改。"), day=today)
    out.write(_("问题台账演示数据：新登记问题 {n} 个；督办：新发 {raised} 份，升级 {escalated} 份。").format(
        n=len(created), raised=result.raised, escalated=result.escalated) + "\n")
    return {"created": len(created), **result.as_dict()}
