"""The demo campaign: 卫生计生法治建设规范年 of seed 002, imported through the plan importer.

The seed is read as the import page reads it (parse_text → build_draft), the office's part on
the draft page is done here, and the campaign is created by plan_import_create and started by
campaign_activate, as an office would. Everything else is the importer's reading of the plan:
the task tree (every section, the 1、 items of 二、主要任务 with their （1） items, the 创建标准),
the quotas (1 / 3 / 10 for the whole system, 1 / 1 / 2 for each of the commission's direct
units, at least one 示范窗口 of the six directly affiliated units), the milestones and the
numeric rules.

The office's part on the draft page:
- the title, 卫生计生法治建设规范年, as the notice and every later demo name it;
- the phase dates. The plan ran in 2018; a demo whose campaign lies in the past shows nothing
  but red and refuses every progress report, so the phases are placed to contain today:
  when today falls well inside 5月2日–11月30日 of the current year, the seed's month/day dates
  are kept and only the year changes; otherwise (December to early May) the seed's 2018
  schedule keeps its lengths and is moved by whole days so that today lies two months into
  规范建设阶段. The milestones' dates move with them; the plan text stays as published;
- the work each phase opens (SEED_PHASES): progress reporting from the start, self-assessment
  while the units build, inspection and nomination in 总结完善阶段;
- the 1、 items of the two task lists written for a kind of unit (（一）行政部门, （二）机构)
  are marked as tasks, each with its （1） items: they are what the office assigns, and the
  importer gives them the unit kind their list names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from fazhi.campaigns.choices import WorkKind
from fazhi.campaigns.models import Campaign, Phase, Task
from fazhi.campaigns.planimport.draft import TASK, build_draft, kinds_named
from fazhi.campaigns.planimport.services import plan_import_create
from fazhi.campaigns.services import campaign_activate, task_update
from fazhi.core.workdays import WorkCalendar
from fazhi.org.choices import UnitKind
from fazhi.planparse import parse_text
from fazhi.seeds import seed_text

from .units import DemoUnits

SEED = "002"
TITLE = "卫生计生法治建设规范年"
SEED_YEAR = 2018
TASK_SECTION = "主要任务"  # 二、主要任务: its lists written for a kind of unit hold the tasks to assign
# The kinds of unit the demo assigns to: the six county bureaus and the institutions.
ASSIGNED_KINDS = (UnitKind.ADMIN_DEPT, UnitKind.INSTITUTION)

# (name, (month, day) start, (month, day) end, kinds of work it opens), as the seed prints them:
# 部署动员阶段（2018年5月2日至5月15日）, 规范建设阶段（2018年5月16日至9月）, 总结完善阶段（2018年10月至11月）.
SEED_PHASES = [
    ("部署动员阶段", (5, 2), (5, 15), [WorkKind.PROGRESS]),
    ("规范建设阶段", (5, 16), (9, 30), [WorkKind.PROGRESS, WorkKind.SELF_ASSESSMENT]),
    ("总结完善阶段", (10, 1), (11, 30), [WorkKind.PROGRESS, WorkKind.SELF_ASSESSMENT, WorkKind.INSPECTION, WorkKind.NOMINATION]),
]
# Room the demo needs around today: red deadlines behind it, green ones ahead of it.
DAYS_BEHIND = 7
WORKING_DAYS_AHEAD = 5
SHIFTED_INTO_BUILDING = 60  # days into 规范建设阶段 when the schedule is moved


@dataclass(frozen=True)
class PhaseDates:
    name: str
    start: dt.date
    end: dt.date
    opens: list


@dataclass(frozen=True)
class Schedule:
    phases: list[PhaseDates]
    kept_month_day: bool  # True: the seed's dates in the current year; False: moved by whole days

    @property
    def start(self) -> dt.date:
        return self.phases[0].start

    @property
    def end(self) -> dt.date:
        return self.phases[-1].end


def _in_year(year: int) -> list[PhaseDates]:
    return [PhaseDates(name, dt.date(year, *s), dt.date(year, *e), list(opens)) for name, s, e, opens in SEED_PHASES]


def schedule_for(today: dt.date, cal: WorkCalendar | None = None) -> Schedule:
    """The seed's phases placed so that today lies inside the campaign with room on both sides."""
    cal = cal or WorkCalendar()
    phases = _in_year(today.year)
    if phases[0].start + dt.timedelta(days=DAYS_BEHIND) <= today and cal.add_working_days(today, WORKING_DAYS_AHEAD) <= phases[-1].end:
        return Schedule(phases, kept_month_day=True)
    seed = _in_year(SEED_YEAR)
    shift = today - (seed[1].start + dt.timedelta(days=SHIFTED_INTO_BUILDING))
    return Schedule([PhaseDates(p.name, p.start + shift, p.end + shift, p.opens) for p in seed], kept_month_day=False)


def _keeps_month_day(phases: list[PhaseDates]) -> bool:
    return [(p.start.month, p.start.day, p.end.month, p.end.day) for p in phases] == [
        (*s, *e) for _name, s, e, _opens in SEED_PHASES]


def plan_text() -> str:
    return seed_text(SEED)


def plan_draft(sched: Schedule) -> dict:
    """Seed 002 as the import page shows it, completed as the office completes it (see above)."""
    draft = build_draft(parse_text(plan_text()).to_dict())
    draft["title"] = TITLE
    draft["year"] = sched.start.year
    read = [p.get("name") for p in draft["phases"]]
    if read != [p.name for p in sched.phases]:  # the seed or the parser changed: say so, do not guess
        raise ValueError(f"seed {SEED}: the importer reads the phases {read}")
    for phase, dates in zip(draft["phases"], sched.phases):
        phase["start"], phase["end"], phase["opens"] = dates.start.isoformat(), dates.end.isoformat(), list(dates.opens)
    shift = sched.start - dt.date(SEED_YEAR, *SEED_PHASES[0][1])
    for ms in draft.get("milestones") or []:
        if ms.get("date"):
            ms["date"] = (dt.date.fromisoformat(ms["date"]) + shift).isoformat()
    for section in draft["outline"]:
        if section.get("heading") == TASK_SECTION:
            for plan_list in section.get("children") or []:
                if kinds_named(plan_list.get("heading", "")):
                    for item in plan_list.get("children") or []:
                        item["kind"] = TASK
    return draft


def tasks_to_assign(campaign: Campaign) -> dict[str, list[Task]]:
    """The 1、 items of 二、主要任务's lists, by the one unit kind the importer gave each; read
    from the campaign's tree, so a reload finds the same tasks."""
    by_kind: dict[str, list[Task]] = {kind: [] for kind in ASSIGNED_KINDS}
    lists = campaign.tasks.filter(parent__parent__isnull=True, parent__heading=TASK_SECTION)
    for task in campaign.tasks.filter(parent__in=lists).order_by("sort_key"):
        if len(task.applies_to) == 1 and task.applies_to[0] in by_kind:
            by_kind[task.applies_to[0]].append(task)
    return by_kind


@dataclass
class DemoCampaign:
    campaign: Campaign
    phases: dict[str, Phase]
    schedule: Schedule
    tasks_by_kind: dict[str, list[Task]] = field(default_factory=dict)

    @property
    def task_count(self) -> int:
        return self.campaign.tasks.count()


def campaign_create_demo(actor, units: DemoUnits, today: dt.date, cal: WorkCalendar) -> DemoCampaign:
    """The campaign imported from the seed and started; an existing demo campaign is reused as it is."""
    campaign = Campaign.objects.filter(issuer=units.commission, title=TITLE).first()
    if campaign is None:
        sched = schedule_for(today, cal)
        campaign = plan_import_create(actor=actor, issuer=units.commission, plan=plan_draft(sched))
        # The plan does not say in which phase the task lists are worked on; the office puts the
        # tasks it assigns in 规范建设阶段, so that the lists' phase filter finds them.
        building = campaign.phases.get(name=SEED_PHASES[1][0])
        for tasks in tasks_to_assign(campaign).values():
            for task in tasks:
                task_update(actor=actor, task=task, phase=building)
        campaign = campaign_activate(actor=actor, campaign=campaign)
    else:
        # Reloading keeps the dates the campaign was created with: the data stays consistent.
        phases = [PhaseDates(p.name, p.start, p.end, p.opens) for p in campaign.phases.order_by("order")]
        sched = Schedule(phases, kept_month_day=_keeps_month_day(phases)) if phases else schedule_for(today, cal)
    phases = {p.name: p for p in campaign.phases.order_by("order")}
    return DemoCampaign(campaign=campaign, phases=phases, schedule=sched, tasks_by_kind=tasks_to_assign(campaign))
