"""Three more demo campaigns, each imported through the plan importer from its seed document.

The platform demo (fazhi.demo) imports seed 002, 卫生计生法治建设规范年, 进行中, the same way
(fazhi/demo/campaign.py), so all four campaigns are the importer's reading of their seed. Here:

- seed 000, 徐州 法治城市创建 (three years): 已结束 a month ago, its work done and accepted;
- seed 003, 效能建设第二阶段: 进行中, its five meetings recorded (by the importer's signal);
- seed 004, 群众路线教育实践: 进行中, in its third 环节 (整改落实、建章立制).

The seeds print their phases without dates (000 hides its years as 201*), so the office's part
on the draft page, filling in the dates, is done here, relative to the day the demo is loaded:
no work is reported in a phase that has not opened. Running it again adds nothing: a campaign
is looked up by its issuer and title first.

Four counties have issued their own plan for the city's 规范年 (上级活动) and reported their
示范点名单, on days around the date the city's plan set: two before it, one after it, one with
no list yet; the city's office enters them for the counties (the demo has no county office).
"""

from __future__ import annotations

import datetime as dt
import sys

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.tree import subtree_q
from fazhi.core.workdays import WorkCalendar, today as local_today
from fazhi.org.choices import UnitKind
from fazhi.org.models import Unit
from fazhi.planparse import parse_text
from fazhi.seeds import seed_text

from . import services
from .choices import CampaignStatus, WorkKind
from .models import Assignment, Campaign, Task
from .planimport.draft import build_draft
from .planimport.services import plan_import_create

COMMISSION = "晋城市卫生和计划生育委员会"
D = dt.timedelta


def _draft(seed: str, year: int, phases: list[tuple[dt.date, dt.date]]) -> dict:
    draft = build_draft(parse_text(seed_text(seed)).to_dict())
    draft["year"] = year
    for phase, (start, end) in zip(draft["phases"], phases):
        phase["start"], phase["end"] = start.isoformat(), end.isoformat()
    first, last = phases[0][0], phases[-1][1]
    for ms in draft.get("milestones") or []:  # the plan's own year is long past: same day, this campaign
        if ms.get("date"):
            day = dt.date.fromisoformat(ms["date"])
            try:
                day = day.replace(year=year)
            except ValueError:
                day = day.replace(year=year, day=28)
            ms["date"] = min(max(day, first), last).isoformat()
    return draft


def _mark_tasks(nodes: list[dict], words: tuple[str, ...], inside: bool = False) -> None:
    """What the office does on the draft page: mark the items of some sections as tasks."""
    for node in nodes:
        here = inside or any((node.get("heading") or "").startswith(w) for w in words)
        if here and not node.get("children"):
            node["kind"] = "task"
        _mark_tasks(node.get("children") or [], words, here)


def _leaf_tasks(campaign: Campaign) -> list[Task]:
    return [t for t in campaign.tasks.filter(children__isnull=True).order_by("sort_key") if t.applies_to]


def _import(seed, *, office, issuer, year, phases, opens=None, title=None, task_sections=()) -> tuple[Campaign, bool]:
    draft = _draft(seed, year, phases)
    if title:
        draft["title"] = title
    if task_sections:
        _mark_tasks(draft["outline"], task_sections)
    existing = Campaign.objects.filter(issuer=issuer, title=draft["title"]).first()
    if existing is not None:
        return existing, False
    if opens:
        for phase, works in zip(draft["phases"], opens):
            phase["opens"] = works
    with transaction.atomic():
        campaign = plan_import_create(actor=office, issuer=issuer, plan=draft)
        services.campaign_activate(actor=office, campaign=campaign)
    return campaign, True


def _assign_and_report(campaign, *, office, counties, tasks, due: dt.date, report_on: dt.date | None, liaisons,
                       finish: bool) -> int:
    created = 0
    for task in tasks:
        made, _skipped = services.assignments_create(actor=office, task=task, units=counties, due_date=due)
        created += len(made)
        if report_on is None:
            continue
        for a in made:
            liaison = liaisons.get(a.unit_id)
            if liaison is None:
                continue
            report = services.progress_report_submit(actor=liaison, assignment=a, text=_("已按方案完成，材料见附件。"),
                                                     progress=100 if finish else 50, day=report_on)
            if finish:
                services.progress_report_review(actor=office, report=report, accept=True, comment=_("材料齐全，同意。"))
                # The demo replays work done in the past: the acceptance is dated the day it happened.
                Assignment.objects.filter(pk=a.pk).update(
                    completed_at=timezone.make_aware(dt.datetime.combine(report_on, dt.time(16, 0))))
    return created


# The counties that issued their own plan for the city's 规范年, and their 示范点名单: days from the
# date the city's plan set (5月15日, moved with the campaign), negative = before it; None = no list yet.
COUNTY_PLANS = [("泽州县", -4, -4), ("高平市", -1, 0), ("阳城县", 5, 9), ("沁水县", -2, None)]
CITY_TITLE = "卫生计生法治建设规范年"


def _replayed(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _county_plans(*, office, commission, today: dt.date) -> int:
    """Counties' own plans linked to the city's campaign (上级活动), each with its 示范点名单:
    one bureau, one institution and two windows, as the city's quota asks of each county."""
    city = Campaign.objects.filter(issuer=commission, title=CITY_TITLE).first()
    if city is None:
        return 0
    due = next((ms.date for ms in city.milestones.all() if ms.date and "示范点名单" in ms.what), None) or city.start_date
    made = 0
    for short, plan_days, list_days in COUNTY_PLANS:
        county = Unit.objects.filter(parent=commission, short_name=short).first()
        if county is None or Campaign.objects.filter(issuer=county, parent=city).exists():
            continue
        issued = min(due + D(days=plan_days), today)
        campaign = services.campaign_create(
            actor=office, issuer=county, title=_("{county}卫生计生法治建设规范年行动实施方案").format(county=short),
            year=city.year, start_date=city.start_date, end_date=city.end_date, status=CampaignStatus.ACTIVE)
        services.campaign_update(actor=office, campaign=campaign, parent=city)
        for order, phase in enumerate(city.phases.all(), start=1):
            services.phase_create(actor=office, campaign=campaign, name=phase.name, start=phase.start, end=phase.end,
                                  order=order, opens=phase.opens)
        # The demo replays a plan issued in the past: created on the day it was issued.
        Campaign.objects.filter(pk=campaign.pk).update(created_at=_replayed(issued), activated_at=_replayed(issued))
        made += 1
        if list_days is None:
            continue
        listed = min(due + D(days=list_days), today)
        units = Unit.objects.filter(subtree_q(county.path, "path"), is_active=True).order_by("path")
        sites = [county] + list(units.filter(kind=UnitKind.INSTITUTION)[:1]) + list(units.filter(kind=UnitKind.WINDOW)[:2])
        for unit in sites:
            services.demo_site_add(actor=office, campaign=campaign, unit=unit, day=listed)
    return made


def load_demo(*, stdout=None, today: dt.date | None = None) -> dict:
    out = stdout if stdout is not None else sys.stdout
    today = today or local_today()
    cal = WorkCalendar()
    User = get_user_model()
    office = User.objects.filter(username="office").first()
    commission = Unit.objects.filter(parent__isnull=True, name=COMMISSION).first()
    if office is None or commission is None:
        out.write(_("未找到平台演示数据，请先运行 fazhi demo。") + "\n")
        return {"created": 0}
    counties = list(Unit.objects.filter(parent=commission, kind=UnitKind.ADMIN_DEPT).order_by("order", "path"))
    from fazhi.org.models import Grant

    liaisons = {g.unit_id: g.person.user for g in Grant.objects.filter(role="liaison", unit__in=counties)
                .select_related("person__user")}
    created = {}

    # 000: three years, ended a month ago; every county did the five tasks, accepted on time.
    end = today - D(days=30)
    start = end - D(days=3 * 365)
    p1, p2 = start + D(days=300), start + D(days=300 + 640)
    phases = [(start, p1), (p1 + D(days=1), p2), (p2 + D(days=1), end)]
    c000, new = _import("000", office=office, issuer=commission, year=start.year, phases=phases,
                        # "每年评选出一批先进单位": inspection and nomination open in every phase after the first year's start.
                        opens=[[WorkKind.PROGRESS], [WorkKind.PROGRESS, WorkKind.SELF_ASSESSMENT, WorkKind.INSPECTION, WorkKind.NOMINATION],
                               [WorkKind.PROGRESS, WorkKind.SELF_ASSESSMENT, WorkKind.INSPECTION, WorkKind.NOMINATION]])
    if new:
        due = cal.add_working_days(p2, -10)
        created["000"] = _assign_and_report(c000, office=office, counties=counties, tasks=_leaf_tasks(c000)[:5], due=due,
                                            report_on=cal.add_working_days(due, -15), liaisons=liaisons, finish=True)
        services.campaign_close(actor=office, campaign=c000)
        # Closed the day after its last phase ended, as it happened, not on the day the demo is loaded.
        Campaign.objects.filter(pk=c000.pk).update(
            closed_at=timezone.make_aware(dt.datetime.combine(end + D(days=1), dt.time(9, 0))))

    # 003: the second phase of 效能建设; its meetings were held in July of the campaign's year.
    year = today.year if dt.date(today.year, 7, 28) + D(days=14) <= today else today.year - 1
    start = dt.date(year, 7, 15)
    p1_end = max(start + D(days=30), today - D(days=20))
    phases = [(start, p1_end), (p1_end + D(days=1), max(p1_end + D(days=60), today + D(days=90)))]
    c003, new = _import("003", office=office, issuer=commission, year=year, phases=phases,
                        opens=[[WorkKind.PROGRESS], [WorkKind.PROGRESS, WorkKind.SELF_ASSESSMENT]])
    if new:
        tasks = _leaf_tasks(c003)
        created["003"] = _assign_and_report(c003, office=office, counties=counties, tasks=tasks[:2],
                                            due=cal.add_working_days(today, -2), report_on=None, liaisons=liaisons, finish=False)
        created["003"] += _assign_and_report(c003, office=office, counties=counties, tasks=tasks[2:4],
                                             due=cal.add_working_days(today, 20), report_on=today, liaisons=liaisons,
                                             finish=False)

    # 004: three 环节; today in the third (整改落实、建章立制).
    s1 = today - D(days=120)
    phases = [(s1, s1 + D(days=59)), (s1 + D(days=60), today - D(days=1)), (today, today + D(days=90))]
    c004, new = _import("004", office=office, issuer=commission, year=s1.year, phases=phases,
                        title="县卫生局党的群众路线教育实践活动实施方案", task_sections=("重点任务", "整改落实"),
                        opens=[[WorkKind.PROGRESS], [WorkKind.PROGRESS], [WorkKind.PROGRESS, WorkKind.SELF_ASSESSMENT]])
    if new:
        tasks = _leaf_tasks(c004)
        created["004"] = _assign_and_report(c004, office=office, counties=counties, tasks=tasks[:3],
                                            due=cal.add_working_days(today, 2), report_on=None, liaisons=liaisons,
                                            finish=False)
        withdrawn = Assignment.objects.filter(task__campaign=c004).order_by("pk").first()
        if withdrawn is not None:
            services.assignment_withdraw(actor=office, assignment=withdrawn, reason=_("该项由市级统一组织，县级不再单独办理。"))
    linked = _county_plans(office=office, commission=commission, today=today)
    total = sum(created.values())
    out.write(_("创建活动演示：从方案导入 {n} 个活动，新建任务分工 {count} 项；{linked} 个县（市、区）的实施方案和示范点名单。").format(
        n=len(created), count=total, linked=linked) + "\n")
    return {"created": total, "campaigns": [c000.pk, c003.pk, c004.pk], "statuses": [
        Campaign.objects.get(pk=c.pk).status for c in (c000, c003, c004)], "closed": CampaignStatus.CLOSED}
