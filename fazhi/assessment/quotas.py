"""Nomination (推荐) and selection (评选) within the campaign's quotas (创建指标).

Which quota limits what:
- a quota with a scope unit (e.g. 泽州县卫生计生局: 2 windows) counts the nominations of units
  in that unit's subtree; a per-child quota counts each direct child's subtree separately;
- the system-wide quota (no scope) counts the selections of the whole campaign.
How it binds is the quota's kind: a cap (不超过, or a bare number) refuses what would go past
it; a minimum (至少) refuses nothing but is shown short — amber, red once nomination work is
over — until the scope reaches it; an exact number does both.
Counts run over every round of the campaign, declined nominations excluded. The quota rows
are locked while counting, so that two offices nominating at the same moment cannot both
take the last place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.audit.services import audit_record, snapshot
from fazhi.campaigns.choices import DemoLevel, QuotaKind, WorkKind
from fazhi.campaigns.models import Campaign, Quota
from fazhi.campaigns.quotas import counted_children
from fazhi.campaigns.services import require_work_open
from fazhi.core.colours import AMBER, GREEN, RED, deadline_colour
from fazhi.core.workdays import WorkCalendar
from fazhi.org.choices import Role
from fazhi.org.models import Unit
from fazhi.org.scoping import require_role

from . import messages as m
from .choices import LEVEL_OF_KIND, AssessmentKind, NominationStatus, RoundStatus
from .models import Assessment, AssessmentRound, Nomination

OFFICE = [Role.OFFICE]
COUNTED = [NominationStatus.NOMINATED, NominationStatus.SELECTED]


@dataclass
class QuotaUse:
    """A quota as it applies to one subtree, with how much of it is used."""

    quota: Quota
    scope: Unit | None  # the subtree counted (the child for a per-child quota); None: the whole system
    used: int = 0
    due: dt.date | None = None  # the last day of nomination work: a minimum not reached by then is overdue
    cal: WorkCalendar | None = None
    day: dt.date | None = None

    @property
    def remaining(self) -> int:
        if not self.quota.caps:
            return 10**6  # a minimum caps nothing
        return max(self.quota.count - self.used, 0)

    @property
    def short(self) -> int:
        """How many the scope still owes a minimum (0 for a cap, or once reached)."""
        return max(self.quota.count - self.used, 0) if self.quota.is_minimum else 0

    @property
    def over(self) -> int:
        return max(self.used - self.quota.count, 0) if self.quota.caps else 0

    @property
    def verb(self) -> str:
        return str(m.VERB_SELECTED if self.scope is None and not self.quota.per_child else m.VERB_NOMINATED)

    @property
    def bound(self) -> str:
        """「至少 1」, 「上限 1」, 「须 2」."""
        return str(m.QUOTA_BOUND[self.quota.kind]).format(count=self.quota.count)

    @property
    def progress(self) -> str:
        """「推荐 2 / 至少 1」."""
        return str(m.QUOTA_PROGRESS).format(verb=self.verb, used=self.used, bound=self.bound)

    @property
    def colour(self) -> str:
        """A minimum not yet reached is never green: amber while nominations are open, red once
        the last day of nomination work has passed; a cap gone past (a quota lowered after
        nominations) is red; anything else green."""
        if self.over:
            return RED
        if self.short:
            return RED if deadline_colour(self.due, day=self.day, cal=self.cal) == RED else AMBER
        return GREEN

    @property
    def is_full(self) -> bool:
        return self.quota.caps and self.used >= self.quota.count

    def describe(self) -> str:
        level = DemoLevel(self.quota.level).label
        if self.scope is None:
            return str(m.QUOTA_SYSTEM).format(level=level)
        return str(m.QUOTA_SCOPE).format(scope=self.scope.name, level=level)


def nomination_due(campaign: Campaign) -> dt.date | None:
    """The last day nominations may be made: the end of the last phase that opens them (the
    campaign's end when no phase names them)."""
    ends = [p.end for p in campaign.phases.all() if p.opens_work(WorkKind.NOMINATION)]
    return max(ends) if ends else campaign.end_date


def level_of(rnd: AssessmentRound) -> str:
    return LEVEL_OF_KIND[rnd.unit_kind]


def _scope_for(quota: Quota, unit: Unit, by_path: dict[str, Unit]) -> Unit | None | bool:
    """The subtree of `unit` that this quota counts: a Unit, None for the system, False if it does not apply."""
    if quota.scope_id is None and not quota.per_child:
        return None
    base = quota.scope if quota.scope_id is not None else quota.campaign.issuer
    if not unit.path.startswith(base.path):
        return False
    if not quota.per_child:
        return quota.scope
    if unit.depth <= base.depth:
        return False
    child = by_path.get(unit.ancestor_paths()[base.depth + 1])
    if child is None or child not in counted_children(base, Unit.objects.filter(parent=base)):
        return False
    return child


CAPPING = [QuotaKind.CAP, QuotaKind.EXACT]


def nomination_caps(campaign: Campaign, level: str, unit: Unit, *, lock: bool = False) -> list[QuotaUse]:
    """The scoped quotas that cap nominations of this unit at this level (caps and exact
    numbers, not minimums), with their use."""
    qs = (Quota.objects.filter(campaign=campaign, level=level, kind__in=CAPPING)
          .select_related("scope", "campaign__issuer"))
    if lock:
        qs = qs.select_for_update(of=("self",))
    by_path = {u.path: u for u in Unit.objects.filter(path__in=unit.ancestor_paths())}
    uses = []
    for quota in qs:
        scope = _scope_for(quota, unit, by_path)
        if scope is False or scope is None:
            continue
        used = (Nomination.objects.filter(round__campaign=campaign, level=level, status__in=COUNTED,
                                          unit__path__startswith=scope.path).count())
        uses.append(QuotaUse(quota=quota, scope=scope, used=used))
    return uses


def selection_caps(campaign: Campaign, level: str, *, lock: bool = False) -> list[QuotaUse]:
    qs = Quota.objects.filter(campaign=campaign, level=level, scope__isnull=True, per_child=False, kind__in=CAPPING)
    if lock:
        qs = qs.select_for_update()
    used = Nomination.objects.filter(round__campaign=campaign, level=level, status=NominationStatus.SELECTED).count()
    return [QuotaUse(quota=q, scope=None, used=used) for q in qs]


def _refuse_beyond(use: QuotaUse, adding: int, verb) -> None:
    if use.used + adding > use.quota.count:
        raise ValidationError(str(m.QUOTA_EXCEEDED).format(
            quota=use.describe(), count=use.quota.count, used=use.used, adding=adding,
            over=use.used + adding - use.quota.count, verb=verb))


def _require_round_open(rnd: AssessmentRound, day: dt.date | None) -> None:
    if rnd.is_frozen:
        raise ValidationError(m.ROUND_FROZEN)
    if rnd.status != RoundStatus.OPEN:
        raise ValidationError(m.ROUND_NOT_OPEN)
    require_work_open(rnd.campaign, WorkKind.NOMINATION, day)


def final_assessment(rnd: AssessmentRound, unit: Unit) -> Assessment | None:
    """The unit's result: its assessment at the last inspection stage that has scores."""
    return (Assessment.objects.filter(round=rnd, unit=unit, kind=AssessmentKind.INSPECTION, scored_items__gt=0)
            .order_by("-stage__order").first())


@transaction.atomic
def pass_mark(rnd: AssessmentRound) -> Decimal:
    """The lowest total that passes the round: the floor of the band above the lowest one
    (the lowest band is 限期整改), as the plan says "推荐考评合格的"."""
    floors = sorted({Decimal(str(b["min"])) for b in rnd.grade_bands or []})
    return floors[1] if len(floors) > 1 else (floors[0] if floors else Decimal("0"))


def nomination_create(*, actor, rnd: AssessmentRound, unit: Unit, note: str = "", day: dt.date | None = None) -> Nomination:
    """A county (or the city for its own units) nominates a unit of the round, within its quota."""
    rnd = AssessmentRound.objects.select_related("campaign__issuer", "scope").get(pk=rnd.pk)
    require_role(actor, OFFICE, unit, m.NOT_OFFICE)
    _require_round_open(rnd, day)
    if not Assessment.objects.filter(round=rnd, unit=unit).exists():
        raise ValidationError(str(m.NOT_IN_ROUND).format(unit=unit.name))
    result = final_assessment(rnd, unit)
    if result is None:
        raise ValidationError(str(m.NOMINATION_NO_RESULT).format(unit=unit.name))
    if result.vetoed:
        raise ValidationError(str(m.NOMINATION_VETOED).format(unit=unit.name))
    mark = pass_mark(rnd)
    if result.total is None or result.total < mark:
        raise ValidationError(str(m.NOMINATION_BELOW_PASS).format(unit=unit.name, total=result.total, mark=mark))
    level = level_of(rnd)
    if Nomination.objects.filter(round=rnd, unit=unit, level=level).exists():
        raise ValidationError(str(m.NOMINATION_DUPLICATE).format(unit=unit.name))
    for use in nomination_caps(rnd.campaign, level, unit, lock=True):
        _refuse_beyond(use, 1, m.VERB_NOMINATED)
    nomination = Nomination(round=rnd, unit=unit, level=level, nominated_by=actor, note=(note or "").strip())
    nomination.full_clean()
    nomination.save()
    audit_record(actor=actor, action="nomination.create", obj=nomination, after=snapshot(nomination), unit=unit)
    return nomination


def _lock_pending(nominations: Iterable[Nomination]) -> list[Nomination]:
    ids = [n.pk for n in nominations]
    locked = list(Nomination.objects.select_for_update(of=("self",)).filter(pk__in=ids)
                  .select_related("round__campaign__issuer", "round__scope", "unit").order_by("unit__path"))
    if not locked:
        raise ValidationError(m.NOMINATION_NONE_SELECTED)
    for n in locked:
        if n.status != NominationStatus.NOMINATED:
            raise ValidationError(str(m.NOMINATION_NOT_PENDING).format(unit=n.unit.name))
    return locked


@transaction.atomic
def nominations_select(*, actor, nominations: Iterable[Nomination], day: dt.date | None = None) -> list[Nomination]:
    """The city selects nominated units, all or nothing, within the system-wide quota of each level."""
    locked = _lock_pending(nominations)
    now = timezone.now()
    by_level: dict[tuple[int, str], list[Nomination]] = {}
    for n in locked:
        require_role(actor, OFFICE, n.round.campaign.issuer, m.NOT_OFFICE)
        _require_round_open(n.round, day)
        by_level.setdefault((n.round.campaign_id, n.level), []).append(n)
    for (_campaign_id, level), group in by_level.items():
        for use in selection_caps(group[0].round.campaign, level, lock=True):
            _refuse_beyond(use, len(group), m.VERB_SELECTED)
    for n in locked:
        before = snapshot(n)
        n.status, n.decided_by, n.decided_at = NominationStatus.SELECTED, actor, now
        n.year = n.round.campaign.year
        n.title = str(m.SELECTED_TITLE).format(year=n.year, level=DemoLevel(n.level).label)
        n.full_clean()
        n.save()
        audit_record(actor=actor, action="nomination.select", obj=n, before=before, after=snapshot(n), unit=n.unit)
    return locked


@transaction.atomic
def nomination_decline(*, actor, nomination: Nomination, day: dt.date | None = None) -> Nomination:
    (n,) = _lock_pending([nomination])
    require_role(actor, OFFICE, n.round.campaign.issuer, m.NOT_OFFICE)
    _require_round_open(n.round, day)
    before = snapshot(n)
    n.status, n.decided_by, n.decided_at = NominationStatus.DECLINED, actor, timezone.now()
    n.full_clean()
    n.save()
    audit_record(actor=actor, action="nomination.decline", obj=n, before=before, after=snapshot(n), unit=n.unit)
    return n


def quota_overview(rnd: AssessmentRound, *, day: dt.date | None = None) -> list[QuotaUse]:
    """Every quota of the round's level as it stands: one row per county (or per child) and the system."""
    return campaign_quota_overview(rnd.campaign, levels=[level_of(rnd)], day=day)


def campaign_quota_overview(campaign: Campaign, *, levels: list[str] | None = None,
                            day: dt.date | None = None) -> list[QuotaUse]:
    """Every quota of the campaign (or of some levels) with its use, one row per scope it
    counts, system-wide rows first, then by level and scope. Four queries."""
    quotas = Quota.objects.filter(campaign=campaign).select_related("scope", "campaign__issuer")
    noms = Nomination.objects.filter(round__campaign=campaign, status__in=COUNTED)
    if levels is not None:
        quotas, noms = quotas.filter(level__in=levels), noms.filter(level__in=levels)
    quotas = list(quotas)
    noms = list(noms.values_list("level", "unit__path", "status"))
    children = {}
    if any(q.per_child for q in quotas):
        parents = [q.scope.path if q.scope_id else campaign.issuer.path for q in quotas if q.per_child]
        for u in Unit.objects.filter(parent__path__in=parents):
            children.setdefault(u.parent_id, []).append(u)
    due, cal = nomination_due(campaign), WorkCalendar()
    uses = []
    for q in quotas:
        if q.scope_id is None and not q.per_child:
            used = sum(1 for lv, _p, s in noms if lv == q.level and s == NominationStatus.SELECTED)
            uses.append(QuotaUse(q, None, used, due=due, cal=cal, day=day))
            continue
        base = q.scope if q.scope_id else campaign.issuer
        scopes = counted_children(base, children.get(base.pk, [])) if q.per_child else [q.scope]
        for scope in scopes:
            used = sum(1 for lv, p, _s in noms if lv == q.level and p.startswith(scope.path))
            uses.append(QuotaUse(q, scope, used, due=due, cal=cal, day=day))
    level_order = {v: i for i, v in enumerate(DemoLevel.values)}
    return sorted(uses, key=lambda u: (u.scope is not None, level_order.get(u.quota.level, 9),
                                       u.scope.path if u.scope else ""))
