"""Demo data of the assessment app, on top of the platform demo (fazhi.demo.load_demo):
the three shipped rubrics and one round on the demo campaign — the 示范窗口 of the whole
system — with every stage filled: 自评 by each unit's liaison, 县级初评 by two inspectors of
each county (mean of the team), 市级复评 by the city's team (its leader's score), then
nominations within each county's quota, the city's selection within the system-wide quota,
the circular's fields and the published results.

Idempotent: a round with the demo title on the demo campaign is left as it is. Every write
goes through the services, as the people named would have made it; the day each piece of
work is recorded on is a day of the campaign phase that opens that work.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.campaigns.choices import DemoLevel, WorkKind
from fazhi.campaigns.models import Campaign
from fazhi.core.workdays import today as local_today
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Grant, Unit
from fazhi.org.services import grant_create, person_create

from . import grading, quotas, services, targets
from .choices import AssessmentKind, ItemKind, NominationStatus, RoundStatus, TeamMethod
from .models import Assessment, AssessmentRound, DemoTarget, Nomination, Rubric
from .rubricio import rubrics_install
from .services import ScoreEntry, StageData

ROUND_TITLE = "法治创建示范窗口考评"
CAMPAIGN_TITLE = "卫生计生法治建设规范年"
STAGES = [StageData("自评", AssessmentKind.SELF), StageData("县级初评", AssessmentKind.INSPECTION, TeamMethod.MEAN),
          StageData("市级复评", AssessmentKind.INSPECTION, TeamMethod.LEADER)]
# Two inspectors of each county bureau (their accounts cannot log in) and a second city inspector.
COUNTY_INSPECTOR_NAMES = ["韩冰", "贾志", "孟琳", "范涛", "任杰", "程楠", "邵峰", "田甜", "白宇", "石磊", "康宁", "严明"]
CITY_SECOND_INSPECTOR = ("insp-city-2", "马骏")
# One window is vetoed at 市级复评, so that the demo shows what a veto does.
VETOED_WINDOW_SUFFIX = "人民医院门诊服务窗口"
VETO_COUNTY = "陵川县"


@dataclass
class DemoRoundResult:
    round_id: int | None
    created: bool


def _seed(*parts) -> int:
    return int(hashlib.sha256("/".join(str(p) for p in parts).encode()).hexdigest()[:8], 16)


def _work_day(campaign: Campaign, work: str, today: dt.date) -> dt.date:
    """A day on which this work is open: today if a phase opening it contains today, else the
    last day of the latest such phase already begun, else the first day of the first one."""
    phases = sorted((p for p in campaign.phases.all() if p.opens_work(work)), key=lambda p: p.start)
    if not phases:
        return today
    for p in phases:
        if p.start <= today <= p.end:
            return today
    begun = [p for p in phases if p.start <= today]
    return begun[-1].end if begun else phases[0].start


def _person(actor, unit: Unit, username: str, name: str, title: str, role: str):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        person = person_create(actor=actor, unit=unit, username=username, name=name, title=title)
        user = person.user
    if not Grant.objects.filter(person__user=user, role=role, unit=unit).exists():
        grant_create(actor=actor, person=user.person, role=role, unit=unit)
    return user


def _liaison(actor, unit: Unit, cache: dict):
    """The liaison whose grant covers the unit (the nearest one); a window without one gets its own."""
    grants = cache.setdefault("liaisons", list(Grant.objects.filter(role=Role.LIAISON).select_related("unit", "person__user")))
    covering = sorted((g for g in grants if unit.path.startswith(g.unit.path)), key=lambda g: -len(g.unit.path))
    if covering:
        return covering[0].person.user
    user = _person(actor, unit, f"lly-unit-{unit.pk}", "窗口联络员", "法治建设联络员", Role.LIAISON)
    cache.pop("liaisons")
    return user


def _marks(rubric_items, unit: Unit, stage: str, strictness: int) -> list[ScoreEntry]:
    """Deterministic marks: the stricter the stage, the more shortfalls found."""
    entries = []
    for k, item in enumerate(rubric_items):
        if item.kind == ItemKind.CATEGORY:
            continue
        # Keyed on what the item says, not its row id: the same marks on every database and every load.
        s = _seed(unit.name, stage, item.label, item.title, item.order) % 10
        if item.kind == ItemKind.VETO:
            vetoed = stage.startswith("市级复评") and unit.name == f"{VETO_COUNTY}{VETOED_WINDOW_SUFFIX}"
            entries.append(ScoreEntry(item_id=item.pk, vetoed=vetoed,
                                      reason=_("群众举报收受“红包”，经查属实。") if vetoed else ""))
            continue
        if item.kind == ItemKind.BONUS:
            entries.append(ScoreEntry(item_id=item.pk, points=2 if s < 3 else 0))
            continue
        if item.kind == ItemKind.PENALTY:
            entries.append(ScoreEntry(item_id=item.pk, counts={"0": 0}))
            continue
        shortfalls = 1 if s < strictness else 0
        countable = [i for i, r in enumerate(item.rules or []) if r.get("shape") in ("per_shortfall", "fixed")]
        if shortfalls and (item.deduction is not None or countable) and s == 0 and strictness > 3:
            shortfalls = 2
        if not shortfalls:
            entries.append(ScoreEntry(item_id=item.pk, points=item.max_points))
        elif countable:
            # Shortfalls counted under the item's last per-item rule, as an inspector enters them.
            rule = item.rules[countable[-1]]
            entries.append(ScoreEntry(item_id=item.pk, counts={str(countable[-1]): shortfalls},
                                      reason=_("现场检查发现：{rule}。").format(rule=rule.get("text") or item.title)))
        elif item.deduction is not None:
            entries.append(ScoreEntry(item_id=item.pk, shortfalls=shortfalls,
                                      reason=_("现场检查发现：{rule}。").format(rule=item.deduction_rule or item.title)))
        else:
            entries.append(ScoreEntry(item_id=item.pk, points=item.max_points - 1, reason=_("材料不完整。")))
    return entries


@transaction.atomic
def load_demo(*, stdout=None, today: dt.date | None = None) -> DemoRoundResult:
    out = stdout if stdout is not None else sys.stdout
    today = today or local_today()
    campaign = Campaign.objects.filter(title=CAMPAIGN_TITLE, issuer__parent__isnull=True).select_related("issuer").first()
    User = get_user_model()
    office = User.objects.filter(username="office").first()
    city_inspector = User.objects.filter(username="inspector").first()
    if campaign is None or office is None or city_inspector is None:
        out.write(_("未找到平台演示数据，未载入考评演示数据。") + "\n")
        return DemoRoundResult(None, False)
    rubrics_install(actor=office)
    yearly = yearly_selection(office=office, inspector=city_inspector, commission=campaign.issuer)
    if yearly:
        out.write(_("考评演示数据：徐州法治城市创建活动的 {n} 个年度评选已公布。").format(n=len(yearly)) + "\n")
    existing = AssessmentRound.objects.filter(campaign=campaign, title=ROUND_TITLE).first()
    if existing is not None:
        if existing.status == RoundStatus.PUBLISHED and not existing.unit_grades.exists():
            grading.grades_register(actor=office, rnd=existing)  # a demo published before the register existed
        _targets_create(office, campaign, existing)
        return DemoRoundResult(existing.pk, False)
    commission = campaign.issuer
    rubric = Rubric.objects.get(code="demo-window")
    rnd = services.round_create(actor=office, campaign=campaign, rubric=rubric, title=ROUND_TITLE, scope=commission,
                                unit_kind=UnitKind.WINDOW, stages=STAGES)
    services.round_open(actor=office, rnd=rnd)
    stages = {s.name: s for s in rnd.stages.all()}
    items = list(rubric.items.all().order_by("parent_id", "order"))
    counties = list(Unit.objects.filter(parent=commission, kind=UnitKind.ADMIN_DEPT).order_by("order", "path"))
    second_city = _person(office, commission, *CITY_SECOND_INSPECTOR, "督导组成员", Role.INSPECTOR)
    county_teams = {}
    for i, county in enumerate(counties):
        names = COUNTY_INSPECTOR_NAMES[2 * i: 2 * i + 2] or ["督导员甲", "督导员乙"]
        county_teams[county.pk] = [_person(office, county, f"insp-{county.pk}-{j + 1}", name, "县级考评组成员", Role.INSPECTOR)
                                   for j, name in enumerate(names)]
    self_day = _work_day(campaign, WorkKind.SELF_ASSESSMENT, today)
    inspection_day = _work_day(campaign, WorkKind.INSPECTION, today)
    cache: dict = {}
    assessments = Assessment.objects.filter(round=rnd).select_related("unit", "stage").order_by("unit__path", "stage__order")
    for a in assessments:
        unit = a.unit
        if a.stage.name == "自评":
            liaison = _liaison(office, unit, cache)
            services.item_scores_save(actor=liaison, assessment=a, entries=_marks(items, unit, "自评", 2), day=self_day)
            services.assessment_submit(actor=liaison, assessment=a, day=self_day)
            continue
        if a.stage.name == "县级初评":
            county = next((c for c in counties if unit.is_within(c)), None)
            team = county_teams[county.pk] if county else [city_inspector, second_city]
            leader = team[0]
            strictness = 4
        else:
            team, leader, strictness = [city_inspector, second_city], city_inspector, 5
        services.assessment_team_set(actor=office, assessment=a, leader=leader, team=team)
        for n, inspector in enumerate(team):
            services.item_scores_save(actor=inspector, assessment=a, day=inspection_day,
                                      entries=_marks(items, unit, f"{a.stage.name}-{n}", strictness))
        services.assessment_submit(actor=leader, assessment=a, day=inspection_day)
    _nominate_and_select(rnd, office, counties, _work_day(campaign, WorkKind.NOMINATION, today))
    services.round_close(actor=office, rnd=rnd)
    services.round_circular_update(
        actor=office, rnd=rnd, circular_number=f"晋卫计政法发〔{campaign.year}〕{21}号",
        circular_title=_("关于{year}年度法治创建示范窗口评选结果的通报").format(year=campaign.year),
        circular_date=today, circular_cc="市委依法治市办，市政府法制办",
        circular_printer=f"{campaign.issuer.name}办公室")
    services.round_publish(actor=office, rnd=rnd)
    _targets_create(office, campaign, rnd)
    out.write(_("考评演示数据：“{title}”，{units} 个窗口经自评、县级初评、市级复评，已评选并公布。").format(
        title=rnd.title, units=assessments.filter(stage=stages["自评"]).count()) + "\n")
    return DemoRoundResult(rnd.pk, True)


# Seed 000 (徐州, three years): "在全市卫生系统每年评选出一批法治城市创建先进单位".
XUZHOU_PREFIX = "徐州"
YEARLY_TITLE = "{year}年度法治城市创建先进单位评选"
YEARLY_STAGES = [StageData("年度考评", AssessmentKind.INSPECTION, TeamMethod.LEADER)]
YEARLY_SELECTED = 2  # the best two bureaus of each year


def yearly_selection(*, office, inspector, commission) -> list[int]:
    """The three-year campaign of seed 000 selects its 先进单位 once a year: one round per year of
    the campaign, on a day of it (20 days before each campaign year ends), the county bureaus
    scored by the city's inspector, the best two selected and published.

    The campaign had already ended when its years' results are recorded here: it is reopened
    with that reason and closed again, its closing day kept. Rounds already recorded are skipped."""
    from fazhi.campaigns import services as campaign_services
    from fazhi.campaigns.choices import CampaignStatus

    campaign = (Campaign.objects.filter(issuer=commission, title__startswith=XUZHOU_PREFIX, parent__isnull=True)
                .select_related("issuer").first())
    if campaign is None or not (campaign.start_date and campaign.end_date):
        return []
    days = [campaign.start_date + dt.timedelta(days=365 * k - 20) for k in (1, 2, 3)]
    phases = list(campaign.phases.all())
    # A day when the plan has the units assessed and nominated (a demo loaded before the phases opened that work: skipped).
    todo = [d for d in days if any(p.start <= d <= p.end and p.opens_work(WorkKind.INSPECTION) and p.opens_work(WorkKind.NOMINATION)
                                   for p in phases)
            and not AssessmentRound.objects.filter(campaign=campaign, title=YEARLY_TITLE.format(year=d.year)).exists()]
    if not todo:
        return []
    closed_at = campaign.closed_at if campaign.status == CampaignStatus.CLOSED else None
    if closed_at:
        campaign_services.campaign_reopen(actor=office, campaign=campaign, reason=_("补录各年度法治城市创建先进单位评选结果。"))
    rubric = Rubric.objects.get(code="demo-admin-dept")
    items = list(rubric.items.all().order_by("parent_id", "order"))
    made = []
    for n, day in enumerate(todo, start=1):
        rnd = services.round_create(actor=office, campaign=campaign, rubric=rubric, title=YEARLY_TITLE.format(year=day.year),
                                    scope=commission, unit_kind=UnitKind.ADMIN_DEPT, stages=YEARLY_STAGES)
        services.round_open(actor=office, rnd=rnd)
        for a in Assessment.objects.filter(round=rnd).select_related("unit").order_by("unit__path"):
            services.assessment_team_set(actor=office, assessment=a, leader=inspector, team=[inspector])
            services.item_scores_save(actor=inspector, assessment=a, day=day,
                                      entries=_marks(items, a.unit, f"{rnd.title}-{day.year}", 3))
            services.assessment_submit(actor=inspector, assessment=a, day=day)
        from .selectors import results

        passing = quotas.pass_mark(rnd)
        nominated = [quotas.nomination_create(actor=office, rnd=rnd, unit=r.unit, day=day,
                                              note=_("考评得分 {total} 分").format(total=r.final.total))
                     for r in results(actor=office, rnd=rnd).rows
                     if r.final is not None and not r.final.vetoed and r.final.total >= passing]
        if nominated[:YEARLY_SELECTED]:
            quotas.nominations_select(actor=office, nominations=nominated[:YEARLY_SELECTED], day=day)
        for nomination in nominated[YEARLY_SELECTED:]:
            quotas.nomination_decline(actor=office, nomination=nomination, day=day)
        services.round_close(actor=office, rnd=rnd)
        services.round_circular_update(
            actor=office, rnd=rnd, circular_number=f"晋卫计政法发〔{day.year}〕{40 + n}号",
            circular_title=_("关于{year}年度法治城市创建先进单位评选结果的通报").format(year=day.year),
            circular_date=day, circular_printer=f"{commission.name}办公室")
        services.round_publish(actor=office, rnd=rnd)
        made.append(rnd.pk)
    if closed_at:
        campaign_services.campaign_close(actor=office, campaign=campaign)
        Campaign.objects.filter(pk=campaign.pk).update(closed_at=closed_at)
    return made


def _nominate_and_select(rnd: AssessmentRound, office, counties: list[Unit], day: dt.date) -> None:
    """Each county nominates its best windows up to its quota, every directly affiliated unit
    its window; the city selects the best within the system-wide quota and declines the rest."""
    from .selectors import results

    # Only units that passed are nominated ("推荐考评合格的"); the nomination service enforces it too.
    passing = quotas.pass_mark(rnd)
    rows = [r for r in results(actor=office, rnd=rnd).rows
            if r.final is not None and not r.final.vetoed and r.final.total >= passing]
    nominated = []
    for row in rows:  # best first
        caps = quotas.nomination_caps(rnd.campaign, quotas.level_of(rnd), row.unit)
        if any(u.remaining <= 0 for u in caps):
            continue
        nominated.append(quotas.nomination_create(actor=office, rnd=rnd, unit=row.unit, day=day,
                                                  note=_("考评得分 {total} 分").format(total=row.final.total)))
    system = quotas.selection_caps(rnd.campaign, quotas.level_of(rnd))
    places = min((u.remaining for u in system), default=len(nominated))
    quotas.nominations_select(actor=office, nominations=nominated[:places], day=day)
    for n in nominated[places:]:
        quotas.nomination_decline(actor=office, nomination=n, day=day)


def _targets_create(office, campaign: Campaign, rnd: AssessmentRound) -> None:
    """争创示范: the directly affiliated institutions strive for 示范机构 (seed 002: 「…至少创建1个
    法治创建示范窗口并争创示范机构」), and three windows for 示范窗口 — one selected, one
    declined, one never nominated — so that the unit page and the campaign show every outcome."""
    commission = campaign.issuer
    have = set(DemoTarget.objects.filter(campaign=campaign, withdrawn_at__isnull=True).values_list("unit_id", "level"))
    wanted = [(u, DemoLevel.INSTITUTION) for u in
              Unit.objects.filter(parent=commission, kind=UnitKind.INSTITUTION).order_by("order", "path")]
    noms = {n.unit_id: n for n in Nomination.objects.filter(round=rnd).select_related("unit").order_by("unit__path")}
    picks = [next((n.unit for n in noms.values() if n.status == s), None)
             for s in (NominationStatus.SELECTED, NominationStatus.DECLINED)]
    picks.append(Unit.objects.filter(assessments__round=rnd).exclude(pk__in=noms.keys()).order_by("path").first())
    wanted += [(u, DemoLevel.WINDOW) for u in picks if u is not None]
    for unit, level in wanted:
        if (unit.pk, level) not in have:
            targets.demo_target_create(actor=office, campaign=campaign, unit=unit, level=level,
                                       note=_("委直单位至少创建1个示范窗口并争创示范机构") if level == DemoLevel.INSTITUTION else "")
