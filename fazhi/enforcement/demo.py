"""Demo data of administrative law for one year at the scale of seed 001 (兰州新区卫生健康委
2023 法治政府建设工作报告): 163 supervision entries (enforcement cases), 30+ special
inspections (专项整治), an approval catalogue compressed by 95.20% with 94.37% same-day cases;
normative documents at every gate (one nearing expiry), major decisions of the year's
catalogue, legal reviews waiting for the reviewer, at least one overdue disclosure, the powers
list with its changes, legal advisers and 公职律师, and random draws.

Dates are relative to the day loaded: "the year" is the current calendar year once two
months of it have passed, else the previous one (see `demo_year`). Idempotent: every row is
looked up by its natural key (number, code, title) before it is created. Every write goes
through the services, so the audit log reads like a real installation's.
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core.workdays import WorkCalendar, today as local_today
from fazhi.demo.units import COMMISSION, COUNTIES
from fazhi.org.models import Unit

from . import services
from .choices import (AdviserKind, CaseKind, CleanupOutcome, DocumentStatus, MatterKind, PartyKind, PowerKind,
                      ReviewOpinion, StepKind)
from .models import (ApprovalCase, ApprovalItem, DiscretionStandard, EnforcementCase, InspectionObject, Inspector,
                     LegalAdviser, LegalReview, MajorDecision, NormativeDocument, Power, RandomDraw, SpecialAction)

ASPECTS = dict(on_authority="执法主体适格，执法人员持证上岗", on_scope="属于重大执法决定法制审核范围",
               on_time_limit="在规定审核期限内完成", on_manner="书面审核，必要时听取承办机构说明",
               on_procedure="立案、调查、告知、听证程序完备", on_content="事实清楚、证据确凿、适用依据正确、裁量适当")

# Seed 001: 163 supervision entries, more than 30 special inspections.
CASE_TOTAL, PENALTIES, COERCIONS, SPECIAL_ACTIONS = 163, 40, 3, 32
# Seed 001: compression 95.20% (24 promised of 500 statutory working days), same-day 94.37% (134 of 142).
APPROVAL_CASES, SAME_DAY, LATE = 142, 134, 2

APPROVAL_ITEMS = [
    "医疗机构设置审批", "医疗机构执业登记", "医疗机构校验", "医疗机构变更登记", "医师执业注册", "医师变更执业注册",
    "护士执业注册", "护士延续注册", "放射诊疗许可", "母婴保健技术服务执业许可", "母婴保健专项技术服务人员资格认定",
    "公共场所卫生许可", "公共场所卫生许可延续", "饮用水供水单位卫生许可", "消毒产品生产企业卫生许可",
    "职业病诊断医师资格", "计划生育技术服务机构执业许可", "乡村医生执业注册", "中医诊所备案", "外国医师来华短期行医许可",
    "麻醉药品和第一类精神药品购用印鉴卡", "单采血浆站设置审批", "医疗广告审查", "大型医用设备配置许可",
    "人体器官移植执业资格",
]

STANDARDS = [
    ("YZ-01", "未取得医疗机构执业许可证擅自执业", "初次违法，违法所得不足一万元", 10000, 50000),
    ("YZ-02", "未取得医疗机构执业许可证擅自执业", "违法所得一万元以上或造成患者人身损害", 50000, 200000),
    ("YZ-03", "使用非卫生技术人员从事医疗卫生技术工作", "使用一人，时间不足三个月", 3000, 10000),
    ("YZ-04", "使用非卫生技术人员从事医疗卫生技术工作", "使用二人以上或时间三个月以上", 10000, 30000),
    ("GG-01", "公共场所未取得卫生许可证擅自营业", "初次违法", 500, 5000),
    ("GG-02", "公共场所从业人员未取得健康合格证明", "一人至二人", 500, 2000),
    ("FS-01", "未取得放射诊疗许可从事放射诊疗工作", "初次违法", 5000, 10000),
    ("YS-01", "供水单位未取得卫生许可擅自供水", "初次违法", 1000, 20000),
]

SPECIAL_TITLES = ["打击非法行医", "医疗美容专项整治", "公共场所卫生专项检查", "生活饮用水卫生专项检查", "放射诊疗专项检查",
                  "传染病防治分类监督综合评价", "学校卫生专项检查", "消毒产品专项检查", "职业健康专项检查",
                  "医疗机构依法执业自查", "口腔诊所专项检查", "住宿场所卫生专项检查", "美容美发场所专项检查",
                  "游泳场所卫生专项检查", "打击“两非”专项行动", "医疗废物处置专项检查", "血液安全专项检查",
                  "疫苗接种单位专项检查", "中医医疗机构专项检查", "母婴保健专项检查"]

DOCUMENTS = [
    # (title, published years ago (days), filed days after, stage)
    ("晋城市医疗机构依法执业管理办法", 900, 12, "in_force"),
    ("晋城市卫生健康系统行政执法公示实施办法", 600, 20, "in_force"),
    ("晋城市卫生健康系统重大行政执法决定法制审核办法", 400, 15, "in_force"),
    ("晋城市公共场所卫生监督管理规定", 5 * 365 - 40, 10, "in_force"),  # nearing the end of its five years
    ("晋城市卫生计生委关于规范医疗广告管理的通知", 1500, 25, "repealed"),
    ("晋城市卫生健康行政处罚裁量基准适用规则", None, None, "awaiting_review"),
    ("晋城市基层医疗卫生机构绩效考核办法", None, None, "fair_review"),
]

DECISIONS = [
    ("晋城市区域卫生规划（2026—2030年）", "issued"),
    ("晋城市基层医疗卫生机构布局调整方案", "awaiting_review"),
    ("晋城市公立医院医疗服务价格调整方案", "catalogued"),
]

POWERS = [
    ("XK-001", "医疗机构执业登记", PowerKind.LICENSING, "《医疗机构管理条例》第十五条"),
    ("XK-002", "医师执业注册", PowerKind.LICENSING, "《中华人民共和国医师法》第十三条"),
    ("XK-003", "公共场所卫生许可", PowerKind.LICENSING, "《公共场所卫生管理条例》第八条"),
    ("CF-001", "对未取得医疗机构执业许可证擅自执业的处罚", PowerKind.PENALTY, "《基本医疗卫生与健康促进法》第九十九条"),
    ("CF-002", "对使用非卫生技术人员的处罚", PowerKind.PENALTY, "《医疗机构管理条例》第四十七条"),
    ("CF-003", "对公共场所违反卫生规定的处罚", PowerKind.PENALTY, "《公共场所卫生管理条例》第十四条"),
    ("QZ-001", "查封、扣押违法从事医疗活动的药品器械", PowerKind.COERCION, "《基本医疗卫生与健康促进法》第九十九条"),
    ("JC-001", "医疗机构依法执业监督检查", PowerKind.INSPECTION, "《医疗机构管理条例》第四十条"),
    ("JC-002", "公共场所卫生监督检查", PowerKind.INSPECTION, "《公共场所卫生管理条例》第十条"),
    ("QR-001", "医疗事故技术鉴定组织", PowerKind.CONFIRMATION, "《医疗事故处理条例》第二十条"),
    ("QT-001", "无偿献血表彰奖励", PowerKind.OTHER, "《中华人民共和国献血法》第十七条"),
    ("XK-004", "麻醉药品和第一类精神药品购用印鉴卡", PowerKind.LICENSING, "《麻醉药品和精神药品管理条例》第三十六条"),
]

ADVISERS = [
    (AdviserKind.ADVISER, "刘明远", "山西晋诚律师事务所", "14050201010001"),
    (AdviserKind.ADVISER, "郭晓梅", "山西太行律师事务所", "14050201010002"),
    (AdviserKind.PUBLIC_LAWYER, "王建国", "政策法规科", "24050201100001"),
    (AdviserKind.PUBLIC_LAWYER, "李静", "晋城市卫生监督所", "24050201100002"),
]


def demo_year(today: dt.date) -> int:
    return today.year if today >= dt.date(today.year, 3, 1) else today.year - 1


def _span(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the demo year on which things happened (never after today)."""
    year = demo_year(today)
    return dt.date(year, 1, 5), min(dt.date(year, 12, 28), today - dt.timedelta(days=1))


def _spread(start: dt.date, end: dt.date, i: int, n: int, cal: WorkCalendar) -> dt.date:
    """The i-th of n working days spread evenly between start and end."""
    day = start + dt.timedelta(days=(end - start).days * i // max(n, 1))
    while not cal.is_working_day(day):
        day -= dt.timedelta(days=1)
    return max(day, start) if cal.is_working_day(max(day, start)) else cal.add_working_days(start, 1)


def _user(username):
    return get_user_model().objects.filter(username=username).first()


@transaction.atomic
def load_demo(*, stdout=None, today: dt.date | None = None) -> dict:
    out = stdout if stdout is not None else sys.stdout
    today = today or local_today()
    cal = WorkCalendar()
    office, reviewer = _user("office"), _user("reviewer")
    commission = Unit.objects.filter(parent__isnull=True, name=COMMISSION).first()
    if office is None or reviewer is None or commission is None:
        out.write(_("依法行政演示数据需要先载入平台演示数据。") + "\n")
        return {}
    units = {u.name: u for u in commission.subtree()}
    start, end = _span(today)
    standards = _standards(office, commission)
    specials = _specials(office, commission, start, end, cal)
    cases = _cases(office, reviewer, commission, units, standards, specials, start, end, today, cal)
    docs = _documents(office, reviewer, commission, today)
    decisions = _decisions(office, reviewer, commission, demo_year(today), start, today)
    approvals = _approvals(office, commission, units, start, end, cal)
    powers = _powers(office, commission, today)
    advisers = _advisers(office, commission, start, today)
    draws = _draws(office, commission, units, start, end, cal)
    out.write(_("依法行政演示数据：执法案件 {cases} 件、规范性文件 {docs} 件、重大行政决策 {decisions} 项、审批办件 {approvals} 件、"
                "权责事项 {powers} 项、法律顾问 {advisers} 名、双随机抽查 {draws} 次。").format(
        cases=cases, docs=docs, decisions=decisions, approvals=approvals, powers=powers, advisers=advisers, draws=draws) + "\n")
    return {"cases": cases, "documents": docs, "decisions": decisions, "approval_cases": approvals}


def _standards(office, commission) -> dict:
    out = {}
    for code, violation, circumstance, low, high in STANDARDS:
        row = DiscretionStandard.objects.filter(unit=commission, code=code).first() or services.standard_create(
            actor=office, unit=commission, code=code, violation=violation, circumstance=circumstance, min_amount=low,
            max_amount=high, basis="", penalty=_("警告，并处 {low}–{high} 元罚款").format(low=low, high=high))
        out[code] = row
    return out


def _specials(office, commission, start, end, cal) -> list:
    rows = []
    for i in range(SPECIAL_ACTIONS):
        title = f"{start.year}年{SPECIAL_TITLES[i % len(SPECIAL_TITLES)]}（第{i // len(SPECIAL_TITLES) + 1}轮）"
        began = _spread(start, end, i, SPECIAL_ACTIONS, cal)
        rows.append(SpecialAction.objects.filter(unit=commission, title=title).first() or services.special_action_create(
            actor=office, unit=commission, title=title, started_on=began, ended_on=None))
    return rows


PEOPLE = ["张建华", "李秀英", "王伟", "刘芳", "陈静", "杨洋", "赵磊", "黄敏"]
ORGS = ["晋城市康宁诊所", "泽州县惠民大药房", "高平市金汤浴池", "阳城县美丽佳美容院", "陵川县宏达宾馆", "沁水县清泉供水站",
        "城区仁和口腔诊所", "晋城市安康中医诊所"]


def _cases(office, reviewer, commission, units, standards, specials, start, end, today, cal) -> int:
    """163 cases: 120 inspections, 40 penalties, 3 coercions, across the supervision offices."""
    offices = [units[n] for n in ["晋城市卫生监督所"] + [f"{c}卫生监督所" for c in COUNTIES] if n in units] or [commission]
    year = start.year
    for i in range(CASE_TOTAL - 1):  # the last one is the overdue example below
        number = f"晋卫监〔{year}〕{i + 1:03d}号"
        if EnforcementCase.objects.filter(number=number).exists():
            continue
        kind = CaseKind.PENALTY if i < PENALTIES else CaseKind.COERCION if i < PENALTIES + COERCIONS else CaseKind.INSPECTION
        opened = _spread(start, end, i if kind != CaseKind.PENALTY else i * 3, CASE_TOTAL, cal)
        unit = offices[i % len(offices)]
        person = i % 3 == 0
        party = PEOPLE[i % len(PEOPLE)] if person else ORGS[i % len(ORGS)]
        special = specials[i % len(specials)] if i % 2 == 0 else None
        if kind == CaseKind.INSPECTION:
            case = services.case_create(actor=office, unit=unit, number=number, kind=kind, opened_on=opened,
                                        party_kind=PartyKind.ORGANISATION, party_name=ORGS[i % len(ORGS)],
                                        facts=_("日常监督检查，未发现违法行为。"), special_action=special)
            if i % 10 == 0:
                services.case_close(actor=office, case=case, on=min(cal.add_working_days(opened, 2), today))
            continue
        standard = list(standards.values())[i % len(standards)]
        amount = (standard.min_amount + standard.max_amount) / 2 if kind == CaseKind.PENALTY else None
        outside = kind == CaseKind.PENALTY and i == 7
        if outside:
            amount = standard.max_amount + Decimal(5000)
        case = services.case_create(
            actor=office, unit=unit, number=number, kind=kind, opened_on=opened, special_action=special,
            party_kind=PartyKind.PERSON if person else PartyKind.ORGANISATION, party_name=party,
            party_id_number=f"14052519{80 + i % 20}0{1 + i % 9}0{1 + i % 9}{1000 + i}" if person else f"91140500MA0K{i:06d}",
            facts=_("经查，当事人{violation}。").format(violation=standard.violation), legal_basis=standard.basis or
            "《中华人民共和国基本医疗卫生与健康促进法》", standard=standard, penalty_amount=amount,
            penalty_text=_("警告，罚款") if amount else _("查封、扣押"), is_major=i in (3, 5),
            out_of_range_reason=_("当事人拒不改正，多次违法，社会影响恶劣，经集体讨论从重处罚。") if outside else "")
        services.case_step_add(actor=office, case=case, kind=StepKind.INVESTIGATION, on=opened, note=_("现场检查，制作笔录，调取证据。"))
        decided = min(cal.add_working_days(opened, 10), today - dt.timedelta(days=1))
        if case.is_major:
            review = services.case_request_review(actor=office, case=case, on=decided)
            if i == 5:
                continue  # waits in the reviewer's inbox
            services.legal_review_record(actor=reviewer, review=review, opinion=ReviewOpinion.APPROVE,
                                         reviewed_on=decided, **ASPECTS)
        services.case_step_add(actor=office, case=case, kind=StepKind.NOTICE, on=opened, note=_("送达行政处罚事先告知书。"))
        case = services.case_decide(actor=office, case=case, on=decided, cal=cal)
        due = case.disclosure_due
        if i == 1:
            continue  # an overdue disclosure (or one still due, when decided in the last days)
        disclosed = due if i % 10 else cal.add_working_days(due, 2)  # one in ten disclosed late
        if disclosed < today:
            services.case_disclose(actor=office, case=case, on=disclosed)
            if i % 5 == 0:
                services.case_close(actor=office, case=case, on=disclosed)
    _overdue(office, commission, units, year, today, cal)
    return EnforcementCase.objects.filter(opened_on__year=year).count()


def _overdue(office, commission, units, year, today, cal) -> None:
    """One decision surely past its disclosure deadline, whatever the day loaded."""
    number = f"晋卫监〔{year}〕{CASE_TOTAL:03d}号"
    if EnforcementCase.objects.filter(number=number).exists():
        return
    decided = cal.add_working_days(today, -12)
    case = services.case_create(actor=office, unit=units.get("泽州县卫生监督所", commission), number=number,
                                kind=CaseKind.PENALTY, party_kind=PartyKind.ORGANISATION, party_name="泽州县惠民大药房",
                                party_id_number="91140525MA0K000999", legal_basis="《医疗机构管理条例》第四十七条",
                                penalty_text=_("警告"), opened_on=cal.add_working_days(decided, -5))
    services.case_decide(actor=office, case=case, on=decided, cal=cal)


def _documents(office, reviewer, commission, today) -> int:
    for n, (title, published_ago, filed_after, stage) in enumerate(DOCUMENTS, start=1):
        if NormativeDocument.objects.filter(unit=commission, title=title).exists():
            continue
        published = today - dt.timedelta(days=published_ago) if published_ago else None
        drafted = (published or today) - dt.timedelta(days=60 if published else 20)
        doc = services.document_create(actor=office, unit=commission, title=title, drafted_on=drafted,
                                       summary=_("为规范卫生健康行政管理，依据有关法律法规，结合本市实际制定。"))
        review = services.document_request_review(actor=office, document=doc, on=drafted + dt.timedelta(days=3))
        if stage == "awaiting_review":
            continue
        services.legal_review_record(actor=reviewer, review=review, opinion=ReviewOpinion.APPROVE,
                                     reviewed_on=drafted + dt.timedelta(days=8), **ASPECTS)
        services.document_fair_review(actor=office, document=doc, note=_("经审查，不含排除、限制竞争的内容。"),
                                      on=drafted + dt.timedelta(days=10))
        if stage == "fair_review":
            continue
        services.document_decide(actor=office, document=doc, meeting=_("委务会议"), on=published - dt.timedelta(days=10))
        services.document_publish(actor=office, document=doc, number=f"晋卫政法发〔{published.year}〕{n}号", on=published)
        services.document_file(actor=office, document=doc, filed_with=_("晋城市人民政府"),
                               on=published + dt.timedelta(days=filed_after))
        if stage == "repealed":
            rnd = services.cleanup_round_create(actor=office, unit=commission, title=_("{year}年规范性文件清理").format(
                year=today.year), started_on=today - dt.timedelta(days=30))
            services.cleanup_record(actor=office, round=rnd, document=doc, outcome=CleanupOutcome.REPEALED,
                                    note=_("所依据的上位法已修订。"), on=today - dt.timedelta(days=20))
    return NormativeDocument.objects.filter(unit=commission).count()


def _decisions(office, reviewer, commission, year, start, today) -> int:
    for title, stage in DECISIONS:
        if MajorDecision.objects.filter(unit=commission, year=year, title=title).exists():
            continue
        dec = services.decision_create(actor=office, unit=commission, year=year, title=title,
                                       summary=_("列入本年度重大行政决策事项目录。"))
        if stage == "catalogued":
            continue
        d0 = max(start, today - dt.timedelta(days=200))
        services.decision_participation(actor=office, decision=dec, date_from=d0, date_to=d0 + dt.timedelta(days=30),
                                        summary=_("通过门户网站公开征求意见，采纳合理意见。"))
        services.decision_argue(actor=office, decision=dec, experts=_("山西医科大学卫生管理学院专家三名"),
                                note=_("方案科学可行。"), on=d0 + dt.timedelta(days=35))
        services.decision_assess_risk(actor=office, decision=dec, level="low", note=_("社会稳定风险低。"),
                                      on=d0 + dt.timedelta(days=40))
        review = services.decision_request_review(actor=office, decision=dec, on=d0 + dt.timedelta(days=42))
        if stage == "awaiting_review":
            continue
        services.legal_review_record(actor=reviewer, review=review, opinion=ReviewOpinion.APPROVE,
                                     reviewed_on=d0 + dt.timedelta(days=45), **ASPECTS)
        services.decision_decide(actor=office, decision=dec, meeting=_("委党组会议"), on=d0 + dt.timedelta(days=50))
        services.decision_issue(actor=office, decision=dec, on=d0 + dt.timedelta(days=55))
        services.decision_evaluate(actor=office, decision=dec, text=_("实施后评估：目标基本实现。"),
                                   on=min(d0 + dt.timedelta(days=150), today))
    return MajorDecision.objects.filter(unit=commission, year=year).count()


def _approvals(office, commission, units, start, end, cal) -> int:
    items = []
    for n, name in enumerate(APPROVAL_ITEMS, start=1):
        code = f"SP-{n:03d}"
        item = ApprovalItem.objects.filter(unit=commission, code=code).first() or services.approval_item_create(
            actor=office, unit=commission, code=code, name=name, statutory_days=20, promised_days=0 if n == 1 else 1)
        items.append(item)
    windows = [commission] + [units[n] for n in [f"{c}政务大厅卫计窗口" for c in COUNTIES] if n in units]
    slow = items[1:]  # promised at least one day, so that a case that is not same-day can still be on time
    for i in range(APPROVAL_CASES):
        number = f"SP{start.year}{i + 1:05d}"
        if ApprovalCase.objects.filter(number=number).exists():
            continue
        received = _spread(start, end - dt.timedelta(days=14), i, APPROVAL_CASES, cal)
        if i < SAME_DAY:
            item, completed = items[i % len(items)], received
        else:
            item = slow[i % len(slow)]
            completed = cal.add_working_days(received, 2 if i >= APPROVAL_CASES - LATE else 1)
        services.approval_case_record(actor=office, item=item, unit=windows[i % len(windows)], number=number,
                                      applicant=ORGS[i % len(ORGS)], received_on=received,
                                      completed_on=completed, cal=cal)
    return ApprovalCase.objects.filter(received_on__year=start.year).count()


def _powers(office, commission, today) -> int:
    for code, name, kind, basis in POWERS:
        if Power.objects.filter(unit=commission, code=code).exists():
            continue
        power = services.power_create(actor=office, unit=commission, code=code, name=name, kind=kind, basis=basis,
                                      responsibility=_("受理、审查、决定、送达、监管"), on=today - dt.timedelta(days=300))
        if code == "CF-002":
            services.power_change(actor=office, power=power, reason=_("上位法修订，调整设定依据"),
                                  basis="《医疗机构管理条例》（2022年修订）第四十七条", on=today - dt.timedelta(days=60))
        if code == "QT-001":
            services.power_revoke(actor=office, power=power, reason=_("按机构改革要求划转"), on=today - dt.timedelta(days=30))
    return Power.objects.filter(unit=commission).count()


def _advisers(office, commission, start, today) -> int:
    for n, (kind, name, firm, license_number) in enumerate(ADVISERS):
        if LegalAdviser.objects.filter(unit=commission, name=name).exists():
            continue
        adviser = services.adviser_create(actor=office, unit=commission, kind=kind, name=name, firm=firm,
                                          license_number=license_number, term_start=start,
                                          term_end=dt.date(start.year + 1, 12, 31))
        for j, (mkind, title) in enumerate([(MatterKind.CONTRACT, _("医疗设备采购合同")), (MatterKind.DECISION, _("区域卫生规划")),
                                            (MatterKind.DOCUMENT, _("行政处罚裁量基准适用规则"))][: 1 + n % 3]):
            services.adviser_matter_add(actor=office, adviser=adviser, kind=mkind, title=title,
                                        opinion=_("经审查，未发现法律风险，建议完善违约责任条款。"),
                                        on=min(start + dt.timedelta(days=30 * (j + 1)), today))
    return LegalAdviser.objects.filter(unit=commission).count()


def _draws(office, commission, units, start, end, cal) -> int:
    if not InspectionObject.objects.filter(unit=commission).exists():
        for u in commission.subtree().filter(kind="institution").exclude(name__contains="卫生监督所"):
            services.inspection_object_create(actor=office, unit=commission, name=u.name, belongs_to=u, category=_("医疗卫生机构"))
    if not Inspector.objects.filter(unit=commission).exists():
        supervision = [u for u in commission.subtree() if u.name.endswith("卫生监督所")] or [commission]
        for n, name in enumerate(["赵志刚", "钱丽华", "孙文斌", "周晓燕", "吴国强", "郑海燕", "冯立新", "陈思远", "褚红梅", "卫东升"]):
            services.inspector_create(actor=office, unit=commission, name=name, home_unit=supervision[n % len(supervision)],
                                      certificate=f"晋执{start.year}{n + 1:04d}")
    titles = [_("{year}年第{n}季度医疗机构双随机抽查").format(year=start.year, n=n) for n in range(1, 5)]
    for n, title in enumerate(titles):
        if RandomDraw.objects.filter(unit=commission, title=title).exists():
            continue
        drawn = _spread(start, end, n, len(titles), cal)
        draw = services.draw_make(actor=office, unit=commission, title=title, object_count=5, inspectors_per_object=2,
                                  seed=f"{drawn:%Y%m%d}-{n + 1}", drawn_on=drawn)
        if n < 3:
            services.draw_publish(actor=office, draw=draw, results=_("抽查 5 家，责令改正 1 家，其余未发现违法行为。"),
                                  on=min(cal.add_working_days(drawn, 15), end))
    return RandomDraw.objects.filter(unit=commission).count()


__all__ = ["load_demo", "demo_year", "LegalReview", "DocumentStatus"]
