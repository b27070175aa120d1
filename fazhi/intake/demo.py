"""Demo data of the public portal, on top of the platform demo (`fazhi.demo.load_demo`):
cases at every status and every colour, the five meetings of seed 003 with opinions
gathered there, and the complaint channels that seed 003 publishes in the media.

Idempotent: every row is looked up by a natural key (a case by its title, a meeting by its
title, a channel by unit, kind and value) before it is created. The query passwords of the
cases created in a run are printed once, like the portal shows them once.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.workdays import WorkCalendar, today as local_today
from fazhi.org.models import Unit

from . import services, timelimits
from .choices import (ChannelKind, Colour, MeetingKind, ReporterCategory as C, Source, SubmissionKind as K,
                      SubmissionStatus as S)
from .models import Channel, Meeting, Questionnaire, Submission

COMMISSION = "晋城市卫生和计划生育委员会"


@dataclass(frozen=True)
class DemoCase:
    title: str
    kind: str
    unit: str  # unit name, "" for none
    text: str
    target: str  # the status the demo walks the case to
    colour: str  # the colour it should show today (for open cases)
    name: str = ""
    phone: str = ""
    source: str = Source.PORTAL
    category: str = ""


CASES = [
    DemoCase("门诊挂号排长队无人疏导", K.COMPLAINT, "泽州县人民医院", "上午八点到十点挂号窗口只开两个，排队一个多小时，无人疏导。", S.NEW, Colour.GREEN, "李女士", "13800000001", category=C.PATIENT),
    DemoCase("卫生许可办理材料反复要求补正", K.COMPLAINT, "泽州县政务大厅卫计窗口", "办理公共场所卫生许可，前后三次被要求补充不同材料，没有一次性告知。", S.NEW, Colour.AMBER),
    DemoCase("建议公布各医院专家出诊表", K.SUGGESTION, "晋城市人民医院", "建议在网站和微信上按周公布专家出诊时间，方便群众预约。", S.NEW, Colour.RED, "王先生", "13800000002", category=C.SERVICE_USER),
    DemoCase("某诊所违规开展医疗美容", K.REPORT, "泽州县卫生监督所", "某小区门口诊所无资质开展注射美容项目，请监督所查处。", S.ACCEPTED, Colour.GREEN, category=C.MEDICAL_STAFF),
    DemoCase("急救电话接通后等待时间过长", K.COMPLAINT, "晋城市急救中心", "拨打120后十多分钟才派车，希望核查调度流程。", S.ROUTED, Colour.GREEN, "赵先生", "13800000003", category=C.PATIENT),
    DemoCase("预防接种门诊周末不开放", K.OPINION, "晋城市疾病预防控制中心", "上班族只有周末有空，希望接种门诊周六上午开放。", S.ROUTED, Colour.AMBER, category=C.SERVICE_USER),
    DemoCase("住院押金退还手续繁琐", K.COMPLAINT, "泽州县人民医院", "出院结算后退押金要跑三个窗口，希望简化。", S.ROUTED, Colour.RED, "孙女士", "13800000004"),
    DemoCase("孕检报告领取不便", K.OPINION, "晋城市妇幼保健院", "孕检报告只能现场领取，建议提供自助打印或线上查询。", S.DRAFTED, Colour.GREEN, category=C.PATIENT),
    DemoCase("献血后未收到献血证", K.COMPLAINT, "晋城市中心血站", "去年九月献血，至今未收到电子献血证。", S.REPLIED, Colour.NONE, "周先生", "13800000005", category=C.OTHER),
    DemoCase("挂号窗口排队问题（同一反映）", K.COMPLAINT, "泽州县人民医院", "再次反映挂号窗口排队时间长。", S.DUPLICATE, Colour.NONE),
    DemoCase("门诊大厅指示牌不清", K.OPINION, "泽州县人民医院", "门诊大厅科室指示牌字太小，老年人看不清。", S.MERGED, Colour.NONE),
    DemoCase("咨询商业保险理赔", K.OPINION, "", "想咨询商业医疗保险理赔的问题。", S.REJECTED, Colour.NONE),
    DemoCase("医院停车场收费不合理", K.COMPLAINT, "高平市人民医院", "医院停车场收费标准未公示，多次多收费。", S.PROBLEM, Colour.GREEN, source=Source.PHONE),
]

# Seed 003, 一、（一）: the meetings of the second phase, each on its day of July.
MEETINGS = [
    (MeetingKind.MOBILIZATION, "市直卫生系统效能建设活动查摆整改动员大会", (7, 21, 15, 0), "市立医院七楼会议室",
     "14家医疗卫生单位班子成员及行政科室中层干部，局机关全体职工",
     "动员布置开展“一对照五查摆”活动，要求联系实际，查摆问题，制定措施，切实整改。"),
    (MeetingKind.LEADING_GROUP, "局机关效能建设活动领导小组会议", (7, 23, 15, 0), "局机关四楼会议室", "局机关中层以上干部",
     "联系实际，座谈讨论，查摆局机关及其干部职工在思想观念，事业心、责任感，工作方法，工作作风，依法行政意识和卫生行风六个方面的问题。"),
    (MeetingKind.LEADING_GROUP, "市直卫生系统效能建设活动领导小组会议（领导班子民主生活会）", (7, 26, 15, 0), "市二院五楼会议室",
     "14家医疗卫生单位负责人，局机关中层以上干部",
     "邀请有关人员讲授效能建设知识；各单位汇报查摆整改阶段查摆问题、制定整改措施和方案情况。"),
    (MeetingKind.APPRAISAL, "市卫生行风评议监督员座谈会（行风政风评议会）", (7, 27, 9, 0), "局机关四楼会议室",
     "卫生行风评议监督员，局领导，局效建办全体成员",
     "行风评议监督员深入局机关及14家医疗卫生单位明查暗访，通报各单位查摆工作及整改情况。"),
    (MeetingKind.SYMPOSIUM, "市直卫生系统人大代表、政协委员征求意见座谈会", (7, 28, 15, 0), "局机关五楼会议室",
     "市直卫生系统人大代表、政协委员，局领导，局效建办全体成员",
     "座谈、讨论、评议市直卫生系统在第二阶段如何进行查摆、整改。"),
]

MEETING_OPINIONS = [
    (3, K.OPINION, "建议明查暗访结果在系统内通报", "评议监督员建议把明查暗访发现的问题在系统内通报，并限期整改。", C.OTHER),
    (4, K.SUGGESTION, "建议医院推行检查结果互认", "代表建议同级医院之间检查结果互认，减少重复检查，减轻群众负担。", C.NPC_DEPUTY),
    (4, K.OPINION, "基层卫生院人员不足", "委员反映部分乡镇卫生院医生不足，夜间急诊难以保障。", C.CPPCC_MEMBER),
]

# What was recorded after each meeting of seed 003, in the order they were held: expected and
# present, who came, the minutes. The last is left without minutes: the office has not filed them yet.
ATTENDANCE_003 = [
    (86, 83, "14家单位班子成员到会；3人因值班请假。", "会议动员布置“一对照五查摆”活动，要求各单位7月底前报送查摆问题清单和整改方案。"),
    (22, 22, "局机关中层以上干部全部出席。", "梳理局机关在思想观念、工作作风等六个方面存在的问题，形成问题清单初稿，由局效建办汇总。"),
    (35, 31, "14家单位负责人到会，4人由副职代会。", "各单位汇报查摆整改情况；班子成员开展批评与自我批评，确定整改措施21条。"),
    (18, 15, "行风评议监督员15人出席。", "监督员通报明查暗访情况：窗口服务态度、收费公示、办事时限三方面问题较突出，建议限期整改并通报结果。"),
    (16, 12, "人大代表7人、政协委员5人出席。", ""),
]

# Seed 004's meetings of the 群众路线 campaign, days counted from its start: a 民主生活会 held in
# its second 环节, a 通报会 held this week, the 总结大会 still to come (nothing recorded yet).
MEETINGS_004 = [
    (MeetingKind.DEMOCRATIC_LIFE, "县卫生局党委专题民主生活会", 75, "局机关三楼会议室", "局党委班子成员、副科级以上党员干部；列席：“两代表一委员”、服务对象代表",
     (24, 23, "列席人员6人；督导组全程参加。", "对照检查“四风”问题，班子成员逐一发言，相互批评意见42条，形成整改清单。")),
    (MeetingKind.BRIEFING, "整改落实工作情况通报会", -3, "局机关五楼会议室", "各医疗卫生单位主要负责人",
     (30, 28, "两家乡镇卫生院负责人请假。", "通报整改方案备案和第一批问题销号情况，对进度滞后的3个单位提出限期要求。")),
    (MeetingKind.SUMMARY, "党的群众路线教育实践活动总结大会", None, "县人民会堂", "全系统党员干部代表，“两代表一委员”，服务对象代表", None),
]

# 民主评议 of seed 003 (效建) and of seed 000 (法治城市, ended and closed): answers per unit,
# counts of 满意 / 基本满意 / 不满意 per question, so that each unit shows a different figure.
SURVEY_QUESTIONS = ["服务态度", "办事效率", "收费公开透明", "依法行政、廉洁自律"]
SURVEY_003 = {
    "晋城市人民医院": [(9, 2, 1), (7, 3, 2), (8, 3, 1), (10, 2, 0)],
    "晋城市疾病预防控制中心": [(5, 3, 0), (6, 2, 0), (4, 3, 1), (6, 2, 0)],
    "晋城市妇幼保健院": [(3, 3, 3), (2, 3, 4), (3, 4, 2), (4, 3, 2)],
    "晋城市急救中心": [(2, 2, 4), (1, 2, 5), (3, 2, 3), (3, 3, 2)],
    "泽州县人民医院": [(4, 4, 2), (3, 4, 3), (5, 3, 2), (6, 3, 1)],
}
SURVEY_000 = {"晋城市人民医院": [(6, 2, 0), (5, 3, 0), (6, 1, 1)], "晋城市中心血站": [(4, 2, 1), (3, 3, 1), (5, 2, 0)]}

# Seed 003, 一、（一）7—8: complaint phones published in the media, one complaint box per unit.
HOTLINE = "12320"
CHANNEL_UNITS = ["晋城市人民医院", "晋城市疾病预防控制中心", "晋城市卫生监督所", "晋城市妇幼保健院", "晋城市急救中心", "晋城市中心血站"]


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def _received_at(kind: str, target: str, colour: str, cal: WorkCalendar, today: dt.date) -> dt.datetime:
    """A day of receipt, counted back from today, that gives the case the wanted colour."""
    if colour == Colour.NONE or target in (S.PROBLEM,):
        back = 20
    else:
        back = 0
        for back in range(0, 120):
            received = today - dt.timedelta(days=back)
            ack, conclude = timelimits.due_dates(kind, received, cal)
            due = ack if target == S.NEW else conclude
            probe = Submission(status=target, ack_due=due, conclude_due=due)
            if timelimits.colour_of(probe, cal=cal, day=today) == colour:
                break
    return timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=back), dt.time(9, 30)))


def _walk(case: DemoCase, sub: Submission, *, intake, liaison_of, first: Submission | None) -> None:
    target = case.target
    if target == S.ACCEPTED:
        services.submission_accept(actor=intake, submission=sub)
    if target in (S.ROUTED, S.DRAFTED, S.REPLIED):
        services.submission_route(actor=intake, submission=sub, unit=sub.unit)
    if target in (S.DRAFTED, S.REPLIED):
        author = liaison_of(sub.unit) or intake
        reply = services.reply_draft(actor=author, submission=sub,
                                     text=_("经核实，已督促该单位整改，并将办理结果书面告知。感谢您的监督。"))
        if target == S.REPLIED:
            services.reply_approve(actor=intake, reply=reply)
            services.submission_rate(submission=sub, rating=3, comment=_("处理及时。"))
    if target == S.DUPLICATE and first is not None:
        services.submission_mark_duplicate(actor=intake, submission=sub, original=first, reason=_("与前件反映同一问题。"))
    if target == S.MERGED and first is not None:
        services.submission_merge(actor=intake, submission=sub, into=first, reason=_("同一医院门诊服务问题，并案办理。"))
    if target == S.REJECTED:
        services.submission_reject(actor=intake, submission=sub, reason=_("商业保险理赔不属于卫生健康部门职责，请向保险公司或金融监管部门反映。"))
    if target == S.PROBLEM:
        services.submission_to_problem(actor=intake, submission=sub)


@transaction.atomic
def load_demo(*, stdout=None, today: dt.date | None = None) -> dict:
    """Load (or complete) the portal demo. Needs the platform demo's units and accounts."""
    out = stdout if stdout is not None else sys.stdout
    today = today or local_today()
    cal = WorkCalendar()
    commission = Unit.objects.filter(parent__isnull=True, name=COMMISSION).first()
    intake, office = _user("intake"), _user("office")
    if commission is None or intake is None or office is None:
        out.write(_("未找到平台演示数据，请先运行 fazhi demo。") + "\n")
        return {"created": 0}
    units = {u.name: u for u in Unit.objects.filter(path__startswith=commission.path)}

    def liaison_of(unit):
        from fazhi.org.models import Grant

        grant = Grant.objects.filter(role="liaison", unit__path__in=unit.ancestor_paths()).select_related("person__user").first() if unit else None
        return grant.person.user if grant and grant.person.user.has_usable_password() else None

    created, codes = 0, []
    first = Submission.objects.filter(title=CASES[0].title).first()
    for case in CASES:
        if Submission.objects.filter(title=case.title).exists():
            continue
        unit = units.get(case.unit) if case.unit else None
        received_at = _received_at(case.kind, case.target, case.colour, cal, today)
        if case.source == Source.PORTAL:
            sub, password = services.submission_submit(kind=case.kind, title=case.title, text=case.text, unit=unit, name=case.name,
                                                       phone=case.phone, ip="192.0.2.10", received_at=received_at,
                                                       reporter_category=case.category)
        else:
            sub, password = services.submission_record(actor=intake, kind=case.kind, source=case.source, title=case.title,
                                                       text=case.text, unit=unit, received_by=commission, name=case.name,
                                                       phone=case.phone, received_at=received_at, reporter_category=case.category)
        first = first or sub
        _walk(case, sub, intake=intake, liaison_of=liaison_of, first=first)
        created += 1
        codes.append((sub.case_number, password, case.title))

    c003 = _seed_campaign(commission, "效能建设")
    meetings = list(Meeting.objects.filter(campaign=c003).order_by("starts_at", "id")) if c003 else []
    if len(meetings) < len(MEETINGS):  # the plan importer did not record them: enter them by hand
        year = _demo_year(today)
        meetings = []
        for kind, title, (month, day, hour, minute), place, attendees, agenda in MEETINGS:
            meeting = Meeting.objects.filter(title=title, organizer=commission).first()
            if meeting is None:
                starts = timezone.make_aware(dt.datetime(year, month, day, hour, minute))
                meeting = services.meeting_create(actor=office, organizer=commission, kind=kind, title=title, starts_at=starts,
                                                  ends_at=starts + dt.timedelta(hours=2), place=place, attendees=attendees,
                                                  agenda=agenda, campaign=c003 or _campaign())
            meetings.append(meeting)
    for meeting, (expected, present_count, present, minutes) in zip(meetings, ATTENDANCE_003):
        if meeting.present_count is None:
            services.meeting_update(actor=office, meeting=meeting, expected_count=expected, present_count=present_count,
                                    present=present, minutes=minutes,
                                    minutes_file=_minutes_pdf(meeting) if meeting.kind == MeetingKind.MOBILIZATION else None)
    for index, kind, title, text, category in MEETING_OPINIONS:
        if not Submission.objects.filter(title=title).exists():
            services.submission_record(actor=intake, kind=kind, source=Source.MEETING, title=title, text=text,
                                       received_by=commission, meeting=meetings[index], received_at=meetings[index].starts_at,
                                       reporter_category=category)
            created += 1
    c004 = _seed_campaign(commission, "群众路线")
    if c004 is not None:
        _meetings_004(office, commission, c004, today)

    _channel(office, commission, ChannelKind.PHONE, HOTLINE, _("卫生健康服务热线"))
    _channel(office, commission, ChannelKind.MAILBOX, _("委机关一楼大厅"), _("意见箱"))
    for i, name in enumerate(CHANNEL_UNITS, start=1):
        unit = units.get(name)
        if unit is not None:
            _channel(office, unit, ChannelKind.PHONE, f"{HOTLINE} 转 8{i:02d}", _("工作日 8:00—18:00"))
            _channel(office, unit, ChannelKind.BOX, _("门诊（服务）大厅入口处"), _("统一的投诉举报箱，局效建办每周开箱"))

    answers = 0
    if c003 is not None:
        answers += _survey(office, c003, units, today, _("效能建设活动民主评议"), SURVEY_QUESTIONS, SURVEY_003, is_open=True)
    c000 = _seed_campaign(commission, "法治城市")
    if c000 is not None:
        answers += _survey(office, c000, units, today - dt.timedelta(days=40), _("法治城市创建民主评议"), SURVEY_QUESTIONS[:3],
                           SURVEY_000, is_open=False)
    out.write(_("门户演示数据：本次新建意见投诉 {n} 件，会议 {m} 场，评议答卷 {a} 份。").format(
        n=created, m=len(MEETINGS), a=answers) + "\n")
    for number, password, title in codes:
        out.write(f"  {number}  {password}  {title}\n")
    return {"created": created, "codes": codes}


def _campaign():
    from fazhi.campaigns.models import Campaign

    try:
        from fazhi.demo import TITLE
    except ImportError:
        return None
    return Campaign.objects.filter(title=TITLE).first()


def _seed_campaign(commission, word: str):
    """A campaign the campaigns demo imported from a seed, by a word of its title."""
    from fazhi.campaigns.models import Campaign

    return Campaign.objects.filter(issuer=commission, title__contains=word).order_by("pk").first()


def _minutes_pdf(meeting):
    from django.core.files.base import ContentFile

    from fazhi.demo.files import pdf_bytes

    return ContentFile(pdf_bytes(meeting.pk, title="Minutes"), name="minutes.pdf")


def _meetings_004(office, commission, campaign, today: dt.date) -> None:
    start = campaign.start_date or today
    for kind, title, offset, place, attendees, record in MEETINGS_004:
        if Meeting.objects.filter(campaign=campaign, title=title).exists():
            continue
        day = start + dt.timedelta(days=offset) if offset is not None and offset >= 0 else today + dt.timedelta(days=offset or 0)
        if offset is None:  # still to come, inside the campaign's last phase
            day = today + dt.timedelta(days=30)
        starts = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
        fields = {}
        if record is not None:
            expected, present_count, present, minutes = record
            fields = {"expected_count": expected, "present_count": present_count, "present": present, "minutes": minutes}
        services.meeting_create(actor=office, organizer=commission, kind=kind, title=title, starts_at=starts,
                                ends_at=starts + dt.timedelta(hours=3), place=place, attendees=attendees, campaign=campaign,
                                **fields)


def _survey(office, campaign, units, day: dt.date, title: str, questions: list[str], figures: dict, *, is_open: bool) -> int:
    """A questionnaire with answers spread over the days before `day`; idempotent by title."""
    if Questionnaire.objects.filter(campaign=campaign, title=title).exists():
        return 0
    questionnaire = services.questionnaire_create(actor=office, campaign=campaign, title=title, questions=questions,
                                                  intro=_("请对该单位的服务和作风作出评价，每题选择一项。"))
    qs = list(questionnaire.questions.all())
    made = 0
    categories = [C.PATIENT, C.SERVICE_USER, "", C.NPC_DEPUTY, C.PATIENT, C.CPPCC_MEMBER, C.SERVICE_USER, C.PARTY_DELEGATE]
    for name, per_question in figures.items():
        unit = units.get(name)
        if unit is None:
            continue
        # Sheet i answers question j with the i-th value of that question's spread (满意 first).
        spreads = [[3] * a + [2] * b + [1] * c for a, b, c in per_question]
        for i in range(max(len(x) for x in spreads)):
            answers = {q.pk: spread[i % len(spread)] for q, spread in zip(qs, spreads)}
            at = timezone.make_aware(dt.datetime.combine(day - dt.timedelta(days=1 + i % 12), dt.time(10, 0)))
            services.survey_answer(questionnaire=questionnaire, unit=unit, answers=answers, category=categories[i % len(categories)],
                                   submitted_at=at)
            made += 1
    if not is_open:
        services.questionnaire_set_open(actor=office, questionnaire=questionnaire, is_open=False)
    return made


def _demo_year(today: dt.date) -> int:
    campaign = _campaign()
    return campaign.start_date.year if campaign and campaign.start_date else today.year


def _channel(actor, unit, kind, value, note) -> None:
    if not Channel.objects.filter(unit=unit, kind=kind, value=value).exists():
        services.channel_create(actor=actor, unit=unit, kind=kind, value=value, note=note)
