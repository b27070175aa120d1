"""Demo problems for the 晋城 demo: the ledger of the 群众路线 campaign imported from seed 004
(四风, 行风, 看病难, 看病贵, 依法行政, 效能), at every status and every supervision tier, of the
three entry types (具体问题整改 / 专项整治 with its lead department, check and evaluation /
制度建设), one "四个不放过" problem, problems ended 已解释说明, problems a unit published
(上墙公开), and the "两方案一计划" of 泽州县 reviewed by the office: one approved, one returned
and filed again, one still a draft, and a hospital's plan returned.

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
from .choices import Cause, EntryType as E, Evaluation, FourNots, PlanKind, ProblemSource as S, Responsibility, Severity, Tier
from .models import Problem, RectificationPlan
from fazhi.notices.delivery import users_with_role
from .supervision import supervision_run

# Stages a demo problem is brought to.
OPEN, RECTIFYING, REPORTED, RETURNED, ACCEPTED, CLOSED, REOPENED, EXPLAINED = (
    "open", "rectifying", "reported", "returned", "accepted", "closed", "reopened", "explained")


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
    entry_type: str = E.SPECIFIC
    lead: tuple[str, str] | None = None  # 专项整治: (牵头部门, 具体责任人)
    checked: str = ""  # 专项整治: what the check found
    evaluation: str = ""  # 专项整治: the evaluation, once checked
    explanation: str = ""  # ends 已解释说明
    published: bool = False  # 上墙公开
    recorder: str = ""  # the demo account that registered it, when not the usual one


ZZ = "泽州县"
PROBLEMS = [
    DemoProblem(f"{ZZ}人民医院", S.OPINION, "看病难", "门诊看病“三长两短”：排队挂号、交费和拿药时间长，医生问诊和检查时间短。",
                "增设自助挂号缴费机 6 台，推行分时段预约诊疗，高峰时段增开收费窗口。", "王建平（副院长）", 25, 12,
                progress=["已采购自助挂号缴费机 6 台，完成安装调试。"], plan="special", entry_type=E.CAMPAIGN,
                lead=("医务科", "王建平（副院长）"), checked="督导组抽查门诊高峰时段，自助机使用率约六成，收费窗口排队明显缩短。",
                published=True, responsibility=Responsibility.COLLECTIVE),
    DemoProblem(f"{ZZ}人民医院", S.INSPECTION, "看病贵", "过度检查，临床检查结果互认制度不落实。",
                "落实检查结果互认目录，处方点评纳入科室考核。", "李红（医务科科长）", 20, 15, stage=RECTIFYING, plan="special"),
    DemoProblem(county_bureau_name(ZZ), S.SELF_CHECK, "四风", "机关个别干部庸懒散拖，工作不落实、服务不主动，办事“中梗阻”。",
                "建立首问负责、限时办结制度，每月通报办件超时情况。", "赵文斌（办公室主任）", 35, 2, stage=RECTIFYING,
                cause=Cause.CONDUCT, responsibility=Responsibility.COLLECTIVE, plan="overall", entry_type=E.SYSTEM),
    DemoProblem(f"{ZZ}卫生监督所", S.INSPECTION, "依法行政", "随意性执法，行政处罚自由裁量不规范，案卷文书填写不完整。",
                "制定自由裁量基准，开展案卷评查，执法人员集中培训。", "郭立新（所长）", 45, -3, stage=RECTIFYING,
                progress=["已起草自由裁量基准（征求意见稿）。"], plan="overall"),
    DemoProblem(f"{ZZ}疾病预防控制中心", S.SELF_CHECK, "效能", "预防接种证补办工作拖沓，一次性告知不到位。",
                "编制一次性告知单并上墙，补办时限压缩至 3 个工作日。", "陈静（免疫规划科科长）", 30, 10, stage=RECTIFYING,
                tier=Tier.YELLOW, plan="overall"),
    DemoProblem(f"{ZZ}人民医院门诊服务窗口", S.COMPLAINT, "行风", "窗口工作人员服务态度生硬，对老年患者解释不耐心。",
                "开展服务礼仪培训，设立老年人绿色通道和志愿者引导岗。", "张敏（门诊部主任）", 28, 8, stage=REPORTED,
                report="已完成全员服务礼仪培训 2 期，设立老年人绿色通道，志愿者引导岗每日在岗。", plan="special",
                published=True, responsibility=Responsibility.INDIVIDUAL),
    DemoProblem(f"{ZZ}政务大厅卫计窗口", S.OPINION, "效能", "医疗机构执业登记办理时限长，群众多次往返。",
                "推行“一窗受理、并联审批”，承诺时限由 20 个工作日压缩至 10 个。", "刘洋（窗口负责人）", 40, 5, stage=RETURNED,
                report="已推行一窗受理。", returned="缺少压缩时限后的办件统计，请补充近一个月的办结时长数据。"),
    DemoProblem("高平市人民医院", S.INSPECTION, "看病贵", "医疗服务价格公示不全，部分收费项目未在电子屏公示。",
                "全面核对收费项目，电子屏和纸质价目表同步公示，接受群众监督。", "牛志刚（财务科科长）", 50, -8, stage=RECTIFYING,
                tier=Tier.RED),
    DemoProblem("沁水县卫生计生局", S.SELF_CHECK, "四风", "会议多、文件多，基层反映“文山会海”负担重。",
                "精简会议文件，能合并的会议合并召开，全年发文量压减三成。", "郭军（办公室主任）", 60, 20, stage=ACCEPTED,
                report="上半年会议较去年同期减少 32%，发文减少 35%。", cause=Cause.IDEAS, entry_type=E.SYSTEM,
                responsibility=Responsibility.COLLECTIVE),
    DemoProblem("阳城县疾病预防控制中心", S.COMPLAINT, "行风", "健康体检报告领取时间长，群众反映需往返多次。",
                "开通体检报告网上查询和邮寄服务。", "杨帆（体检科科长）", 90, 10, stage=CLOSED,
                report="已开通网上查询和免费邮寄，报告领取平均缩短至 3 个工作日。", published=True),
    DemoProblem("陵川县卫生监督所", S.SUPERVISION, "依法行政", "“双随机”抽查结果未按期向社会公示。",
                "建立抽查结果公示台账，检查结束后 20 个工作日内公示。", "秦雪（稽查科科长）", 80, 15, stage=REOPENED,
                report="已补充公示上半年抽查结果。"),
    DemoProblem("城区人民医院", S.OPINION, "看病难", "住院床位紧张，急诊患者候床时间长。", found_days_ago=3, stage=OPEN,
                cause=Cause.CONDITIONS, responsibility=Responsibility.COLLECTIVE),
    DemoProblem("晋城市人民医院", S.COMPLAINT, "四风", "群众举报个别医生收受患者红包、开单提成，违反“九不准”。",
                "立案调查，查明事实后依纪依规处理；在全院开展警示教育，建立医德考评档案。", "院党委", 40, 10, stage=ACCEPTED,
                report="已查明事实，涉事医生受到党纪处分并退还红包；全院开展警示教育 3 场，建立医德考评档案。",
                four_nots=True, severity=Severity.GRAVE, cause=Cause.CONDUCT, responsibility=Responsibility.INDIVIDUAL),
    # 专项整治 of seed 004: 行业不正之风, checked and evaluated, then closed out.
    DemoProblem(f"{ZZ}人民医院", S.SELF_CHECK, "行风", "医疗卫生人员个人收入与药品和医学检查收入挂钩、开单提成。",
                "取消科室开单提成，绩效考核与药品、检查收入脱钩；开展“九不准”专项检查。", "李红（医务科科长）", 75, 5,
                stage=CLOSED, entry_type=E.CAMPAIGN, lead=("院纪委", "周涛（纪委书记）"), cause=Cause.RULES,
                checked="督导组抽查 6 个临床科室绩效方案，已无开单提成条款。", evaluation=Evaluation.GOOD,
                report="修订绩效分配方案，经职代会通过执行；专项检查未发现新的开单提成。", plan="special", published=True,
                responsibility=Responsibility.COLLECTIVE),
    # 专项整治 checked, not yet evaluated.
    DemoProblem("高平市人民医院", S.INSPECTION, "看病难", "门诊、住院次均费用和平均住院日高于全市平均水平。",
                "推行临床路径管理，控制不合理检查和用药，按月通报次均费用。", "牛志刚（财务科科长）", 55, 12, stage=ACCEPTED,
                entry_type=E.CAMPAIGN, lead=("医务科", "牛志刚（财务科科长）"), cause=Cause.EXECUTION,
                checked="抽查 50 份病历，临床路径入径率 72%，次均费用较上季度下降 4.6%。",
                report="临床路径病种增至 60 个，次均住院费用下降 4.6%。", responsibility=Responsibility.LEADER),
    # 制度建设: a rule to write, and a meeting rule already in the ledger above.
    DemoProblem(county_bureau_name(ZZ), S.SELF_CHECK, "四风", "公务接待、公车使用缺少成文制度，执行凭惯例。",
                "制定公务接待管理办法和公车使用管理规定，报局党委审定后执行。", "赵文斌（办公室主任）", 20, 25,
                stage=RECTIFYING, entry_type=E.SYSTEM, cause=Cause.RULES, responsibility=Responsibility.COLLECTIVE,
                plan="institution"),
    # 已解释说明: what policy or conditions do not allow, explained to whoever raised it.
    DemoProblem(f"{ZZ}人民医院", S.OPINION, "看病贵", "群众要求将部分自费进口药品纳入新农合报销。", found_days_ago=40,
                stage=EXPLAINED, cause=Cause.CONDITIONS, responsibility=Responsibility.COLLECTIVE, recorder="inspector",
                explanation="新农合报销目录由省级统一制定，县级无权增补；已将群众意见逐级上报，并告知可申请大病医疗救助。",
                published=True),
    DemoProblem("陵川县卫生监督所", S.OPINION, "效能", "群众建议卫生监督所在各乡镇设立常驻办事点。", found_days_ago=50,
                stage=EXPLAINED, cause=Cause.CONDITIONS, recorder="inspector",
                explanation="受编制和经费所限，暂不具备在各乡镇设立常驻办事点的条件；现已开通网上申报和每月一次的巡回受理。"),
]

# key: (kind, title, filed, public, review) where review is how the office answered the filing.
APPROVED, RETURNED_AND_REFILED = "approved", "returned_refiled"
PLANS = {
    "overall": (PlanKind.OVERALL, "泽州县卫生计生局教育实践活动整改总体方案", True, True, RETURNED_AND_REFILED),
    "special": (PlanKind.SPECIAL, "泽州县卫生系统“看病难、看病贵”问题专项整治方案", True, False, APPROVED),
    "institution": (PlanKind.INSTITUTION, "泽州县卫生计生局作风建设制度建设计划", False, False, ""),
}
PLAN_RETURN_REASON = "整改措施不够具体：“庸懒散拖”问题未明确时限和责任科室，请逐项写明整改目标、时限和责任人后重新报送。"
PLAN_REVISED = "（修订稿）逐项明确整改内容、目标、时限和责任科室：首问负责、限时办结制度由办公室牵头，一个月内出台。"
# A hospital's plan the office returned, still waiting for the revision.
HOSPITAL_PLAN = ("高平市人民医院", PlanKind.SPECIAL, "高平市人民医院“看病难”问题专项整治方案",
                 "医院行风建设专项整治方案：加强医德医风教育。",
                 "方案只有原则要求，没有针对查摆出的次均费用高、住院日长等问题的具体措施，请补充后重新报送。")
PLAN_TEXT = "按照“两方案一计划”的要求，针对查摆出的问题，逐项明确整改内容、目标、时限和责任，实行责任单位承办、督导组督办、责任单位办结报告、领导小组办公室调度销号管理。"


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _liaison(unit: Unit, fallback):
    ids = users_with_role(Role.LIAISON, unit)
    return get_user_model().objects.filter(pk__in=ids).order_by("pk").first() or fallback


def _bring_to_stage(problem: Problem, spec: DemoProblem, *, office, inspector, liaison) -> None:
    if spec.stage == EXPLAINED:
        services.problem_explain(actor=office, problem=problem, explanation=spec.explanation)
        if spec.published:
            services.problem_publish(actor=liaison, problem=problem)
        return
    if spec.lead:
        services.special_lead_set(actor=liaison, problem=problem, lead_department=spec.lead[0], lead_person=spec.lead[1])
    for text in spec.progress:
        services.progress_add(actor=liaison, problem=problem, text=text)
    if spec.published:
        services.problem_publish(actor=liaison, problem=problem)
    if spec.stage in (REPORTED, RETURNED, ACCEPTED, CLOSED, REOPENED):
        report = services.completion_report_submit(actor=liaison, problem=problem, text=spec.report or _("已按整改措施完成整改。"))
        if spec.stage == RETURNED:
            services.completion_report_verify(actor=office, report=report, accept=False, comment=spec.returned)
        elif spec.stage != REPORTED:
            services.completion_report_verify(actor=office, report=report, accept=True, comment=_("整改到位。"))
    if spec.checked:
        services.special_check(actor=inspector, problem=problem, note=spec.checked)
    if spec.evaluation:
        services.special_evaluate(actor=office, problem=problem, evaluation=spec.evaluation,
                                  note=_("整治目标基本实现，建立了长效机制。"))
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


# The 群众路线 campaign the campaigns demo imports from seed 004 keeps this ledger (seed 004:
# 「建立包括具体问题整改、专项整治、制度建设在内的整改工作台账」).
SEED_004_TITLE = "县卫生局党的群众路线教育实践活动实施方案"


def _campaign(commission: Unit):
    return (Campaign.objects.filter(issuer=commission, title=SEED_004_TITLE).first()
            or Campaign.objects.filter(title=DEMO_TITLE).first())


def _plans(units: dict, *, office) -> dict:
    """泽州县's "两方案一计划", filed and reviewed before any of their problems is reported done
    (the ledger refuses a completion report under a plan not approved)."""
    plans = {}
    bureau = units.get(county_bureau_name(ZZ))
    city = office  # the office of the commission reviews the county's plans
    if bureau is not None:
        liaison = _liaison(bureau, office)
        for key, (kind, title, filed, public, review) in PLANS.items():
            plan = RectificationPlan.objects.filter(unit=bureau, title__in=[title, title + "（修订稿）"]).first()
            if plan is None:
                plan = services.plan_create(actor=liaison, unit=bureau, kind=kind, title=title, text=PLAN_TEXT)
                if filed:
                    services.plan_file(actor=liaison, plan=plan)
                if review == APPROVED:
                    services.plan_approve(actor=city, plan=plan, note=_("目标明确、措施具体、责任明晰，同意实施。"))
                elif review == RETURNED_AND_REFILED:
                    services.plan_return(actor=city, plan=plan, reason=PLAN_RETURN_REASON)
                    services.plan_revise(actor=liaison, plan=plan, title=title + "（修订稿）", text=PLAN_TEXT + "\n" + PLAN_REVISED)
                    services.plan_file(actor=liaison, plan=plan)
                if public:
                    services.plan_set_public(actor=office, plan=plan, is_public=True)
            plans[key] = plan
    name, kind, title, text, reason = HOSPITAL_PLAN
    hospital = units.get(name)
    if hospital is not None and not RectificationPlan.objects.filter(unit=hospital, title=title).exists():
        plan = services.plan_create(actor=_liaison(hospital, office), unit=hospital, kind=kind, title=title, text=text)
        services.plan_file(actor=_liaison(hospital, office), plan=plan)
        services.plan_return(actor=city, plan=plan, reason=reason)
    return plans


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
    campaign = _campaign(commission)
    plans = _plans(units, office=office)
    created = []
    for spec in PROBLEMS:
        unit = units.get(spec.unit)
        if unit is None or Problem.objects.filter(unit=unit, description=spec.description).exists():
            continue
        found = today - dt.timedelta(days=spec.found_days_ago)
        deadline = cal.add_working_days(today, spec.deadline_in) if spec.deadline_in is not None else None
        if deadline is not None and deadline < found:
            found = deadline
        recorder = _user(spec.recorder) if spec.recorder else None
        problem = services.problem_create(
            actor=recorder or (inspector if spec.source in (S.INSPECTION, S.SUPERVISION) else office), unit=unit,
            description=spec.description, category=spec.category, source=spec.source, cause=spec.cause,
            responsibility=spec.responsibility, severity=spec.severity, found_on=found, four_nots=spec.four_nots,
            measures=spec.measures, responsible_person=spec.person, deadline=deadline, campaign=campaign,
            entry_type=spec.entry_type, plan=plans.get(spec.plan))
        _bring_to_stage(problem, spec, office=office, inspector=inspector, liaison=_liaison(unit, office))
        created.append((spec, problem))
    result = supervision_run(day=today, cal=cal)
    # 问责: what is still overdue after a red notice is referred, as the office would.
    for _spec, problem in created:
        if not accountability.referable_reason(problem, today):
            accountability.accountability_refer(actor=office, problem=problem, referred_to=_("驻委纪检监察组"),
                                                reason=_("红色督办后仍逾期未整改。"), day=today)
    out.write(_("问题台账演示数据：新登记问题 {n} 个；督办：新发 {raised} 份，升级 {escalated} 份。").format(
        n=len(created), raised=result.raised, escalated=result.escalated) + "\n")
    return {"created": len(created), **result.as_dict()}
