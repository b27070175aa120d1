"""Every write of rubrics, rounds and scores: one transaction, a permission check, an audit row.

Nominations and selection within quotas are in `quotas.py`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.audit.services import audit_record, snapshot
from fazhi.campaigns.choices import WorkKind
from fazhi.campaigns.models import Campaign
from fazhi.campaigns.services import require_work_open
from fazhi.core.files import check_upload
from fazhi.core import rollups
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Unit
from fazhi.org.scoping import granted_paths, has_role, require_role

from . import messages as m
from . import grading, scoring
from .choices import AssessmentKind, AssessmentStatus, ItemKind, RoundStatus, TeamMethod
from .models import Assessment, AssessmentRound, ItemScore, Rubric, RubricItem, Stage
from .signals import raise_problem_hook

OFFICE = [Role.OFFICE]
INSPECTOR = [Role.INSPECTOR]
LIAISON = [Role.LIAISON]


def _saved(obj, *, actor, action: str, unit=None, before=None, exclude=None):
    obj.full_clean(exclude=exclude)
    obj.save()
    audit_record(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj), unit=unit)
    return obj


def _fmt(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


# --- rubrics -------------------------------------------------------------------------------

@dataclass
class ItemData:
    """A rubric line as read from YAML or Excel, before it is written."""

    kind: str
    title: str
    label: str = ""
    max_points: Decimal = Decimal("0")
    deduction: Decimal | None = None
    deduction_rule: str = ""
    evidence: str = ""
    children: list | None = None
    bonus_points: Decimal = Decimal("0")
    rules: list | None = None
    method: str = ""
    responsible: str = ""
    core: bool = False


def _require_rubric_keeper(actor, owner: Unit | None, *, shipped: bool = False) -> None:
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(m.NOT_OFFICE)
    if owner is None:
        # A rubric of the whole installation: only an administrator writes one; an office may
        # install a shipped one that is missing (rubrics_install), never replace it.
        if not (actor.is_superuser or (shipped and granted_paths(actor, [Role.OFFICE]))):
            raise PermissionDenied(m.NOT_OFFICE)
    else:
        require_role(actor, OFFICE, owner, m.NOT_OFFICE)


@transaction.atomic
def rubric_import(*, actor, code: str, title: str, unit_kind: str, items: Sequence[ItemData], owner: Unit | None = None,
                  bonus_cap: Decimal = Decimal("0"), source: str = "", shipped: bool = False,
                  check_sums: bool = True) -> Rubric:
    """Create a rubric, or replace the items of one with the same code that no round uses yet.

    `check_sums`: a category's points must equal the sum of its items (the product's own
    templates); a rubric read from a commission's file keeps the points the office chose."""
    _require_rubric_keeper(actor, owner, shipped=shipped)
    if not (code or "").strip():
        raise ValidationError(m.RUBRIC_CODE_REQUIRED)
    if not (title or "").strip():
        raise ValidationError(m.RUBRIC_TITLE_REQUIRED)
    if unit_kind not in UnitKind.values:
        raise ValidationError(str(m.RUBRIC_KIND_INVALID).format(kind=unit_kind, allowed="、".join(UnitKind.values)))
    if not items:
        raise ValidationError(m.RUBRIC_NO_ITEMS)
    rubric = Rubric.objects.select_for_update().filter(code=code.strip()).first()
    before = snapshot(rubric) if rubric else None
    if rubric is not None:
        if rubric.rounds.exists():
            raise ValidationError(str(m.RUBRIC_USED).format(rubric=rubric.title))
        _require_rubric_keeper(actor, rubric.owner)
        rubric.items.all().delete()
    else:
        rubric = Rubric(code=code.strip())
    rubric.title, rubric.unit_kind, rubric.owner = title.strip(), unit_kind, owner
    rubric.bonus_cap, rubric.source, rubric.is_active = Decimal(bonus_cap or 0), source, True
    _saved(rubric, actor=actor, action="rubric.import", before=before, unit=owner)
    count = _write_items(rubric, None, items, check_sums=check_sums)
    audit_record(actor=actor, action="rubric.items", obj=rubric, after={"items": count}, unit=owner)
    return rubric


def _write_items(rubric: Rubric, parent: RubricItem | None, items: Sequence[ItemData], *, check_sums: bool = True) -> int:
    count = 0
    for order, data in enumerate(items, start=1):
        if data.kind == ItemKind.CATEGORY:
            children_sum = sum((c.max_points for c in data.children or []
                                if c.kind in (ItemKind.STANDARD, ItemKind.CATEGORY)), Decimal("0"))
            if check_sums and data.max_points and data.max_points != children_sum and data.children:
                raise ValidationError(str(m.RUBRIC_CATEGORY_SUM).format(title=data.title, max=_fmt(data.max_points),
                                                                        sum=_fmt(children_sum)))
            if check_sums or not data.max_points:
                data.max_points = children_sum if data.children else data.max_points
        item = RubricItem(rubric=rubric, parent=parent, kind=data.kind, label=data.label, title=data.title,
                          max_points=data.max_points, deduction=data.deduction, deduction_rule=data.deduction_rule,
                          evidence=data.evidence, order=order, bonus_points=data.bonus_points or Decimal("0"),
                          rules=list(data.rules or []), method=data.method, responsible=data.responsible,
                          core=data.core)
        item.full_clean()
        item.save()
        count += 1
        if data.children:
            count += _write_items(rubric, item, data.children, check_sums=check_sums)
    return count


# --- rounds and stages ----------------------------------------------------------------------

@dataclass(frozen=True)
class StageData:
    name: str
    kind: str
    method: str = TeamMethod.MEAN


DEFAULT_STAGES = (StageData("自评", AssessmentKind.SELF), StageData("县级初评", AssessmentKind.INSPECTION),
                  StageData("市级复评", AssessmentKind.INSPECTION))


def parse_grade_bands(text: str) -> list[dict]:
    """"90 A 优秀" per line → bands; one of them must start at 0 so that every total has a grade."""
    bands = []
    for line in (text or "").splitlines():
        parts = line.split(maxsplit=2)
        if not parts:
            continue
        try:
            low = Decimal(parts[0])
        except InvalidOperation:
            raise ValidationError({"grade_bands": m.GRADE_BANDS_INVALID})
        if len(parts) < 2 or low < 0:
            raise ValidationError({"grade_bands": m.GRADE_BANDS_INVALID})
        bands.append({"min": float(low) if low % 1 else int(low), "grade": parts[1], "label": parts[2] if len(parts) > 2 else ""})
    if not bands or not any(Decimal(str(b["min"])) == 0 for b in bands):
        raise ValidationError({"grade_bands": m.GRADE_BANDS_INVALID})
    return sorted(bands, key=lambda b: Decimal(str(b["min"])), reverse=True)


@transaction.atomic
def round_create(*, actor, campaign: Campaign, rubric: Rubric, title: str, scope: Unit, unit_kind: str | None = None,
                 stages: Sequence[StageData] = DEFAULT_STAGES, grade_bands: list[dict] | None = None) -> AssessmentRound:
    require_role(actor, OFFICE, scope, m.NOT_OFFICE)
    from fazhi.campaigns.selectors import campaign_list

    from .selectors import rubric_list

    # The campaign and the rubric must be ones the actor may see, not just ids that exist.
    if not (campaign_list(actor=actor).filter(pk=campaign.pk).exists() and rubric_list(actor=actor).filter(pk=rubric.pk).exists()):
        raise PermissionDenied(m.NOT_OFFICE)
    unit_kind = unit_kind or rubric.unit_kind
    if rubric.unit_kind != unit_kind:
        raise ValidationError(str(m.RUBRIC_KIND_MISMATCH).format(rubric=rubric.title, rubric_kind=rubric.get_unit_kind_display(),
                                                                 kind=UnitKind(unit_kind).label))
    if not stages:
        raise ValidationError(m.STAGES_REQUIRED)
    if not any(s.kind == AssessmentKind.INSPECTION for s in stages):
        raise ValidationError(m.INSPECTION_STAGE_REQUIRED)
    rnd = AssessmentRound(campaign=campaign, rubric=rubric, title=(title or "").strip(), scope=scope, unit_kind=unit_kind)
    if grade_bands:
        rnd.grade_bands = grade_bands
    _saved(rnd, actor=actor, action="assessment_round.create", unit=scope)
    for order, s in enumerate(stages, start=1):
        _saved(Stage(round=rnd, name=s.name, kind=s.kind, method=s.method, order=order),
               actor=actor, action="stage.create", unit=scope)
    return rnd


def round_units(rnd: AssessmentRound):
    """The units a round assesses: the active units of its kind below its scope."""
    return (Unit.objects.filter(path__startswith=rnd.scope.path, kind=rnd.unit_kind, is_active=True)
            .exclude(pk=rnd.scope_id))


def _lock_round(rnd: AssessmentRound) -> AssessmentRound:
    return AssessmentRound.objects.select_for_update().select_related("scope", "campaign", "rubric").get(pk=rnd.pk)


@transaction.atomic
def round_open(*, actor, rnd: AssessmentRound) -> AssessmentRound:
    """Start the round: one assessment per unit and stage, written at once."""
    rnd = _lock_round(rnd)
    require_role(actor, OFFICE, rnd.scope, m.NOT_OFFICE)
    if rnd.is_frozen:
        raise ValidationError(m.ROUND_FROZEN)
    units = list(round_units(rnd))
    if not units:
        raise ValidationError(str(m.NO_UNITS_IN_SCOPE).format(scope=rnd.scope.name, kind=UnitKind(rnd.unit_kind).label))
    existing = set(Assessment.objects.filter(round=rnd).values_list("stage_id", "unit_id"))
    Assessment.objects.bulk_create([
        Assessment(round=rnd, stage=stage, unit=unit, kind=stage.kind)
        for stage in rnd.stages.all() for unit in units if (stage.pk, unit.pk) not in existing
    ])
    rollups.bump()  # a write that sends no signal (fazhi.core.rollups)
    return _round_status(actor, rnd, RoundStatus.OPEN, extra={"units": len(units)})


def _round_status(actor, rnd: AssessmentRound, status: str, extra: dict | None = None) -> AssessmentRound:
    before = snapshot(rnd)
    rnd.status = status
    if status == RoundStatus.PUBLISHED:
        rnd.published_at = timezone.now()
    rnd.full_clean()
    rnd.save()
    audit_record(actor=actor, action=f"assessment_round.{status}", obj=rnd, before=before,
                 after=snapshot(rnd) | (extra or {}), unit=rnd.scope)
    return rnd


@transaction.atomic
def round_close(*, actor, rnd: AssessmentRound) -> AssessmentRound:
    rnd = _lock_round(rnd)
    require_role(actor, OFFICE, rnd.scope, m.NOT_OFFICE)
    if rnd.is_frozen:
        raise ValidationError(m.ROUND_FROZEN)
    return _round_status(actor, rnd, RoundStatus.CLOSED)


@transaction.atomic
def round_publish(*, actor, rnd: AssessmentRound) -> AssessmentRound:
    """Publish the results: from now on the assessed units see their inspection scores, and
    each unit's grade enters the register of graded management."""
    rnd = _lock_round(rnd)
    require_role(actor, OFFICE, rnd.scope, m.NOT_OFFICE)
    if rnd.status != RoundStatus.CLOSED:
        raise ValidationError(m.PUBLISH_NEEDS_CLOSE)
    rnd = _round_status(actor, rnd, RoundStatus.PUBLISHED)
    grading.grades_register(actor=actor, rnd=rnd)
    return rnd


@transaction.atomic
def round_circular_update(*, actor, rnd: AssessmentRound, **fields) -> AssessmentRound:
    """The office edits the circular before issuing it (allowed after the round is closed:
    the circular reports the results, it does not change them)."""
    rnd = _lock_round(rnd)
    require_role(actor, OFFICE, rnd.scope, m.NOT_OFFICE)
    before = snapshot(rnd)
    for name in ("circular_number", "circular_title", "circular_recipients", "circular_opening", "circular_closing",
                 "circular_date", "circular_cc", "circular_printer"):
        if name in fields:
            setattr(rnd, name, fields[name])
    return _saved(rnd, actor=actor, action="assessment_round.circular", unit=rnd.scope, before=before)


@transaction.atomic
def assessment_team_set(*, actor, assessment: Assessment, leader=None, team: Iterable = ()) -> Assessment:
    assessment = Assessment.objects.select_for_update().select_related("round__scope", "unit").get(pk=assessment.pk)
    require_role(actor, OFFICE, assessment.unit, m.NOT_OFFICE)
    if assessment.round.is_frozen:
        raise ValidationError(m.ROUND_FROZEN)
    members = set(team) | ({leader} if leader else set())
    # Only inspectors whose grant covers the assessed unit may score it.
    outsiders = [u for u in members if not has_role(u, [Role.INSPECTOR], assessment.unit)]
    if outsiders:
        raise ValidationError(str(m.TEAM_NOT_INSPECTOR).format(
            names="、".join(getattr(getattr(u, "person", None), "name", None) or u.get_username() for u in outsiders)))
    before = snapshot(assessment)
    assessment.leader = leader
    assessment.save(update_fields=["leader"])
    members = set(team) | ({leader} if leader else set())
    assessment.team.set(members)
    audit_record(actor=actor, action="assessment.team", obj=assessment, before=before,
                 after=snapshot(assessment) | {"team": sorted(u.pk for u in members)}, unit=assessment.unit)
    return assessment


def assessment_for(*, rnd: AssessmentRound, stage: Stage, unit: Unit) -> Assessment:
    """The assessment of a unit at a stage; a unit outside the round is refused by name."""
    found = Assessment.objects.filter(round=rnd, stage=stage, unit=unit).select_related("round", "stage", "unit").first()
    if found is None or stage.round_id != rnd.pk:
        raise ValidationError(str(m.NOT_IN_ROUND).format(unit=unit.name))
    return found


# --- scoring -------------------------------------------------------------------------------

@dataclass
class ScoreEntry:
    """What a scorer enters for one item. `points` or `shortfalls` (with the item's deduction)."""

    item_id: int
    points: object = None
    shortfalls: object = None
    reason: str = ""
    vetoed: bool = False
    evidence_note: str = ""
    file: object = None
    counts: dict | None = None    # rule index -> shortfalls (or extras) counted under that rule
    band: object = None           # index of the band picked


@dataclass
class Cleaned:
    points: Decimal
    shortfalls: int | None
    reason: str
    counts: dict
    band: int | None
    bonus: Decimal


def _check_scorer(actor, assessment: Assessment) -> None:
    if assessment.kind == AssessmentKind.SELF:
        require_role(actor, LIAISON, assessment.unit, m.NOT_LIAISON)
        return
    require_role(actor, INSPECTOR, assessment.unit, m.NOT_INSPECTOR)
    team_ids = {u.pk for u in assessment.team.all()}
    if team_ids and actor.pk not in team_ids and not actor.is_superuser:
        raise PermissionDenied(m.NOT_IN_TEAM)


def _work_of(assessment: Assessment) -> str:
    return WorkKind.SELF_ASSESSMENT if assessment.kind == AssessmentKind.SELF else WorkKind.INSPECTION


def _require_scoring_open(assessment: Assessment, day: dt.date | None) -> None:
    rnd = assessment.round
    if rnd.is_frozen:
        raise ValidationError(m.ROUND_FROZEN)
    if rnd.status != RoundStatus.OPEN:
        raise ValidationError(m.ROUND_NOT_OPEN)
    if assessment.status == AssessmentStatus.SUBMITTED:
        raise ValidationError(m.ASSESSMENT_SUBMITTED)
    require_work_open(rnd.campaign, _work_of(assessment), day)


def scoring_closed_reason(assessment: Assessment, day: dt.date | None = None) -> str:
    """Why scores cannot be entered now (round, submission, or the campaign's phase), with when
    scoring opens if it will; "" when they can. The page says it before any score is typed."""
    try:
        _require_scoring_open(assessment, day)
    except ValidationError as e:
        return " ".join(e.messages)
    return ""


def _parse_points(item: RubricItem, value) -> Decimal:
    try:
        points = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(str(m.SCORE_NOT_NUMBER).format(item=item, value=value))
    if not points.is_finite():
        raise ValidationError(str(m.SCORE_NOT_NUMBER).format(item=item, value=value))
    return points


def _can_veto(item: RubricItem) -> bool:
    return item.kind == ItemKind.VETO or any(r.get("shape") == "veto" for r in item.rules or [])


def _spec(item: RubricItem) -> scoring.ItemSpec:
    return scoring.ItemSpec(item.pk, item.kind, item.max_points, item.bonus_points, tuple(item.rules or ()))


def _clean_counts(item: RubricItem, entry: ScoreEntry) -> tuple[dict, int | None]:
    counts = {}
    for key, value in (entry.counts or {}).items():
        if value in (None, ""):
            continue
        try:
            counts[str(int(key))] = int(value)
        except (TypeError, ValueError):
            raise ValidationError(str(m.SCORE_NOT_NUMBER).format(item=item, value=value))
        if counts[str(int(key))] < 0:
            raise ValidationError(str(m.SCORE_NEGATIVE).format(item=item))
    band = None
    if entry.band not in (None, ""):
        try:
            band = int(entry.band)
        except (TypeError, ValueError):
            raise ValidationError(str(m.BAND_INVALID).format(item=item))
    return counts, band


def _clean_entry(item: RubricItem, entry: ScoreEntry) -> Cleaned:
    """What one entry scores, or a ValidationError naming the item."""
    reason = (entry.reason or "").strip()
    if item.kind == ItemKind.CATEGORY:
        raise ValidationError(str(m.ITEM_NOT_SCORED).format(item=item))
    if entry.vetoed and not _can_veto(item):
        raise ValidationError(str(m.ITEM_NOT_SCORED).format(item=item))
    if entry.vetoed and not reason:
        raise ValidationError(str(m.VETO_REASON_REQUIRED).format(item=item))
    if item.kind == ItemKind.VETO:
        return Cleaned(Decimal("0"), None, reason, {}, None, Decimal("0"))
    counts, band = _clean_counts(item, entry)
    shortfalls = None
    bonus = Decimal("0")
    manual = None if entry.points in (None, "") else _parse_points(item, entry.points)
    if entry.shortfalls not in (None, "") and item.deduction is not None:
        try:
            shortfalls = int(entry.shortfalls)
        except (TypeError, ValueError):
            raise ValidationError(str(m.SCORE_NOT_NUMBER).format(item=item, value=entry.shortfalls))
        if shortfalls < 0:
            raise ValidationError(str(m.SCORE_NEGATIVE).format(item=item))
        points = scoring.points_from_shortfalls(item.max_points, item.deduction, shortfalls)
    elif counts or band is not None or (manual is None and item.kind == ItemKind.PENALTY):
        try:
            worked = scoring.evaluate(_spec(item), counts=counts, band=band, points=manual)
        except scoring.RuleInputError:
            raise ValidationError(str(m.BAND_INVALID).format(item=item))
        points, bonus = worked.points, worked.bonus
    elif manual is None:
        raise ValidationError(str(m.SCORE_REQUIRED).format(item=item))
    else:
        points = manual
    if points < 0:
        raise ValidationError(str(m.SCORE_NEGATIVE).format(item=item))
    if item.kind != ItemKind.PENALTY and points > item.max_points:
        raise ValidationError(str(m.SCORE_ABOVE_MAX).format(item=item, points=_fmt(points), max=_fmt(item.max_points)))
    if points != points.quantize(scoring.TENTH):
        raise ValidationError(str(m.SCORE_NOT_NUMBER).format(item=item, value=entry.points))
    if item.kind == ItemKind.STANDARD and points < item.max_points and not reason:
        raise ValidationError(str(m.REASON_REQUIRED).format(item=item, lost=_fmt(item.max_points - points)))
    if item.kind == ItemKind.PENALTY and points > 0 and not reason:
        raise ValidationError(str(m.REASON_REQUIRED).format(item=item, lost=_fmt(points)))
    return Cleaned(points, shortfalls, reason, counts, band, bonus)


@transaction.atomic
def item_scores_save(*, actor, assessment: Assessment, entries: Sequence[ScoreEntry], day: dt.date | None = None) -> list[ItemScore]:
    """Save one scorer's marks of several items, all or nothing.

    Every scorer has a row of their own per item (unique assessment × item × scorer), and
    the assessment row is locked while its totals are recomputed, so that two inspectors
    saving the same item at the same moment both keep their marks and the totals see both.
    """
    assessment = (Assessment.objects.select_for_update(of=("self",))
                  .select_related("round__campaign", "round__rubric", "stage", "unit").get(pk=assessment.pk))
    _check_scorer(actor, assessment)
    _require_scoring_open(assessment, day)
    if not entries:
        raise ValidationError(m.NOTHING_TO_SAVE)
    items = {i.pk: i for i in assessment.round.rubric.items.all()}
    cleaned = []
    errors = []
    for entry in entries:
        item = items.get(int(entry.item_id)) if str(entry.item_id).isdigit() else None
        if item is None:
            raise ValidationError(m.ITEM_NOT_IN_RUBRIC)
        try:
            clean = _clean_entry(item, entry)
            checked = check_upload(entry.file) if entry.file else None
        except ValidationError as e:
            errors.extend(e.messages)
            continue
        cleaned.append((item, entry, clean, checked))
    if errors:
        raise ValidationError(errors)
    existing = {s.item_id: s for s in ItemScore.objects.select_for_update().filter(
        assessment=assessment, scorer=actor, item_id__in=[c[0].pk for c in cleaned])}
    saved, before, after = [], {}, {}
    for item, entry, clean, checked in cleaned:
        score = existing.get(item.pk) or ItemScore(assessment=assessment, item=item, scorer=actor)
        if score.pk:
            before[item.pk] = snapshot(score)
        score.points, score.shortfalls, score.reason = clean.points, clean.shortfalls, clean.reason
        score.counts, score.band, score.bonus = clean.counts, clean.band, clean.bonus
        score.vetoed = bool(entry.vetoed) if _can_veto(item) else False
        score.evidence_note = (entry.evidence_note or "").strip()
        if checked is not None:
            score.evidence_name, score.evidence_sha256 = checked.name[:255], checked.sha256
            score.evidence_mime, score.evidence_size = checked.mime, checked.size
            score.evidence_file.save(checked.sha256, entry.file, save=False)
        # The keys come from rows just read and the range and uniqueness rules were checked
        # above (the database holds them too): the fields are validated without a query each.
        score.clean_fields(exclude=["assessment", "item", "scorer", "evidence_file"])
        saved.append(score)
    ItemScore.objects.bulk_create([s for s in saved if s.pk is None])
    rollups.bump()  # a write that sends no signal (fazhi.core.rollups)
    changed = [s for s in saved if s.pk is not None and s.item_id in before]
    for score in changed:
        score.save()
    for score in saved:
        after[score.item_id] = snapshot(score)
    # One audit row per save: the scorer's marks of this assessment, before and after.
    audit_record(actor=actor, action="item_scores.save", obj=assessment, before=before or None, after=after,
                 unit=assessment.unit)
    assessment_recompute(assessment)
    return saved


def assessment_recompute(assessment: Assessment) -> Assessment:
    """Totals of an assessment from all of its item scores (call inside the locking transaction)."""
    rubric = assessment.round.rubric
    items = [_spec(i) for i in rubric.items.all()]
    marks = defaultdict(list)
    for s in ItemScore.objects.filter(assessment=assessment).only("item_id", "scorer_id", "points", "vetoed", "bonus"):
        marks[s.item_id].append(scoring.Mark(s.scorer_id, s.points, s.vetoed, s.bonus))
    finals = {}
    for item_id, item_marks in marks.items():
        final = scoring.combine(item_marks, assessment.stage.method, assessment.leader_id)
        if final is not None:
            finals[item_id] = final
    t = scoring.totals(items, finals, rubric.bonus_cap)
    assessment.total, assessment.base, assessment.bonus = t.total, t.base, t.bonus
    assessment.penalty = t.penalty
    assessment.vetoed, assessment.lost_items, assessment.scored_items = t.vetoed, t.lost_items, t.scored_items
    assessment.item_finals = {str(k): {"p": str(f.points), "v": f.vetoed, "b": str(f.bonus)} for k, f in finals.items()}
    assessment.save(update_fields=["total", "base", "bonus", "penalty", "vetoed", "lost_items", "scored_items",
                                   "item_finals"])
    return assessment


def scorable_count(rubric: Rubric) -> int:
    return sum(1 for i in rubric.items.all() if i.kind != ItemKind.CATEGORY)


@transaction.atomic
def assessment_submit(*, actor, assessment: Assessment, day: dt.date | None = None) -> Assessment:
    """The liaison submits the self-assessment; the team leader (or the office) the inspection."""
    assessment = (Assessment.objects.select_for_update(of=("self",))
                  .select_related("round__campaign", "round__rubric", "stage", "unit").get(pk=assessment.pk))
    if assessment.kind == AssessmentKind.INSPECTION and has_role(actor, OFFICE, assessment.unit):
        pass
    else:
        _check_scorer(actor, assessment)
    _require_scoring_open(assessment, day)
    assessment_recompute(assessment)
    missing = scorable_count(assessment.round.rubric) - assessment.scored_items
    if missing > 0:
        raise ValidationError(str(m.ASSESSMENT_INCOMPLETE).format(n=missing))
    before = snapshot(assessment)
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    return _saved(assessment, actor=actor, action="assessment.submit", unit=assessment.unit, before=before)


@transaction.atomic
def shortfall_raise(*, actor, assessment: Assessment, item: RubricItem, description: str,
                    day: dt.date | None = None) -> list:
    """An inspector raises a shortfall found during inspection as a problem for the ledger."""
    assessment = Assessment.objects.select_related("round__campaign", "round__rubric", "stage", "unit").get(pk=assessment.pk)
    if assessment.kind != AssessmentKind.INSPECTION:
        raise PermissionDenied(m.NOT_INSPECTOR)
    _check_scorer(actor, assessment)
    if assessment.round.is_frozen:
        raise ValidationError(m.ROUND_FROZEN)
    if item.rubric_id != assessment.round.rubric_id:
        raise ValidationError(m.ITEM_NOT_IN_RUBRIC)
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": m.SHORTFALL_DESCRIPTION_REQUIRED})
    score = ItemScore.objects.filter(assessment=assessment, item=item, scorer=actor).first()
    audit_record(actor=actor, action="assessment.shortfall", obj=assessment,
                 after={"item": item.pk, "description": description}, unit=assessment.unit)
    return raise_problem_hook(actor=actor, assessment=assessment, item=item, description=description, score=score)
