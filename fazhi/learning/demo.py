"""Demo data of law study, exams and outreach for the 晋城 demo commission, with the figures
of seed 001's annual report: 4 rule-of-law trainings reaching 300+ people, 50+ enforcement
staff trained with coverage and pass rate 100%, 140余场 outreach events, 2万余份 materials,
3000多人次 reached. Seed 002's share rule shows: 沁水县's bureau staff fall below 20% law
hours (a long 廉政党课 without law), and one 任前考法 candidate fails.

Assumes `fazhi.demo.load_demo()` has run. Idempotent: people by username, sessions by
(unit, topic), exams by (unit, title), events by (unit, title), lists and duties by their keys.
Every date lies between 1 January of the year loaded and the day loaded, so that one year's
figures hold everything; writes go through the services.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.workdays import today as local_today
from fazhi.demo.files import png_bytes
from fazhi.demo.people import DEMO_PASSWORD
from fazhi.demo.units import COMMISSION, COUNTIES, DIRECT_UNITS, OFFICES, county_bureau_name
from fazhi.org.models import Person, Unit
from fazhi.org.services import person_create

from . import services
from .choices import Audience, ExamKind, ListKind, MaterialKind, OutreachKind, QuestionKind, SessionKind
from .models import (Exam, LearnerProfile, OutreachDuty, OutreachEvent, PersonCategory, Question, StudyList,
                     StudySession)

CS, MED, ENF, OTHER = "civil_servant", "medical", "enforcement", "other"
LOW_SHARE_COUNTY = "沁水县"
STAFF_USERNAME = "staff"  # a staff member of the liaison's bureau (泽州县) who can log in and take an exam
STAFF_NAME = "马晓燕"

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平",
         "刚", "桂英", "建华", "文", "华", "红", "建国", "志强", "晓东", "海燕"]


@dataclass(frozen=True)
class Group:
    """People of one unit in one category, created for the demo."""

    unit: str  # unit name
    category: str
    count: int


def _groups() -> list[Group]:
    groups = [Group(name, CS, 3) for name in OFFICES]
    for county in COUNTIES:
        groups += [Group(county_bureau_name(county), CS, 8), Group(f"{county}卫生监督所", ENF, 7),
                   Group(f"{county}人民医院", MED, 20), Group(f"{county}疾病预防控制中心", MED, 6)]
    sizes = {"晋城市人民医院": (MED, 30), "晋城市疾病预防控制中心": (MED, 8), "晋城市卫生监督所": (ENF, 12)}
    for name, _short, _window in DIRECT_UNITS:
        category, count = sizes.get(name, (MED, 5))
        groups.append(Group(name, category, count))
    return groups


def _name(i: int) -> str:
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7 + i // len(SURNAMES)) % len(GIVEN)]


QUESTIONS = [
    (QuestionKind.SINGLE, "宪法规定，中华人民共和国的一切权力属于：", ["全国人民代表大会", "人民", "国务院", "中国共产党"], [1], "中华人民共和国宪法", "第二条"),
    (QuestionKind.SINGLE, "行政处罚的种类不包括：", ["警告", "罚款", "降级", "没收违法所得"], [2], "中华人民共和国行政处罚法", "第九条"),
    (QuestionKind.SINGLE, "违法行为在几年内未被发现的，一般不再给予行政处罚？", ["一年", "二年", "三年", "五年"], [1], "中华人民共和国行政处罚法", "第三十六条"),
    (QuestionKind.SINGLE, "行政机关作出较大数额罚款决定前，应当告知当事人有权要求：", ["复议", "听证", "诉讼", "调解"], [1], "中华人民共和国行政处罚法", "第六十三条"),
    (QuestionKind.SINGLE, "除可以当场作出的外，行政机关应当自受理行政许可申请之日起多少日内作出决定？", ["十日", "十五日", "二十日", "三十日"], [2], "中华人民共和国行政许可法", "第四十二条"),
    (QuestionKind.SINGLE, "医师在执业活动中应当履行的义务不包括：", ["遵守技术操作规范", "保护患者隐私", "拒绝抢救危急患者", "如实记录病历"], [2], "中华人民共和国医师法", "第二十三条"),
    (QuestionKind.MULTIPLE, "行政执法“三项制度”包括：", ["行政执法公示", "执法全过程记录", "重大执法决定法制审核", "执法回避"], [0, 1, 2], "关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见", ""),
    (QuestionKind.MULTIPLE, "法定传染病分为：", ["甲类", "乙类", "丙类", "丁类"], [0, 1, 2], "中华人民共和国传染病防治法", "第三条"),
    (QuestionKind.MULTIPLE, "当事人对行政处罚决定不服的，可以依法：", ["申请行政复议", "提起行政诉讼", "拒绝履行", "申请信访代替复议"], [0, 1], "中华人民共和国行政处罚法", "第七条"),
    (QuestionKind.MULTIPLE, "基本医疗卫生服务包括：", ["基本公共卫生服务", "基本医疗服务", "特需医疗服务", "医疗美容服务"], [0, 1], "中华人民共和国基本医疗卫生与健康促进法", "第十五条"),
    (QuestionKind.TRUE_FALSE, "宪法是国家的根本法，具有最高的法律效力。", [], [0], "中华人民共和国宪法", "序言"),
    (QuestionKind.TRUE_FALSE, "执法人员当场作出行政处罚决定的，可以不出示执法证件。", [], [1], "中华人民共和国行政处罚法", "第五十二条"),
    (QuestionKind.TRUE_FALSE, "行政许可的实施和结果，除涉及国家秘密、商业秘密或者个人隐私的外，应当公开。", [], [0], "中华人民共和国行政许可法", "第五条"),
    (QuestionKind.TRUE_FALSE, "医疗机构可以使用非卫生技术人员从事医疗卫生技术工作。", [], [1], "医疗机构管理条例", "第二十七条"),
    (QuestionKind.TRUE_FALSE, "公民依法享有参与传染病防治的权利和义务。", [], [0], "中华人民共和国传染病防治法", "第十二条"),
]
RULE = [{"law": "", "kind": QuestionKind.SINGLE, "difficulty": None, "count": 4},
        {"law": "", "kind": QuestionKind.MULTIPLE, "difficulty": None, "count": 2},
        {"law": "", "kind": QuestionKind.TRUE_FALSE, "difficulty": None, "count": 4}]
SEEDS = {"enforcement": 20230401, "pre": 20230615, "annual": 20231101}

OUTREACH_EVENTS = 142  # 140余场
PARTICIPANTS = 3080  # 3000多人次
LEAFLETS = 20350  # with booklets and posters: 2万余份 materials
OUTREACH_PLACES = {
    OutreachKind.COMMUNITY: "{county}城关社区", OutreachKind.SCHOOL: "{county}第一中学", OutreachKind.ENTERPRISE: "{county}工业园区",
    OutreachKind.ORGANISATION: "{county}政务服务中心", OutreachKind.HOSPITAL: "{county}人民医院门诊大厅",
    OutreachKind.CLINIC: "{county}乡镇卫生院", OutreachKind.COUNTRYSIDE: "{county}各行政村",
    OutreachKind.CONSTITUTION_WEEK: "{county}人民广场", OutreachKind.SHORT_VIDEO: "网络平台", OutreachKind.QUIZ: "网络平台",
}
OUTREACH_LAWS = ["中华人民共和国宪法", "中华人民共和国民法典", "中华人民共和国基本医疗卫生与健康促进法", "中华人民共和国传染病防治法",
                 "中华人民共和国职业病防治法", "中华人民共和国母婴保健法", "中华人民共和国献血法", "中华人民共和国精神卫生法"]


def _in_year(start: dt.date, today: dt.date, fraction: float) -> dt.date:
    """A day between 1 January and today, `fraction` of the way (0 = 1 January, 1 = today)."""
    return start + dt.timedelta(days=int((today - start).days * fraction))


class _Loader:
    def __init__(self, out, today: dt.date):
        self.out, self.today = out, today
        self.year_start = dt.date(today.year, 1, 1)
        self.office = get_user_model().objects.get(username="office")
        self.commission = Unit.objects.get(parent__isnull=True, name=COMMISSION)
        self.units = {u.name: u for u in self.commission.subtree()}
        self.categories = {c.code: c for c in PersonCategory.objects.all()}
        self.hashed = None

    def day(self, fraction: float) -> dt.date:
        return _in_year(self.year_start, self.today, fraction)

    def at(self, day: dt.date, hour: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

    # people
    def categorise(self, person: Person, code: str) -> None:
        if not LearnerProfile.objects.filter(person=person).exists():
            services.person_category_set(actor=self.office, person=person, category=self.categories[code])

    def people(self) -> dict[str, list[Person]]:
        """Every demo person by category; demo accounts and liaisons become civil servants (or
        medical staff for the hospitals' and centres' liaisons)."""
        User = get_user_model()
        serial = 0
        for gi, group in enumerate(_groups()):
            unit = self.units[group.unit]
            for n in range(group.count):
                username = f"demo-{gi:02d}-{n:02d}"
                user = User.objects.filter(username=username).select_related("person").first()
                person = user.person if user else person_create(actor=self.office, unit=unit, username=username,
                                                               name=_name(serial), title="")
                self.categorise(person, group.category)
                serial += 1
        staff_unit = self.units[county_bureau_name("泽州县")]
        user = User.objects.filter(username=STAFF_USERNAME).select_related("person").first()
        if user is None:
            person = person_create(actor=self.office, unit=staff_unit, username=STAFF_USERNAME, name=STAFF_NAME, title="科员")
            # The demo password is public and below the password rule on purpose, as for every demo account.
            person.user.password = make_password(DEMO_PASSWORD)
            person.user.save(update_fields=["password"])
        for person in Person.objects.filter(unit__path__startswith=self.commission.path, learner__isnull=True).select_related("unit"):
            self.categorise(person, MED if person.unit.kind == "institution" else CS)
        result: dict[str, list[Person]] = {code: [] for code in self.categories}
        for p in Person.objects.filter(unit__path__startswith=self.commission.path).select_related("unit", "learner__category"):
            result[p.learner.category.code].append(p)
        return result

    # study
    def session(self, unit: Unit, kind: str, topic: str, fraction: float, hours, law_hours, attendees, **kw) -> StudySession:
        existing = StudySession.objects.filter(unit=unit, topic=topic).first()
        if existing is not None:
            return existing
        return services.study_session_create(actor=self.office, unit=unit, kind=kind, topic=topic, date=self.day(fraction),
                                             hours=hours, law_hours=law_hours, attendees=attendees, **kw)

    def study(self, people: dict[str, list[Person]]) -> int:
        year = self.today.year
        if not StudyList.objects.filter(unit=self.commission, year=year, kind=ListKind.LEADERS).exists():
            services.study_list_create(actor=self.office, unit=self.commission, year=year, kind=ListKind.LEADERS,
                                       audience=Audience.LEADERS, title=_("{year}年领导干部学法清单").format(year=year), items=[
                ("中华人民共和国宪法", "全文"), ("中华人民共和国民法典", "总则编、人格权编"),
                ("中华人民共和国行政处罚法", "第三十二条至第四十一条"), ("中华人民共和国基本医疗卫生与健康促进法", "第一章、第八章"),
                ("中国共产党纪律处分条例", "第六章")])
        if not StudyList.objects.filter(unit=self.commission, year=year, kind=ListKind.ESSENTIAL).exists():
            services.study_list_create(actor=self.office, unit=self.commission, year=year, kind=ListKind.ESSENTIAL,
                                       audience=Audience.ENFORCEMENT, title=_("{year}年执法人员应知应会法律法规清单").format(year=year),
                                       items=[("中华人民共和国行政处罚法", "全文"), ("中华人民共和国行政许可法", "第四章"),
                                              ("中华人民共和国传染病防治法", "第八章"), ("医疗机构管理条例", "第五章")])
        offices = [p for p in people[CS] if p.unit.kind == "office" or p.unit == self.commission]
        bureaus = [p for p in people[CS] if p not in offices]
        campaign = self._campaign()
        before = StudySession.objects.count()
        # the four rule-of-law trainings of the year (seed 001: 4 期, 300+ people)
        self.session(self.commission, SessionKind.TRAINING, "全市卫生计生系统依法行政专题培训班", 0.15, 6, 6, people[CS],
                     laws="中华人民共和国行政处罚法、中华人民共和国行政许可法", speaker="省卫生健康委法规处", place="市委党校")
        self.session(self.commission, SessionKind.TRAINING, "行政执法人员法律知识培训", 0.3, 8, 8, people[ENF],
                     laws="中华人民共和国行政处罚法、行政执法三项制度", speaker="市司法局", place="市卫生监督所会议室")
        self.session(self.commission, SessionKind.LECTURE, "医务人员法律法规专题讲座", 0.5, 3, 3, people[MED],
                     laws="中华人民共和国医师法、中华人民共和国基本医疗卫生与健康促进法", speaker="市人民医院法务科", place="市人民医院学术厅")
        newcomers = [p for p in people[MED] if p.unit.name == "晋城市人民医院"][:10]
        self.session(self.commission, SessionKind.INDUCTION, "新入职人员上岗前法治培训", 0.6, 2, 2, newcomers,
                     laws="中华人民共和国宪法、医疗机构管理条例")
        # the Party group's study (中心组学法), quarterly
        for q in range(4):
            self.session(self.commission, SessionKind.GROUP_STUDY, f"党组中心组第{q + 1}季度学法", 0.1 + 0.25 * q, 2, 2, offices,
                         laws="领导干部学法清单")
        # seed 004: 辅导讲座, 廉政党课, 警示教育 for the campaign
        self.session(self.commission, SessionKind.TUTORIAL, "群众路线教育实践活动辅导讲座", 0.2, 2, 0, offices, campaign=campaign)
        self.session(self.commission, SessionKind.WARNING, "警示教育大会", 0.4, 2, 0, offices + bureaus[:8], campaign=campaign)
        # 沁水县: a long 廉政党课 without law hours, which takes its bureau staff below the 20% share
        qinshui = self.units[county_bureau_name(LOW_SHARE_COUNTY)]
        subtree = [p for group in people.values() for p in group if p.unit.path.startswith(qinshui.path)]
        self.session(qinshui, SessionKind.INTEGRITY, "沁水县卫生计生系统廉政党课专题培训", 0.45, 26, 0, subtree, campaign=campaign)
        return StudySession.objects.count() - before

    def _campaign(self):
        from fazhi.campaigns.models import Campaign

        return Campaign.objects.filter(issuer=self.commission).order_by("id").first()

    # exams
    def bank(self) -> None:
        if Question.objects.filter(unit=self.commission).exists():
            return
        for kind, text, options, answer, law, article in QUESTIONS:
            services.question_create(actor=self.office, unit=self.commission, kind=kind, text=text, options=options,
                                     answer=answer, law=law, article=article)

    def exam(self, key: str, kind: str, title: str, opens: dt.datetime, closes: dt.datetime, candidates, **kw) -> tuple[Exam, bool]:
        existing = Exam.objects.filter(unit=self.commission, title=title).first()
        if existing is not None:
            return existing, False
        return services.exam_create(actor=self.office, unit=self.commission, kind=kind, title=title, opens_at=opens,
                                    closes_at=closes, time_limit=30, rule=RULE, candidates=candidates, seed=SEEDS[key],
                                    **kw), True

    def right(self, exam: Exam) -> dict:
        return {str(q.pk): q.answer for q in Question.objects.filter(pk__in=exam.paper)}

    def exams(self, people: dict[str, list[Person]]) -> int:
        self.bank()
        n = 0
        day = self.day(0.35)
        exam, new = self.exam("enforcement", ExamKind.ENFORCEMENT, _("{year}年行政执法人员法律知识考试").format(year=day.year),
                              self.at(day, 9), self.at(day, 17), people[ENF], max_attempts=2)
        if new:
            n += 1
            for i, person in enumerate(people[ENF]):
                if i == 0:  # failed at first, passed the make-up: the best attempt counts
                    services.attempt_record(actor=self.office, exam=exam, person=person, answers={}, at=self.at(day, 10))
                services.attempt_record(actor=self.office, exam=exam, person=person, answers=self.right(exam),
                                        at=self.at(day, 11))
        day = self.day(0.55)
        leaders = [p for p in people[CS] if p.unit.name == county_bureau_name("阳城县")][:3]
        exam, new = self.exam("pre", ExamKind.PRE_APPOINTMENT, _("{year}年拟任领导干部任前考法").format(year=day.year),
                              self.at(day, 9), self.at(day, 12), leaders)
        if new:
            n += 1
            for i, person in enumerate(leaders):
                answers = self.right(exam) if i else {}  # one candidate fails
                services.attempt_record(actor=self.office, exam=exam, person=person, answers=answers, at=self.at(day, 10))
        # the annual exam is open now for 泽州县's bureau: the staff member takes it online
        start = timezone.make_aware(dt.datetime.combine(self.today, dt.time(0)))
        zezhou = [p for p in people[CS] if p.unit.name == county_bureau_name("泽州县")]
        exam, new = self.exam("annual", ExamKind.ANNUAL, _("{year}年度机关干部学法考试").format(year=self.today.year), start,
                              start + dt.timedelta(days=30), zezhou, max_attempts=2)
        if new:
            n += 1
            for person in [p for p in zezhou if p.user.username.startswith("demo-")][:4]:
                services.attempt_record(actor=self.office, exam=exam, person=person, answers=self.right(exam),
                                        at=max(start, timezone.now() - dt.timedelta(hours=1)))
        return n

    # outreach
    def outreach(self) -> int:
        year = self.today.year
        organisers = [self.units[county_bureau_name(c)] for c in COUNTIES] + [self.units[f"{c}卫生监督所"] for c in COUNTIES] + [
            self.units[name] for name, _s, _w in DIRECT_UNITS]
        duties = {}
        for unit in organisers[:6] + organisers[6:12]:
            duty = OutreachDuty.objects.filter(unit=unit, year=year).first() or services.outreach_duty_create(
                actor=self.office, unit=unit, year=year, laws="中华人民共和国基本医疗卫生与健康促进法、中华人民共和国传染病防治法",
                audience="辖区群众、医疗机构从业人员", plan="每季度至少开展一次“法律八进”普法活动，宪法宣传周集中宣传。",
                planned_events=8 if unit.name.endswith("局") else 10)
            duties[unit.pk] = duty
        kinds = list(OutreachKind)
        created = 0
        for i in range(OUTREACH_EVENTS):
            unit = organisers[i % len(organisers)]
            kind = kinds[i % (len(kinds) - 1)]  # every kind but 其他
            county = unit.name[:3] if unit.parent_id != self.commission.pk or unit.name.endswith("局") else "晋城市"
            title = f"{OutreachKind(kind).label}普法宣传活动（第{i + 1:03d}场）"
            if OutreachEvent.objects.filter(unit=unit, title=title).exists():
                continue
            participants = PARTICIPANTS // OUTREACH_EVENTS + (1 if i < PARTICIPANTS % OUTREACH_EVENTS else 0)
            leaflets = LEAFLETS // OUTREACH_EVENTS + (1 if i < LEAFLETS % OUTREACH_EVENTS else 0)
            materials = [(MaterialKind.LEAFLET, leaflets)]
            if i % 4 == 0:
                materials.append((MaterialKind.BOOKLET, 20))
            if i % 10 == 0:
                materials.append((MaterialKind.POSTER, 5))
            photos = [SimpleUploadedFile(f"活动照片{i + 1}.png", png_bytes(70000 + i), content_type="image/png")] if i % 10 == 0 else []
            services.outreach_event_create(
                actor=self.office, unit=unit, kind=kind, title=title, date=self.day((i + 1) / (OUTREACH_EVENTS + 1)),
                place=OUTREACH_PLACES.get(kind, "").format(county=county), participants=participants,
                laws=OUTREACH_LAWS[i % len(OUTREACH_LAWS)], duty=duties.get(unit.pk), materials=materials, photos=photos)
            created += 1
        return created


@transaction.atomic
def load_demo(*, stdout=None, today: dt.date | None = None) -> dict:
    out = stdout if stdout is not None else sys.stdout
    today = today or local_today()
    if not get_user_model().objects.filter(username="office").exists() or not Unit.objects.filter(name=COMMISSION).exists():
        out.write(_("学法普法演示数据需要先载入平台演示数据。") + "\n")
        return {"sessions": 0, "exams": 0, "events": 0}
    services.categories_ensure()
    loader = _Loader(out, today)
    people = loader.people()
    sessions = loader.study(people)
    exams = loader.exams(people)
    events = loader.outreach()
    out.write(_("学法普法演示数据：新建学法培训 {s} 场、考试 {e} 场、普法活动 {o} 场。").format(s=sessions, e=exams, o=events) + "\n")
    return {"sessions": sessions, "exams": exams, "events": events}
