"""Reads of the assessment app: scoped querysets and the results table, each a fixed number
of queries whatever the number of units.

Inspection scores stay hidden from the assessed unit until the office publishes the round:
only the office, leaders and inspectors over a unit see its inspection assessments before.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat

from fazhi.org.choices import Role
from fazhi.org.models import Unit
from fazhi.org.scoping import access, granted_paths, grants_of, has_role, is_unrestricted, path_q, scope

from . import scoring
from .choices import AssessmentKind, ItemKind, NominationStatus, RoundStatus
from .models import Assessment, AssessmentRound, DemoTarget, ItemScore, Nomination, Rubric, RubricItem, UnitGrade

SEE_HIDDEN = [Role.OFFICE, Role.LEADER, Role.INSPECTOR]


def _ancestor_or_subtree_q(actor, field_name: str) -> Q | None:
    """Rows whose unit lies in the actor's subtrees or above them (a county sees the city's rounds)."""
    paths = [g.unit.path for g in grants_of(actor)]
    if not paths:
        return None
    ancestors = {a for p in paths for a in Unit(path=p).ancestor_paths()}
    return path_q(paths, field_name) | Q(**{f"{field_name}__in": ancestors})


def rubric_list(*, actor, filters: dict | None = None) -> QuerySet[Rubric]:
    qs = Rubric.objects.select_related("owner")
    if not is_unrestricted(actor):
        q = _ancestor_or_subtree_q(actor, "owner__path")
        if q is None:
            return qs.none()
        qs = qs.filter(Q(owner__isnull=True) | q)
    filters = filters or {}
    if filters.get("unit_kind"):
        qs = qs.filter(unit_kind=filters["unit_kind"])
    if filters.get("q"):
        qs = qs.filter(Q(title__icontains=filters["q"]) | Q(code__icontains=filters["q"]))
    return qs


def rubric_get(*, actor, pk) -> Rubric:
    return access(rubric_list(actor=actor), pk)


def rubric_owner_for(user) -> Unit | None:
    """The unit that keeps a rubric the user imports: the unit of the user's first office grant;
    None (the installation's) for an administrator; PermissionDenied for anyone else."""
    from django.core.exceptions import PermissionDenied

    from . import messages as m

    if getattr(user, "is_superuser", False):
        return None
    for grant in grants_of(user):
        if grant.role == Role.OFFICE:
            return grant.unit
    raise PermissionDenied(m.NOT_OFFICE)


def rubric_items(rubric: Rubric) -> list[RubricItem]:
    """The items in reading order, depth first (each category followed by its items and their
    sub-items), each with `depth` set (0 for the top level)."""
    items = list(rubric.items.all().order_by("order", "id"))
    children = defaultdict(list)
    for i in items:
        if i.parent_id:
            children[i.parent_id].append(i)
    ordered = []

    def walk(nodes, depth):
        for node in nodes:
            node.depth = depth
            ordered.append(node)
            walk(children.get(node.pk, []), depth + 1)
    walk([i for i in items if i.parent_id is None], 0)
    return ordered


ROUND_ORDERINGS = {"new": ("-created_at", "-id"), "title": ("title", "id"), "status": ("status", "-id")}


def round_list(*, actor, filters: dict | None = None) -> QuerySet[AssessmentRound]:
    qs = AssessmentRound.objects.select_related("campaign", "rubric", "scope")
    if not is_unrestricted(actor):
        q = _ancestor_or_subtree_q(actor, "scope__path")
        if q is None:
            return qs.none()
        qs = qs.filter(q)
    filters = filters or {}
    for key in ("status", "unit_kind", "campaign"):
        if filters.get(key):
            qs = qs.filter(**{key: filters[key]})
    if filters.get("q"):
        qs = qs.filter(Q(title__icontains=filters["q"]) | Q(campaign__title__icontains=filters["q"]))
    return qs.order_by(*ROUND_ORDERINGS.get(filters.get("ordering") or "new", ROUND_ORDERINGS["new"]))


def round_get(*, actor, pk) -> AssessmentRound:
    return access(round_list(actor=actor).prefetch_related("stages"), pk)


def can_manage(actor, rnd: AssessmentRound) -> bool:
    return has_role(actor, [Role.OFFICE], rnd.scope)


def can_select(actor, rnd: AssessmentRound) -> bool:
    return has_role(actor, [Role.OFFICE], rnd.campaign.issuer)


def sees_inspection(actor, rnd: AssessmentRound) -> bool:
    """Whether the actor sees unpublished inspection scores of at least part of the round."""
    if is_unrestricted(actor):
        return True
    scope = rnd.scope.path
    return any(p.startswith(scope) or scope.startswith(p) for p in granted_paths(actor, SEE_HIDDEN))


def assessment_list(*, actor, rnd: AssessmentRound | None = None) -> QuerySet[Assessment]:
    """Assessments the actor may read; unpublished inspection scores only to office, leaders, inspectors."""
    qs = Assessment.objects.select_related("unit", "stage", "round")
    if rnd is not None:
        qs = qs.filter(round=rnd)
    if is_unrestricted(actor):
        return qs
    privileged = granted_paths(actor, SEE_HIDDEN)
    others = granted_paths(actor)
    if not others:
        return qs.none()
    shown = Q(kind=AssessmentKind.SELF) | Q(round__status=RoundStatus.PUBLISHED)
    return qs.filter(path_q(privileged, "unit__path") | (path_q(others, "unit__path") & shown))


def assessment_get(*, actor, pk) -> Assessment:
    qs = assessment_list(actor=actor).select_related("round__rubric", "round__campaign", "round__scope", "leader__person")
    return access(qs.prefetch_related("team__person"), pk)


def item_scores_of(assessment: Assessment) -> list[ItemScore]:
    return list(ItemScore.objects.filter(assessment=assessment).select_related("scorer__person").order_by("item_id", "scorer_id"))


def item_score_list(*, actor) -> QuerySet[ItemScore]:
    visible = assessment_list(actor=actor).values("pk")
    return ItemScore.objects.filter(assessment__in=visible).select_related("assessment__unit", "item", "scorer")


def nomination_list(*, actor, rnd: AssessmentRound | None = None, filters: dict | None = None) -> QuerySet[Nomination]:
    qs = Nomination.objects.select_related("unit", "round__campaign", "nominated_by__person", "decided_by__person")
    if rnd is not None:
        qs = qs.filter(round=rnd)
    if not is_unrestricted(actor):
        paths = granted_paths(actor)
        if not paths:
            return qs.none()
        qs = qs.filter(path_q(paths, "unit__path"))
    filters = filters or {}
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    return qs.order_by("level", "unit__path")


# --- results ----------------------------------------------------------------------------

@dataclass
class ResultRow:
    unit: Unit
    group: Unit | None
    by_stage: dict = field(default_factory=dict)  # stage id -> Assessment
    self_assessment: Assessment | None = None
    final: Assessment | None = None
    grade: dict | None = None
    rank: int | None = None
    group_rank: int | None = None
    tied: bool = False
    nomination: Nomination | None = None

    @property
    def gap(self) -> Decimal | None:
        """Self total minus the inspection total: how much the unit over-rates itself."""
        if self.self_assessment is None or self.final is None or self.self_assessment.total is None or self.final.total is None:
            return None
        return self.self_assessment.total - self.final.total


@dataclass
class Results:
    rows: list[ResultRow]
    stages: list
    groups: list[Unit]
    hidden: bool  # inspection scores withheld from this viewer


def _final_of(row: ResultRow, inspection_stages: list) -> Assessment | None:
    for stage in reversed(inspection_stages):
        a = row.by_stage.get(stage.pk)
        if a is not None and a.scored_items:
            return a
    return None


def results(*, actor, rnd: AssessmentRound, group: int | None = None) -> Results:
    """Every unit of the round with its totals, grade, rank overall and within its group (the
    unit directly below the round's scope, e.g. its county), and its nomination. Four queries."""
    stages = list(rnd.stages.all())
    inspection_stages = [s for s in stages if s.kind == AssessmentKind.INSPECTION]
    rows: dict[int, ResultRow] = {}
    group_depth = rnd.scope.depth + 1
    group_paths = set()
    for a in assessment_list(actor=actor, rnd=rnd).defer("item_finals").order_by("unit__path", "stage__order"):
        row = rows.get(a.unit_id)
        if row is None:
            row = rows[a.unit_id] = ResultRow(unit=a.unit, group=None)
            group_paths.add(a.unit.ancestor_paths()[group_depth] if a.unit.depth >= group_depth else a.unit.path)
        row.by_stage[a.stage_id] = a
        if a.kind == AssessmentKind.SELF:
            row.self_assessment = a
    groups = {u.path: u for u in Unit.objects.filter(path__in=group_paths)}
    for n in Nomination.objects.filter(round=rnd).exclude(status="declined").select_related("unit"):
        if n.unit_id in rows:
            rows[n.unit_id].nomination = n
    ranked_all, by_group = [], defaultdict(list)
    for row in rows.values():
        path = row.unit.ancestor_paths()[group_depth] if row.unit.depth >= group_depth else row.unit.path
        row.group = groups.get(path)
        row.final = _final_of(row, inspection_stages)
        if row.final is not None:
            row.grade = scoring.grade_for(row.final.total, row.final.vetoed, rnd.grade_bands)
            r = scoring.Ranked(key=row.unit.pk, total=row.final.total, base=row.final.base or 0,
                               lost_items=row.final.lost_items, vetoed=row.final.vetoed, order=row.unit.path)
            ranked_all.append(r)
            by_group[path].append(scoring.Ranked(key=r.key, total=r.total, base=r.base, lost_items=r.lost_items,
                                                 vetoed=r.vetoed, order=r.order))
    for r in scoring.rank(ranked_all):
        rows[r.key].rank, rows[r.key].tied = r.rank, r.tied
    for members in by_group.values():
        for r in scoring.rank(members):
            rows[r.key].group_rank = r.rank
    ordered = sorted(rows.values(), key=lambda r: (r.rank is None, r.rank or 0, r.unit.path))
    if group:
        ordered = [r for r in ordered if r.group and r.group.pk == int(group)]
    hidden = rnd.status != RoundStatus.PUBLISHED and not sees_inspection(actor, rnd)
    return Results(rows=ordered, stages=stages, groups=sorted(groups.values(), key=lambda u: u.path), hidden=hidden)


@dataclass
class ItemComparison:
    item: RubricItem
    self_mean: Decimal | None
    inspection_mean: Decimal | None

    @property
    def gap(self) -> Decimal | None:
        if self.self_mean is None or self.inspection_mean is None:
            return None
        return self.self_mean - self.inspection_mean


def comparison(*, actor, rnd: AssessmentRound, rows: list[ResultRow]) -> list[ItemComparison]:
    """Per item: mean self score against mean final inspection score over the units (2 queries)."""
    items = [i for i in rubric_items(rnd.rubric) if i.kind in (ItemKind.STANDARD, ItemKind.BONUS)]
    self_ids = [r.self_assessment.pk for r in rows if r.self_assessment is not None and r.final is not None]
    final_ids = [r.final.pk for r in rows if r.self_assessment is not None and r.final is not None]
    finals = dict(Assessment.objects.filter(pk__in=self_ids + final_ids).values_list("pk", "item_finals"))
    out = []
    for item in items:
        key = str(item.pk)
        s = [Decimal(finals[i][key]["p"]) for i in self_ids if key in finals.get(i, {})]
        f = [Decimal(finals[i][key]["p"]) for i in final_ids if key in finals.get(i, {})]
        out.append(ItemComparison(item=item, self_mean=scoring.q1(sum(s) / len(s)) if s else None,
                                  inspection_mean=scoring.q1(sum(f) / len(f)) if f else None))
    return out


# --- graded management and demonstration targets -----------------------------------------

def unit_grade_list(*, actor, filters: dict | None = None) -> QuerySet[UnitGrade]:
    """The register of graded management in the actor's subtrees (published rounds only)."""
    qs = scope(UnitGrade.objects.all(), actor).select_related("unit", "round__campaign")
    filters = filters or {}
    if filters.get("unit"):
        qs = qs.filter(unit=filters["unit"])
    if filters.get("grade"):
        qs = qs.filter(grade=filters["grade"])
    if filters.get("current"):
        qs = qs.filter(is_current=True)
    return qs


def unit_grade_get(*, actor, pk) -> UnitGrade:
    return access(unit_grade_list(actor=actor), pk)


def unit_grade_history(*, actor, unit: Unit) -> list[UnitGrade]:
    """One unit's grades, latest first (one query)."""
    return list(unit_grade_list(actor=actor, filters={"unit": unit}).order_by("-graded_on", "-round_id"))


def grade_choices() -> list[tuple[str, str]]:
    """The grades found in the register, for the unit lists' filter: 「A 优秀」…"""
    seen: dict[str, str] = {}
    for grade, label in UnitGrade.objects.filter(is_current=True).order_by("grade").values_list("grade", "label").distinct():
        seen.setdefault(grade, f"{grade} {label}".strip())
    return sorted(seen.items())


def units_with_current_grade(grade: str) -> Q:
    """Units whose current grade is `grade` (a subquery: the list costs no extra query)."""
    return Q(pk__in=UnitGrade.objects.filter(is_current=True, grade=grade).values("unit_id"))


def current_grade_text():
    """The unit's current grade as the unit list shows it, 「A 优秀」 (a subquery on Unit)."""
    rows = (UnitGrade.objects.filter(unit=OuterRef("pk"), is_current=True)
            .annotate(text=Concat("grade", Value(" "), "label", output_field=CharField())).values("text")[:1])
    return Subquery(rows, output_field=CharField())


def demo_target_list(*, actor, filters: dict | None = None) -> QuerySet[DemoTarget]:
    """争创 targets in the actor's subtrees, each with whether the unit was nominated / selected
    for that level in that campaign."""
    def nominations(*statuses):
        return Exists(Nomination.objects.filter(round__campaign=OuterRef("campaign"), unit=OuterRef("unit"),
                                                level=OuterRef("level"), status__in=statuses))

    qs = (scope(DemoTarget.objects.all(), actor).select_related("unit", "campaign", "created_by__person")
          .annotate(selected=nominations(NominationStatus.SELECTED),
                    nominated=nominations(NominationStatus.NOMINATED, NominationStatus.SELECTED),
                    declined=nominations(NominationStatus.DECLINED)))
    filters = filters or {}
    if not filters.get("withdrawn"):
        qs = qs.filter(withdrawn_at__isnull=True)
    for key in ("campaign", "unit", "level"):
        if filters.get(key):
            qs = qs.filter(**{key: filters[key]})
    return qs.order_by("campaign_id", "level", "unit__path")


def demo_target_get(*, actor, pk) -> DemoTarget:
    return access(scope(DemoTarget.objects.select_related("unit", "campaign"), actor), pk)
