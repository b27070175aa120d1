"""Reads of the campaigns app: scoped querysets with their joins done here, so that a page
costs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.db.models.functions import Left

from fazhi.core import rollups
from fazhi.core.workdays import WorkCalendar, today as local_today
from fazhi.org import branches
from fazhi.org.models import PATH_SEGMENT, Unit
from fazhi.org.scoping import access, granted_paths, grants_of, is_unrestricted, path_q, scope, scope_key, subtree_q

from .choices import AssignmentStatus, Colour
from . import colours
from .colours import amber_limit, with_colour, with_colour_filter
from .models import Assignment, Campaign, DemoSite, Evidence, Phase, PlanRule, ProgressReport, Task

# What the assignments' roll-ups read besides assignments and reports (located rows): the tasks and
# campaigns, the unit tree, the statutory calendar (fazhi.core.rollups).
ASSIGNMENT_APPS = ("campaigns", "org", "core")

ASSIGNMENT_ORDERINGS = {
    "due": ("due_date", "id"), "-due": ("-due_date", "-id"),
    "unit": ("unit__path", "id"), "-unit": ("-unit__path", "-id"),
    "status": ("status", "due_date"), "-status": ("-status", "due_date"),
    "task": ("task__sort_key", "unit__path"), "-task": ("-task__sort_key", "unit__path"),
}


def campaign_list(*, actor, filters: dict | None = None) -> QuerySet[Campaign]:
    """Campaigns issued within the actor's subtrees or by one of their units' ancestors.

    A county liaison sees the city's campaign (it works on it) but, through assignment_list,
    only its own part of it.
    """
    qs = Campaign.objects.select_related("issuer")
    if not is_unrestricted(actor):
        paths = [g.unit.path for g in grants_of(actor)]
        if not paths:
            return qs.none()
        ancestors = {a for p in paths for a in Unit(path=p).ancestor_paths()}
        qs = qs.filter(path_q(paths, "issuer__path") | Q(issuer__path__in=ancestors))
    filters = filters or {}
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("year"):
        qs = qs.filter(year=filters["year"])
    if filters.get("q"):
        qs = qs.filter(Q(title__icontains=filters["q"]) | Q(doc_number__icontains=filters["q"]))
    return qs


def linked_campaigns(*, actor, campaign: Campaign) -> QuerySet[Campaign]:
    """Campaigns of lower units that implement this one (上级活动 = this), as far as the actor sees."""
    return (campaign_list(actor=actor).filter(parent=campaign).order_by("issuer__path")
            .prefetch_related(Prefetch("demo_sites", queryset=DemoSite.objects.select_related("unit"))))


def demo_sites(*, campaign: Campaign) -> list[DemoSite]:
    """A campaign's 示范点名单 (shown to whoever sees the campaign)."""
    return list(DemoSite.objects.filter(campaign=campaign).select_related("unit"))


def campaign_get(*, actor, pk) -> Campaign:
    return access(campaign_list(actor=actor).select_related("parent__issuer")
                  .prefetch_related("phases", "quotas__scope", "rules", "milestones"), pk)


def assignment_list(*, actor, filters: dict | None = None, cal: WorkCalendar | None = None,
                    day: dt.date | None = None) -> QuerySet[Assignment]:
    """Scoped assignments annotated with their colour; filters: campaign, unit (subtree), unit_kind,
    status, phase, colour, task, q (text), ordering."""
    filters = filters or {}
    qs = scope(Assignment.objects.all(), actor).select_related("task__campaign", "task__phase", "unit__head", "responsible")
    qs = with_colour(qs, cal=cal, day=day)
    if filters.get("status") != AssignmentStatus.WITHDRAWN:
        qs = qs.exclude(status=AssignmentStatus.WITHDRAWN)  # withdrawn work is kept, not counted
    if filters.get("person"):
        # What a person answers for: named responsible, or the head (第一责任人) of the unit.
        person = filters["person"]
        qs = qs.filter(Q(responsible=person) | Q(responsible__isnull=True, unit__head=person))
    if filters.get("campaign"):
        qs = qs.filter(task__campaign_id=filters["campaign"])
    if filters.get("task"):
        qs = qs.filter(task_id=filters["task"])
    if filters.get("unit"):
        unit = filters["unit"] if isinstance(filters["unit"], Unit) else Unit.objects.filter(pk=filters["unit"]).first()
        qs = qs.filter(subtree_q(unit.path, "unit__path")) if unit else qs.none()
    if filters.get("unit_kind"):
        qs = qs.filter(unit__kind=filters["unit_kind"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("phase"):
        qs = qs.filter(task__phase_id=filters["phase"])
    if filters.get("colour"):
        qs = with_colour_filter(qs, filters["colour"], cal=cal, day=day)
    if filters.get("q"):
        q = filters["q"]
        qs = qs.filter(Q(task__heading__icontains=q) | Q(task__text__icontains=q) | Q(unit__name__icontains=q))
    return qs.order_by(*ASSIGNMENT_ORDERINGS.get(filters.get("ordering") or "due", ASSIGNMENT_ORDERINGS["due"]))


def my_work(*, actor, cal: WorkCalendar | None = None, day: dt.date | None = None) -> QuerySet[Assignment]:
    """"我负责的工作": assignments naming the actor as responsible, or of units they head with no one named."""
    grants_of(actor)  # reads the person with the grants (and their unit), as every page does
    person = getattr(actor, "person", None)
    if person is None:  # an account without a person (the administrator) answers for nothing; same columns
        return assignment_list(actor=actor, cal=cal, day=day).none()
    return assignment_list(actor=actor, filters={"person": person}, cal=cal, day=day)


def assignment_get(*, actor, pk) -> Assignment:
    qs = assignment_list(actor=actor).prefetch_related(
        Prefetch("reports", queryset=ProgressReport.objects.select_related("author__person", "reviewer__person")
                 .prefetch_related("evidence"))
    )
    return access(qs, pk)


def report_list(*, actor, filters: dict | None = None) -> QuerySet[ProgressReport]:
    filters = filters or {}
    qs = scope(ProgressReport.objects.all(), actor, path_field="assignment__unit__path")
    qs = qs.select_related("assignment__task__campaign", "assignment__unit", "author__person", "reviewer__person")
    for key in ("status",):
        if filters.get(key):
            qs = qs.filter(**{key: filters[key]})
    if filters.get("campaign"):
        qs = qs.filter(assignment__task__campaign_id=filters["campaign"])
    if filters.get("assignment"):
        qs = qs.filter(assignment_id=filters["assignment"])
    return qs


def reports_awaiting_review(*, actor) -> QuerySet[ProgressReport]:
    """Reports the actor may review: submitted, within their office grants."""
    from fazhi.org.choices import Role

    return scope(reports_submitted(), actor, path_field="assignment__unit__path",
                 roles=[Role.OFFICE]).select_related("assignment__task__campaign", "assignment__unit", "author__person")


def reports_submitted() -> QuerySet[ProgressReport]:
    """Reports awaiting review, whoever may review them (callers scope them)."""
    return ProgressReport.objects.filter(status="submitted")


def evidence_get(*, actor, pk) -> Evidence:
    qs = scope(Evidence.objects.all(), actor, path_field="report__assignment__unit__path")
    return access(qs.select_related("report__assignment__unit"), pk)


@dataclass
class TaskNode:
    """A task with its children and the counts of its assignments by status (in scope)."""

    task: Task
    children: list["TaskNode"] = field(default_factory=list)
    total: int = 0
    done: int = 0
    by_status: dict = field(default_factory=dict)

    due_min: dt.date | None = None
    due_max: dt.date | None = None

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)


def colour_rollup(*, actor, campaign: Campaign | None = None, cal: WorkCalendar | None = None,
                  day: dt.date | None = None) -> list[dict]:
    """The assignments in the actor's scope (withdrawn work left out, as everywhere it is counted)
    counted by campaign, task, status and colour, with each group's first and last due date, by the
    rule of `with_colour` (`colours.colour_counts`), kept in the roll-up cache until a write or the
    day changes them. The campaign page, the campaign list and the workbench take their progress,
    colour counts and task tree from it instead of reading every assignment on every request. Rows: {"campaign", "task", "status", "colour", "n", "first", "last"}
    ("first" and "last" of the task and status, whatever the colour); of every campaign (no
    `campaign`), by campaign only: "task", "first" and "last" are None."""
    day = day or local_today()
    figure = _colour_figure(campaign, cal, day)
    return rollups.cached(("campaigns:colours", scope_key(actor), *figure.parts[1:]),
                          lambda: branches.summed(figure, branches.scope_paths(actor)),
                          tags=branches.scope_tags(actor, apps=["campaigns"]), apps=ASSIGNMENT_APPS)


def _colour_figure(campaign: Campaign | None, cal: WorkCalendar | None, day: dt.date) -> branches.Figure:
    """The colour roll-up as a figure summed from the branches of the unit tree (fazhi.org.branches):
    a report from one county counts that county again, not the province. The amber limit stands
    for the calendar."""
    def count(q: Q, by) -> dict[str, list[dict]]:
        qs = Assignment.objects.exclude(status=AssignmentStatus.WITHDRAWN).filter(q).order_by().annotate(branch=by)
        aggregates = colours.colour_counts(cal=cal, day=day)
        counts = {f"n_{c}": aggregate for c, aggregate in aggregates.items()}
        if campaign is None:  # every campaign: counted per campaign (tasks are counted on the campaign's page)
            rows = qs.values("branch", "task__campaign_id", "status").annotate(n=Count("*"), **counts)
        else:
            rows = (qs.filter(task__campaign=campaign).values("branch", "task__campaign_id", "task_id", "status")
                    .annotate(n=Count("*"), first=Min("due_date"), last=Max("due_date"), **counts))
        out: dict[str, list[dict]] = {}
        for r in rows:
            by_colour = {c: r[f"n_{c}"] for c in aggregates}
            by_colour[Colour.GREEN] = r["n"] - sum(by_colour.values())
            out.setdefault(r["branch"], []).extend(
                {"campaign": r["task__campaign_id"], "task": r.get("task_id"), "status": r["status"], "colour": colour,
                 "n": n, "first": r.get("first"), "last": r.get("last")} for colour, n in by_colour.items() if n)
        return out

    return branches.Figure(("campaigns:colours", campaign.pk if campaign else "all", day.isoformat(),
                            amber_limit(cal, day).isoformat()), "unit__path", count, _merge_colour_rows,
                           located="campaigns", apps=ASSIGNMENT_APPS)


def _merge_colour_rows(parts: list[list[dict]]) -> list[dict]:
    merged: dict[tuple, dict] = {}
    for rows in parts:
        for r in rows:
            key = (r["campaign"], r["task"], r["status"], r["colour"])
            m = merged.get(key)
            if m is None:
                merged[key] = dict(r)
                continue
            m["n"] += r["n"]
            m["first"] = min(filter(None, [m["first"], r["first"]]), default=None)
            m["last"] = max(filter(None, [m["last"], r["last"]]), default=None)
    return list(merged.values())


def task_tree(*, actor, campaign: Campaign, cal: WorkCalendar | None = None) -> list[TaskNode]:
    """The campaign's task tree with progress per task: the tasks, and the roll-up of their
    assignments (`colour_rollup`), whatever the number of either."""
    tasks = list(campaign.tasks.select_related("phase").order_by("sort_key"))
    nodes = {t.pk: TaskNode(task=t) for t in tasks}
    for row in colour_rollup(actor=actor, campaign=campaign, cal=cal):
        node = nodes.get(row["task"])
        if node:
            node.by_status[row["status"]] = node.by_status.get(row["status"], 0) + row["n"]
            node.due_min = min(filter(None, [node.due_min, row["first"]]), default=None)
            node.due_max = max(filter(None, [node.due_max, row["last"]]), default=None)
            node.total += row["n"]
            if row["status"] == AssignmentStatus.DONE:
                node.done += row["n"]
    roots = []
    for t in tasks:
        (nodes[t.parent_id].children if t.parent_id in nodes else roots).append(nodes[t.pk])
    return roots


def progress_bars(*, actor, campaign: Campaign | None = None) -> list[dict]:
    """The progress chart: assignments done / total (withdrawn work left out), one bar per unit one
    level below the viewer's own top unit, deeper units counted in their ancestor's bar; one level
    deeper while everything would fall into a single bar. Kept in the roll-up cache.

    Counted in the database by the leading segments of the unit's path (of fixed width), a query
    whose answer is a bar per row: grouped by unit instead, the province's answer was some twenty
    thousand rows, each carried back, cached and rolled up in Python on every recomputation."""
    def grouped(level: int) -> list[dict]:
        def count(q: Q, by) -> dict[str, dict]:
            qs = Assignment.objects.exclude(status=AssignmentStatus.WITHDRAWN).filter(q)
            if campaign is not None:
                qs = qs.filter(task__campaign=campaign)
            rows = (qs.annotate(branch=by, prefix=Left("unit__path", level * (PATH_SEGMENT + 1))).values("branch", "prefix")
                    .annotate(total=Count("*"), done=Count("id", filter=Q(status=AssignmentStatus.DONE)),
                              deepest=Max("unit__depth")).order_by())
            out: dict[str, dict] = {}
            for r in rows:
                out.setdefault(r["branch"], {})[r["prefix"]] = (r["total"], r["done"], r["deepest"] or 0)
            return out

        # Summed from the branches of the scope, as the colours (fazhi.org.branches).
        figure = branches.Figure(("campaigns:bar-groups", campaign.pk if campaign else "all", level), "unit__path",
                                 count, _merge_groups, located="campaigns", apps=ASSIGNMENT_APPS)
        merged = branches.summed(figure, branches.scope_paths(actor))
        return [{"prefix": p, "total": t, "done": d, "deepest": deep} for p, (t, d, deep) in sorted(merged.items())]

    def from_colours(level: int) -> list[dict] | None:
        """The bars from the colour roll-up's branches, where the bars are the branches (the province
        office's cities, a city's counties): the page has counted them already."""
        tops = branches.scope_paths(actor)
        if not tops or any(len(p) + PATH_SEGMENT + 1 != level * (PATH_SEGMENT + 1) for p in tops):
            return None
        figure = _colour_figure(campaign, WorkCalendar(), local_today())
        bars: dict[str, tuple[int, int]] = {}
        for top in tops:
            parts = branches.parts(figure, top)
            if parts is None:
                return None
            for path, rows in parts.items():
                total = sum(r["n"] for r in rows)
                if total:
                    bars[path] = (total, sum(r["n"] for r in rows if r["status"] == AssignmentStatus.DONE))
        if len(bars) < 2:  # a single bar: counted below, a level deeper
            return None
        return [{"prefix": p, "total": t, "done": d} for p, (t, d) in sorted(bars.items())]

    def compute():
        level = min((p.count("/") for p in granted_paths(actor)), default=0) + 1
        groups = from_colours(level)
        while groups is None:
            groups = grouped(level)
            # A unit's depth counts the segments of its path less one (fazhi.org.models.Unit).
            deepest = max((g["deepest"] + 1 for g in groups), default=0)
            if len(groups) == 1 and level < deepest:
                groups, level = None, level + 1
        units = {u.path: u for u in Unit.objects.filter(path__in=[g["prefix"] for g in groups])
                 .only("id", "name", "short_name", "path")}
        return [{"unit_id": units[g["prefix"]].pk, "unit": units[g["prefix"]].display_name, "total": g["total"],
                 "done": g["done"], "percent": percent(g["done"], g["total"])}
                for g in groups if g["prefix"] in units]

    return rollups.cached(("campaigns:bars", scope_key(actor), campaign.pk if campaign else "all"), compute,
                          tags=branches.scope_tags(actor, apps=["campaigns"]), apps=ASSIGNMENT_APPS)


def _merge_groups(parts: list[dict]) -> dict:
    merged: dict[str, tuple] = {}
    for groups in parts:
        for prefix, (total, done, deepest) in groups.items():
            t, d, deep = merged.get(prefix, (0, 0, 0))
            merged[prefix] = (t + total, d + done, max(deep, deepest))
    return merged


def percent(done: int, total: int) -> int:
    """Progress as shown everywhere (lists, dashboards, charts): assignments done over assigned."""
    return round(100 * done / total) if total else 0


def campaign_progress(*, actor, campaigns: list[Campaign], cal: WorkCalendar | None = None,
                      whole_scope: bool = False) -> None:
    """Attach `.stats` (total, done, red, late, percent) to each campaign, from the roll-up of the
    one campaign when there is one, else (or with `whole_scope`: a page that reads that roll-up
    anyway, the workbench) of the actor's whole scope."""
    only = campaigns[0] if len(campaigns) == 1 and not whole_scope else None
    rows = colour_rollup(actor=actor, campaign=only, cal=cal) if campaigns else []
    stats = {c.pk: {"total": 0, "done": 0, "red": 0, "late": 0} for c in campaigns}
    for row in rows:
        s = stats.get(row["campaign"])
        if s is not None:
            s["total"] += row["n"]
            if row["status"] == AssignmentStatus.DONE:
                s["done"] += row["n"]
            if row["colour"] in (Colour.RED, Colour.LATE):
                s[row["colour"]] += row["n"]
    for c in campaigns:
        c.stats = dict(stats[c.pk], percent=percent(stats[c.pk]["done"], stats[c.pk]["total"]))


def colour_counts(*, actor, campaign: Campaign | None = None, cal: WorkCalendar | None = None) -> dict[str, int]:
    """Assignments in scope by colour (of one campaign, or of all), from `colour_rollup`."""
    counts = {c: 0 for c in Colour.values}
    for row in colour_rollup(actor=actor, campaign=campaign, cal=cal):
        counts[row["colour"]] += row["n"]
    return counts


def phases_of(campaign: Campaign) -> list[Phase]:
    return list(campaign.phases.all())


def task_subtree(task: Task) -> list[Task]:
    """The items under a task, in plan order, with their depth below it: they define the work
    a unit assigned the task actually has to do."""
    items = list(Task.objects.filter(campaign_id=task.campaign_id, sort_key__startswith=task.sort_key)
                 .exclude(pk=task.pk).order_by("sort_key"))
    for item in items:
        item.indent = item.level - task.level - 1
    return items


def plan_rule_list(*, actor, filters: dict | None = None) -> QuerySet[PlanRule]:
    """The numeric rules the importer kept with campaigns the actor may see; filters: campaign."""
    filters = filters or {}
    qs = scope(PlanRule.objects.all(), actor, path_field="campaign__issuer__path").select_related("campaign__issuer")
    if filters.get("campaign"):
        qs = qs.filter(campaign_id=getattr(filters["campaign"], "pk", filters["campaign"]))
    return qs.order_by("campaign_id", "line", "id")
