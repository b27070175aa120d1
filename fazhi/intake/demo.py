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
from .choices import ChannelKind, Colour, MeetingKind, Source, SubmissionKind as K, SubmissionStatus as S
from .models import Channel, Meeting, Submission

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


CASES = [
    DemoCase("门诊挂号排长队无人疏导", K.COMPLAINT, "泽州县人民医院", "上午八点到十点挂号窗口只开两个，排队一个多小时，无人疏导。", S.NEW, Colour.GREEN, "李女士", "13800000001"),
    DemoCase("卫生许可办理材料反复要求补正", K.COMPLAINT, "泽州县政务大厅卫计窗口", "办理公共场所卫生许可，前后三次被要求补充不同材料，没有一次性告知。", S.NEW, Colour.AMBER),
    DemoCase("建议公布各医院专家出诊表", K.SUGGESTION, "晋城市人民医院", "建议在网站和微信上按周公布专家出诊时间，方便群众预约。", S.NEW, Colour.RED, "王先生", "13800000002"),
    DemoCase("某诊所违规开展医疗美容", K.REPORT, "泽州县卫生监督所", "某小区门口诊所无资质开展注射美容项目，请监督所查处。", S.ACCEPTED, Colour.GREEN),
    DemoCase("急救电话接通后等待时间过长", K.COMPLAINT, "晋城市急救中心", "拨打120后十多分钟才派车，希望核查调度流程。", S.ROUTED, Colour.GREEN, "赵先生", "13800000003"),
    DemoCase("预防接种门诊周末不开放", K.OPINION, "晋城市疾病预防控制中心", "上班族只有周末有空，希望接种门诊周六上午开放。", S.ROUTED, Colour.AMBER),
    DemoCase("住院押金退还手续繁琐", K.COMPLAINT, "泽州县人民医院", "出院结算后退押金要跑三个窗口，希望简化。", S.ROUTED, Colour.RED, "孙女士", "13800000004"),
    DemoCase("孕检报告领取不便", K.OPINION, "晋城市妇幼保健院", "孕检报告只能现场领取，建议提供自助打印或线上查询。", S.DRAFTED, Colour.GREEN),
    DemoCase("献血后未收到献血证", K.COMPLAINT, "晋城市中心血站", "去年九月献血，至今未收到电子献血证。", S.REPLIED, Colour.NONE, "周先生", "13800000005"),
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
    (3, K.OPINION, "建议明查暗访结果在系统内通报", "评议监督员建议把明查暗访发现的问题在系统内通报，并限期整改。"),
    (4, K.SUGGESTION, "建议医院推行检查结果互认", "代表建议同级医院之间检查结果互认，减少重复检查，减轻群众负担。"),
    (4, K.OPINION, "基层卫生院人员不足", "委员反映部分乡镇卫生院医生不足，夜间急诊难以保障。"),
]

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
                                                       phone=case.phone, ip="192.0.2.10", received_at=received_at)
        else:
            sub, password = services.submission_record(actor=intake, kind=case.kind, source=case.source, title=case.title,
                                                       text=case.text, unit=unit, received_by=commission, name=case.name,
                                                       phone=case.phone, received_at=received_at)
        first = first or sub
        _walk(case, sub, intake=intake, liaison_of=liaison_of, first=first)
        created += 1
        codes.append((sub.case_number, password, case.title))

    year = _demo_year(today)
    meetings = []
    for kind, title, (month, day, hour, minute), place, attendees, agenda in MEETINGS:
        meeting = Meeting.objects.filter(title=title, organizer=commission).first()
        if meeting is None:
            starts = timezone.make_aware(dt.datetime(year, month, day, hour, minute))
            meeting = services.meeting_create(actor=office, organizer=commission, kind=kind, title=title, starts_at=starts,
                                              ends_at=starts + dt.timedelta(hours=2), place=place, attendees=attendees,
                                              agenda=agenda, campaign=_campaign())
        meetings.append(meeting)
    for index, kind, title, text in MEETING_OPINIONS:
        if not Submission.objects.filter(title=title).exists():
            services.submission_record(actor=intake, kind=kind, source=Source.MEETING, title=title, text=text,
                                       received_by=commission, meeting=meetings[index], received_at=meetings[index].starts_at)
            created += 1

    _channel(office, commission, ChannelKind.PHONE, HOTLINE, _("卫生健康服务热线"))
    _channel(office, commission, ChannelKind.MAILBOX, _("委机关一楼大厅"), _("意见箱"))
    for i, name in enumerate(CHANNEL_UNITS, start=1):
        unit = units.get(name)
        if unit is not None:
            _channel(office, unit, ChannelKind.PHONE, f"{HOTLINE} 转 8{i:02d}", _("工作日 8:00—18:00"))
            _channel(office, unit, ChannelKind.BOX, _("门诊（服务）大厅入口处"), _("统一的投诉举报箱，局效建办每周开箱"))

    out.write(_("门户演示数据：本次新建意见投诉 {n} 件，会议 {m} 场。").format(n=created, m=len(MEETINGS)) + "\n")
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


def _demo_year(today: dt.date) -> int:
    campaign = _campaign()
    return campaign.start_date.year if campaign and campaign.start_date else today.year


def _channel(actor, unit, kind, value, note) -> None:
    if not Channel.objects.filter(unit=unit, kind=kind, value=value).exists():
        services.channel_create(actor=actor, unit=unit, kind=kind, value=value, note=note)
