import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count

from fazhi.audit.models import AuditEntry
from fazhi.campaigns.choices import AssignmentStatus, CampaignStatus, Colour, DemoLevel, QuotaKind, ReportStatus, WorkKind
from fazhi.campaigns.colours import with_colour
from fazhi.campaigns.models import Assignment, Campaign, Evidence, Phase, ProgressReport, Quota, Task
from fazhi.campaigns.services import require_work_open
from fazhi.core.workdays import WorkCalendar, today as local_today
from fazhi.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, TITLE, load_demo
from fazhi.demo.campaign import schedule_for
from fazhi.demo.files import pdf_bytes, png_bytes
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Grant, Person, Unit
from fazhi.org.scoping import scope

pytestmark = pytest.mark.django_db

MODELS = [Unit, Person, Grant, get_user_model(), Campaign, Phase, Quota, Task, Assignment, ProgressReport, Evidence, AuditEntry]


PLATFORM_ACTIONS = r"^(unit|person|grant|campaign|phase|quota|task|assignment|progress_report|evidence)\."


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


class TestLoadedDemo:
    def test_loading_twice_duplicates_nothing(self, demo):
        first = counts()
        assert first["Assignment"] > 200 and first["ProgressReport"] > 100
        out = io.StringIO()
        again = load_demo(stdout=out)
        assert again.assignments_created == 0 and again.reports_created == 0
        assert counts() == first
        assert "本次新建任务分工 0 条" in out.getvalue()


    def test_units_follow_the_seed(self, demo):
        commission = Unit.objects.get(parent__isnull=True)
        assert commission.name == "晋城市卫生和计划生育委员会" and commission.kind == UnitKind.ADMIN_DEPT
        children = Unit.objects.filter(parent=commission)
        offices = set(children.filter(kind=UnitKind.OFFICE).values_list("name", flat=True))
        assert {"政策法规科", "行政审批科", "医政科", "疾控科"} <= offices
        bureaus = list(children.filter(kind=UnitKind.ADMIN_DEPT).values_list("short_name", flat=True))
        assert bureaus == ["城区", "沁水县", "阳城县", "陵川县", "泽州县", "高平市"]
        direct = set(children.filter(kind=UnitKind.INSTITUTION).values_list("short_name", flat=True))
        assert direct == {"市人民医院", "市疾控中心", "市卫生监督所", "市妇幼保健院", "市急救中心", "市中心血站"}
        zezhou = Unit.objects.get(name="泽州县卫生计生局")
        below = set(zezhou.subtree().exclude(pk=zezhou.pk).values_list("name", flat=True))
        assert {"泽州县人民医院", "泽州县疾病预防控制中心", "泽州县卫生监督所", "泽州县政务大厅卫计窗口"} <= below
        for unit in Unit.objects.filter(parent=commission, kind=UnitKind.INSTITUTION):
            assert unit.children.filter(kind=UnitKind.WINDOW).exists()


    def test_campaign_phases_quotas_and_task_lists(self, demo):
        campaign = Campaign.objects.get(title=TITLE)
        phases = list(campaign.phases.order_by("order"))
        assert [p.name for p in phases] == ["部署动员阶段", "规范建设阶段", "总结完善阶段"]
        assert [p.opens for p in phases] == [
            [WorkKind.PROGRESS], [WorkKind.PROGRESS, WorkKind.SELF_ASSESSMENT],
            [WorkKind.PROGRESS, WorkKind.SELF_ASSESSMENT, WorkKind.INSPECTION, WorkKind.NOMINATION]]
        today = local_today()
        assert campaign.start_date <= today <= campaign.end_date
        assert any(p.start <= today <= p.end for p in phases)
        require_work_open(campaign, WorkKind.PROGRESS)  # progress reporting is open today
        # 三、（三）1、创建指标 as the importer reads it: 1 / 3 / 10 for the whole system, 1 / 1 / 2 for each
        # of the commission's county bureaus (各县（市、区）), the six directly affiliated units at least one window.
        system = {q.level: q.count for q in campaign.quotas.filter(scope__isnull=True, kind=QuotaKind.CAP)}
        assert system == {DemoLevel.ADMIN_DEPT: 1, DemoLevel.INSTITUTION: 3, DemoLevel.WINDOW: 10}
        per_county = campaign.quotas.filter(per_child=True)
        assert {q.level: q.count for q in per_county} == {DemoLevel.ADMIN_DEPT: 1, DemoLevel.INSTITUTION: 1, DemoLevel.WINDOW: 2}
        assert {q.scope for q in per_county} == {campaign.issuer}
        minimum = campaign.quotas.get(kind=QuotaKind.MINIMUM)
        assert (minimum.level, minimum.count) == (DemoLevel.WINDOW, 1) and "市中心血站" in minimum.note
        assert campaign.quotas.count() == 7
        # The plan's dated steps move with the phases: 5月15日 is the last day of 部署动员阶段.
        listed = campaign.milestones.get(what__contains="示范点名单")
        assert listed.date == phases[0].end
        summed_up = campaign.milestones.get(what__contains="考评和总结")
        assert phases[2].start <= summed_up.date <= phases[2].end
        assert campaign.rules.filter(subject="法治专题培训和专题讲座", value=2).exists()
        # The whole plan as the importer reads it: 一、 to 四、, (三)1、创建指标 taken as quotas, not a task.
        roots = campaign.tasks.filter(parent__isnull=True).order_by("order")
        assert [(r.label, r.heading) for r in roots] == [
            ("一、", "总体要求"), ("二、", "主要任务"), ("三、", "实施步骤"), ("四、", "保障措施")]
        main = roots[1]
        admin, inst, sites = main.children.order_by("order")
        assert (admin.label, admin.heading) == ("（一）", "规范卫生计生行政部门依法行政工作")
        assert (inst.label, inst.heading) == ("（二）", "规范卫生计生机构依法治理工作")
        assert (sites.label, sites.heading) == ("（三）", "开展法治创建示范点建设")
        assert admin.applies_to == inst.applies_to == []  # headings
        assert admin.children.count() == 9 and inst.children.count() == 7
        assert [t.label for t in sites.children.all()] == ["2、"]
        first = admin.children.get(label="1、")
        assert (first.heading, first.applies_to) == ("规范组织领导工作。", [UnitKind.ADMIN_DEPT])
        item = first.children.get(label="（1）")
        assert item.heading == "建立由党政主要负责人任组长的法治建设领导小组。"
        assert item.text == "设立或指定法治建设承办机构，配备专职人员。"
        assert item.applies_to == [UnitKind.ADMIN_DEPT]
        nine = admin.children.get(label="9、").children.get(label="（2）")
        assert "每年至少举办两期法治专题培训" in nine.heading
        assert {k for t in inst.children.all() for k in t.applies_to} == {UnitKind.INSTITUTION}
        # 4 sections, 10 (一)–(四) items, 9 + 7 + 1 numbered items, 47 + 26 + 3 （1） items, 9 + 7 + 5 ① standards.
        assert campaign.tasks.count() == 4 + 10 + 17 + 76 + 21 == 128
        # What is assigned: the 1、 items of the two lists, each to the kind of unit its list is for.
        assigned = Task.objects.filter(campaign=campaign, assignments__isnull=False).distinct()
        assert set(assigned) == set(admin.children.all()) | set(inst.children.all())
        for task in assigned:
            kinds = set(task.assignments.values_list("unit__kind", flat=True))
            assert kinds == set(task.applies_to)
            # The office put the tasks it assigns in 规范建设阶段: the lists' phase filter finds them.
            assert task.phase == phases[1]

    def test_campaign_was_imported_and_started_by_the_office(self, demo):
        campaign = Campaign.objects.get(title=TITLE)
        office = get_user_model().objects.get(username="office")
        entries = AuditEntry.objects.filter(object_id=str(campaign.pk), action__startswith="campaign.")
        created = entries.get(action="campaign.create")
        assert created.actor == office and created.after["status"] == CampaignStatus.DRAFT
        assert entries.get(action="campaign.activate").actor == office
        assert campaign.status == CampaignStatus.ACTIVE and campaign.activated_at is not None
        assert "二、主要任务" in campaign.plan_text and "（三）总结完善阶段（2018年10月至11月）" in campaign.plan_text


    def test_every_status_and_colour_is_present(self, demo):
        rows = with_colour(Assignment.objects.all()).values("status", "colour").annotate(n=Count("id"))
        statuses = {r["status"] for r in rows}
        colours = {r["colour"] for r in rows}
        # Every status, withdrawn work included (the 群众路线 campaign's, from fazhi.campaigns.demo).
        assert statuses == set(AssignmentStatus.values)
        assert colours >= {Colour.GREEN, Colour.AMBER, Colour.RED}
        # Overdue and due-soon work exists among the unfinished, not only among the finished.
        open_colours = {r["colour"] for r in rows if r["status"] != AssignmentStatus.DONE}
        assert open_colours == {Colour.GREEN, Colour.AMBER, Colour.RED}
        # The liaison's county alone shows every status too.
        zezhou = Unit.objects.get(name="泽州县卫生计生局")
        mine = set(Assignment.objects.filter(unit__path__startswith=zezhou.path).values_list("status", flat=True))
        assert mine >= set(AssignmentStatus.values) - {AssignmentStatus.WITHDRAWN}


    def test_reports_reviews_and_real_evidence(self, demo):
        media = demo.media
        returned = ProgressReport.objects.filter(status=ReportStatus.RETURNED)
        assert returned.exists() and all(r.review_comment for r in returned)
        assert ProgressReport.objects.filter(status=ReportStatus.ACCEPTED).exists()
        assert ProgressReport.objects.filter(status=ReportStatus.SUBMITTED).exists()
        mimes = set(Evidence.objects.values_list("mime", flat=True))
        assert mimes == {"image/png", "application/pdf"}
        evidence = Evidence.objects.filter(mime="application/pdf").first()
        assert (media / evidence.file.name).read_bytes()[:5] == b"%PDF-"
        assert Evidence.objects.values("sha256").distinct().count() == Evidence.objects.count()


    def test_accounts_one_per_role_with_their_grants(self, demo):
        User = get_user_model()
        assert not User.objects.filter(is_superuser=True).exists()
        commission = Unit.objects.get(parent__isnull=True)
        zezhou = Unit.objects.get(name="泽州县卫生计生局")
        for account in DEMO_ACCOUNTS:
            user = User.objects.get(username=account.username)
            assert user.check_password(DEMO_PASSWORD)
            grant_units = {(g.role, g.unit) for g in Grant.objects.filter(person__user=user)}
            expected = zezhou if account.role == Role.LIAISON else commission
            assert grant_units == {(account.role, expected)}
        assert {a.role for a in DEMO_ACCOUNTS} == set(Role.values)
        assert User.objects.get(username="office").person.unit.name == "政策法规科"
        # The other liaisons author reports but cannot log in.
        assert not User.objects.get(username="lly-gaoping").has_usable_password()


    def test_liaison_of_zezhou_sees_nothing_of_gaoping(self, demo):
        liaison = get_user_model().objects.get(username="liaison")
        visible = scope(Assignment.objects.all(), liaison)
        assert visible.exists()
        assert not visible.filter(unit__name__startswith="高平市").exists()
        assert visible.count() == Assignment.objects.filter(unit__name__startswith="泽州县").count()


    def test_writes_are_audited_with_the_office_as_actor(self, demo):
        office = get_user_model().objects.get(username="office")
        # The platform's own rows (the other apps' demos are loaded too, with writes of their own).
        installer = AuditEntry.objects.filter(actor__isnull=True, action__regex=PLATFORM_ACTIONS)
        assert set(installer.values_list("action", flat=True)) == {"unit.create", "person.create", "grant.create"}
        assert installer.count() == 4  # commission, 政策法规科, office, its grant
        # Assignments are written in bulk: one row per action, listing the ids it created.
        created = [pk for after in AuditEntry.objects.filter(actor=office, action="assignment.create").values_list("after", flat=True)
                   for pk in after["ids"]]
        assert sorted(created) == sorted(Assignment.objects.values_list("pk", flat=True))
        assert AuditEntry.objects.filter(action="progress_report.submit").count() == ProgressReport.objects.count()


@pytest.mark.parametrize("day", [dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(0, 730, 9)])
def test_schedule_contains_every_day_of_the_year_with_room(day):
    cal = WorkCalendar()
    sched = schedule_for(day, cal)
    assert sched.start < day and cal.add_working_days(day, 4) <= sched.end
    assert any(p.start <= day <= p.end for p in sched.phases)
    assert [(p.end - p.start).days for p in sched.phases] == [13, 137, 60]
    if sched.kept_month_day:
        assert [(p.start.month, p.start.day, p.end.month, p.end.day) for p in sched.phases] == [
            (5, 2, 5, 15), (5, 16, 9, 30), (10, 1, 11, 30)]


def test_summer_keeps_the_seed_dates_in_the_current_year():
    sched = schedule_for(dt.date(2026, 7, 1))
    assert sched.kept_month_day
    assert (sched.start, sched.end) == (dt.date(2026, 5, 2), dt.date(2026, 11, 30))


def test_demo_on_a_winter_day(monkeypatch):
    """Loaded in January, when no phase of the seed's calendar is running, the demo still works."""
    winter = dt.date(2027, 1, 15)
    import fazhi.campaigns.services
    import fazhi.core.colours
    import fazhi.demo

    for module in (fazhi.campaigns.services, fazhi.core.colours, fazhi.demo):
        monkeypatch.setattr(module, "local_today", lambda: winter)
    result = load_demo(stdout=io.StringIO())
    assert not result.kept_month_day
    campaign = Campaign.objects.get(pk=result.campaign_id)
    assert campaign.start_date < winter < campaign.end_date
    colours = set(with_colour(Assignment.objects.exclude(status=AssignmentStatus.DONE), day=winter)
                  .values_list("colour", flat=True))
    assert colours == {Colour.GREEN, Colour.AMBER, Colour.RED}  # 逾期完成 is finished work, excluded here


def test_evidence_files_are_what_they_claim():
    import filetype

    assert filetype.guess(png_bytes(42)).mime == "image/png"
    assert filetype.guess(pdf_bytes(42)).mime == "application/pdf"
    assert png_bytes(1) != png_bytes(2) and pdf_bytes(1) != pdf_bytes(2)
