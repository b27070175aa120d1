"""The demo campaign: 卫生计生法治建设规范年 of seed 002, its three phases and its quotas.

The plan ran in 2018. A demo whose campaign lies in the past shows nothing but red and
refuses every progress report, so the phases are moved to contain today:
- when today falls well inside 5月2日–11月30日 of the current year, the seed's exact
  month/day dates are kept and only the year changes;
- otherwise (December to early May) the seed's 2018 schedule keeps its lengths and is moved
  by whole days so that today lies two months into 规范建设阶段.
The plan text itself stays as published.

What is read through the plan importer: the milestones (5月15日前报送行动方案、示范点名单…) and the
numeric rules, taken from the importer's reading of the seed (`milestones_and_rules`). What is
built here, not imported: the phases (the dates above, and the work each opens), the quotas
(one per county and per directly affiliated unit, which the assessment demo's caps are keyed on)
and the task tree (tasks.py: only 二、主要任务, every node with its unit kinds, the 1、 items
assigned). The importer reads the same plan into a different tree (every section, 1、 as
headings, （1） as tasks) and other quotas (per_child on the issuer), which every later demo
(assignments, reports, the assessment round, the indicators) is built on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fazhi.campaigns.choices import CampaignStatus, DemoLevel, QuotaKind, WorkKind
from fazhi.campaigns.models import Campaign, Phase, Quota
from fazhi.campaigns.planimport.draft import build_draft
from fazhi.campaigns.planimport.services import keep_the_rest
from fazhi.campaigns.services import campaign_create, phase_create, quota_create
from fazhi.core.workdays import WorkCalendar
from fazhi.planparse import parse_text

from .tasks import plan_text
from .units import COUNTIES, DemoUnits

TITLE = "卫生计生法治建设规范年"
SEED_YEAR = 2018

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


@dataclass
class DemoCampaign:
    campaign: Campaign
    phases: dict[str, Phase]
    schedule: Schedule


def campaign_create_demo(actor, units: DemoUnits, today: dt.date, cal: WorkCalendar) -> DemoCampaign:
    """The campaign with its phases and quotas; an existing demo campaign is reused as it is."""
    campaign = Campaign.objects.filter(issuer=units.commission, title=TITLE).first()
    if campaign is None:
        sched = schedule_for(today, cal)
        campaign = campaign_create(actor=actor, issuer=units.commission, title=TITLE, year=sched.start.year,
                                   plan_text=plan_text(), start_date=sched.start, end_date=sched.end,
                                   status=CampaignStatus.ACTIVE)
    else:
        # Reloading keeps the dates the campaign was created with: the data stays consistent.
        phases = [PhaseDates(p.name, p.start, p.end, p.opens) for p in campaign.phases.order_by("order")]
        sched = Schedule(phases, kept_month_day=_keeps_month_day(phases)) if phases else schedule_for(today, cal)
    if not campaign.milestones.exists() and not campaign.rules.exists():
        milestones_and_rules(actor, campaign, sched)
    phases = {}
    for order, p in enumerate(sched.phases, start=1):
        phase = campaign.phases.filter(name=p.name).first()
        if phase is None:
            phase = phase_create(actor=actor, campaign=campaign, name=p.name, start=p.start, end=p.end, order=order, opens=p.opens)
        phases[p.name] = phase
    quotas_create(actor, campaign, units)
    return DemoCampaign(campaign=campaign, phases=phases, schedule=sched)


def milestones_and_rules(actor, campaign: Campaign, sched: Schedule) -> None:
    """The plan's dated steps ("5月15日前报送行动方案、示范点名单…") and numeric rules, as the plan
    importer reads them from seed 002, their dates moved with the phases."""
    plan = build_draft(parse_text(plan_text()).to_dict())
    shift = sched.start - dt.date(SEED_YEAR, *SEED_PHASES[0][1])
    for ms in plan.get("milestones") or []:
        if ms.get("date"):
            ms["date"] = (dt.date.fromisoformat(ms["date"]) + shift).isoformat()
    keep_the_rest(actor=actor, campaign=campaign, plan=plan, late=[])


def _quota(actor, campaign: Campaign, level: str, count: int, scope, note: str, kind: str = QuotaKind.CAP) -> None:
    if not Quota.objects.filter(campaign=campaign, level=level, scope=scope, per_child=False).exists():
        quota_create(actor=actor, campaign=campaign, level=level, count=count, scope=scope, note=note, kind=kind)


def quotas_create(actor, campaign: Campaign, units: DemoUnits) -> None:
    """三、（三）1、创建指标: 1 / 3 / 10 for the whole system; per county 1 / 1 / 2; every
    directly affiliated unit at least one window (and it strives for an institution). The bare
    numbers are caps, 至少 a minimum, as the plan importer reads them."""
    system = "全系统年内评选树立"
    _quota(actor, campaign, DemoLevel.ADMIN_DEPT, 1, None, system)
    _quota(actor, campaign, DemoLevel.INSTITUTION, 3, None, system)
    _quota(actor, campaign, DemoLevel.WINDOW, 10, None, system)
    county_note = "各县（市、区）重点培养"
    for county in COUNTIES:
        bureau = units.counties[county]
        _quota(actor, campaign, DemoLevel.ADMIN_DEPT, 1, bureau, county_note)
        _quota(actor, campaign, DemoLevel.INSTITUTION, 1, bureau, county_note)
        _quota(actor, campaign, DemoLevel.WINDOW, 2, bureau, county_note)
    for unit in units.direct:
        _quota(actor, campaign, DemoLevel.WINDOW, 1, unit, "委直属单位至少创建1个示范窗口并争创示范机构", QuotaKind.MINIMUM)
