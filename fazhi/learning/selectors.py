"""Reads of law study, exams and outreach: scoped querysets with their joins done here, and
`learning_figures`, the one place the annual report and the indicators take their numbers from.

Definitions used by the figures (per year, per unit subtree):

- a *training* is a session of a training kind (专题讲座、培训班、辅导讲座、上岗前法治培训:
  `choices.TRAINING_KINDS`), counted at its organiser unit; `people_trained` the distinct people
  who attended one;
- *coverage* of enforcement staff: people of category 执法人员 who attended any session in
  the year, over all people of that category;
- an exam's *coverage*: candidates who handed in at least one attempt, over candidates; its
  *pass rate*: candidates whose best attempt passed, over those who handed in;
- *law-hour share*: law hours over total hours of the sessions people attended; a person is
  *below the share* when their share is under their category's requirement (no hours at all
  counts as below when the requirement is above 0);
- *outreach*: events, participants (sum) and materials by kind (sum), counted at the organiser.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from fazhi.org.choices import Role
from fazhi.org.models import Person, Unit
from fazhi.org.scoping import access, granted_paths, is_unrestricted, scope, subtree_q, visible_units

from .choices import TRAINING_KINDS, MaterialKind
from .models import (Attendance, Exam, ExamAttempt, OutreachDuty, OutreachEvent, OutreachMaterial,
                     PersonCategory, Question, StudyList, StudySession)
from .services import ENFORCEMENT

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=8, decimal_places=1))


def _unit(value) -> Unit | None:
    if isinstance(value, Unit):
        return value
    return Unit.objects.filter(pk=value).first() if str(value or "").isdigit() else None


def _in_unit(qs, filters, path_field="unit__path"):
    if filters.get("unit"):
        unit = _unit(filters["unit"])
        qs = qs.filter(**{f"{path_field}__startswith": unit.path}) if unit else qs.none()
    return qs


# --- lists ---------------------------------------------------------------------------------------

def study_list_list(*, actor, filters: dict | None = None) -> QuerySet[StudyList]:
    """Study lists visible to the actor; filters: unit (subtree), year, kind, audience, q."""
    filters = filters or {}
    qs = scope(StudyList.objects.all(), actor).select_related("unit").prefetch_related("items")
    qs = _in_unit(qs, filters)
    for name in ("year", "kind", "audience"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("q"):
        qs = qs.filter(Q(title__icontains=filters["q"]) | Q(items__law__icontains=filters["q"])).distinct()
    return qs.order_by("-year", "unit__path", "kind", "id")


def session_list(*, actor, filters: dict | None = None) -> QuerySet[StudySession]:
    """Sessions organised in the actor's subtrees; filters: unit, year, kind, q."""
    filters = filters or {}
    qs = scope(StudySession.objects.all(), actor).select_related("unit", "campaign").annotate(
        attendee_count=Count("attendances"))
    qs = _in_unit(qs, filters)
    if filters.get("year"):
        qs = qs.filter(date__year=filters["year"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("q"):
        q = filters["q"]
        qs = qs.filter(Q(topic__icontains=q) | Q(laws__icontains=q) | Q(speaker__icontains=q) | Q(unit__name__icontains=q))
    return qs.order_by("-date", "-id")


def session_get(*, actor, pk) -> StudySession:
    return access(session_list(actor=actor).prefetch_related(
        Prefetch("attendances", queryset=Attendance.objects.select_related("person__unit"))), pk)


def question_list(*, actor, filters: dict | None = None) -> QuerySet[Question]:
    """The question bank, with its answers: only the office that keeps it reads it (leaders and
    staff with a grant are candidates too)."""
    filters = filters or {}
    qs = scope(Question.objects.all(), actor, roles=[Role.OFFICE]).select_related("unit")
    qs = _in_unit(qs, filters)
    for name in ("kind", "law", "difficulty"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("q"):
        qs = qs.filter(Q(text__icontains=filters["q"]) | Q(law__icontains=filters["q"]))
    return qs.order_by("law", "kind", "id")


def exam_list(*, actor, filters: dict | None = None) -> QuerySet[Exam]:
    """Exams organised in the actor's subtrees."""
    filters = filters or {}
    qs = scope(Exam.objects.all(), actor).select_related("unit").annotate(
        candidate_count=Count("candidates", distinct=True))
    qs = _in_unit(qs, filters)
    if filters.get("year"):
        qs = qs.filter(opens_at__year=filters["year"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("q"):
        qs = qs.filter(title__icontains=filters["q"])
    return qs.order_by("-opens_at", "-id")


def exam_get(*, actor, pk) -> Exam:
    return access(exam_list(actor=actor), pk)


def my_exams(user) -> QuerySet[Exam]:
    """The exams a person is a candidate of: what they may take, whatever their grants."""
    if not getattr(user, "is_authenticated", False):
        return Exam.objects.none()
    return Exam.objects.filter(candidates__user=user).select_related("unit").order_by("-opens_at", "-id")


def attempt_list(*, actor, filters: dict | None = None) -> QuerySet[ExamAttempt]:
    """Attempts of people in the actor's subtrees, and the actor's own."""
    filters = filters or {}
    own = Q(person__user=actor) if getattr(actor, "is_authenticated", False) else Q(pk__in=[])
    if is_unrestricted(actor):
        visible = Q()
    else:
        visible = own
        for p in granted_paths(actor):
            visible |= subtree_q(p, "person__unit__path")
    qs = ExamAttempt.objects.filter(visible).select_related("exam", "person__unit")
    if filters.get("exam"):
        qs = qs.filter(exam_id=getattr(filters["exam"], "pk", filters["exam"]))
    return qs.order_by("-started_at", "-id")


def attempt_get(*, actor, pk) -> ExamAttempt:
    return access(attempt_list(actor=actor), pk)


def exam_results(exam: Exam) -> list[dict]:
    """Each candidate with their attempts and best score (best counts)."""
    attempts = defaultdict(list)
    for a in exam.attempts.filter(submitted_at__isnull=False).order_by("number"):
        attempts[a.person_id].append(a)
    rows = []
    for person in exam.candidates.select_related("unit").order_by("unit__path", "name"):
        mine = attempts.get(person.pk, [])
        best = max(mine, key=lambda a: a.score, default=None)
        rows.append({"person": person, "attempts": mine, "best": best, "passed": bool(best and best.passed)})
    return rows


def outreach_list(*, actor, filters: dict | None = None) -> QuerySet[OutreachEvent]:
    filters = filters or {}
    qs = scope(OutreachEvent.objects.all(), actor).select_related("unit", "duty").annotate(
        material_count=Coalesce(Sum("materials__count"), 0), photo_count=Count("photos", distinct=True))
    qs = _in_unit(qs, filters)
    if filters.get("year"):
        qs = qs.filter(date__year=filters["year"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("q"):
        q = filters["q"]
        qs = qs.filter(Q(title__icontains=q) | Q(place__icontains=q) | Q(laws__icontains=q) | Q(unit__name__icontains=q))
    return qs.order_by("-date", "-id")


def outreach_get(*, actor, pk) -> OutreachEvent:
    return access(outreach_list(actor=actor).prefetch_related("materials", "photos"), pk)


def photo_get(*, actor, pk):
    from .models import OutreachPhoto

    return access(scope(OutreachPhoto.objects.all(), actor, path_field=OutreachPhoto.scope_path), pk)


def duty_list(*, actor, filters: dict | None = None) -> QuerySet[OutreachDuty]:
    """The 普法责任清单 with events done against events planned."""
    filters = filters or {}
    qs = scope(OutreachDuty.objects.all(), actor).select_related("unit").annotate(done_events=Count("events"))
    qs = _in_unit(qs, filters)
    if filters.get("year"):
        qs = qs.filter(year=filters["year"])
    return qs.order_by("-year", "unit__path", "id")


# --- the per-person ledger of hours ---------------------------------------------------------------

def hours_ledger(*, actor, year: int, filters: dict | None = None) -> QuerySet[Person]:
    """People in scope with their hours of the year: `hours`, `law_hours`, `share` (percent,
    None without hours), `required` (their category's share) and `below`.

    One query whatever the number of people (the aggregates are subqueries).
    """
    filters = filters or {}
    rows = Attendance.objects.filter(person=OuterRef("pk"), session__date__year=year).order_by().values("person")
    dec = DecimalField(max_digits=8, decimal_places=1)
    total = Subquery(rows.annotate(s=Sum("session__hours")).values("s"), output_field=dec)
    law = Subquery(rows.annotate(s=Sum("session__law_hours")).values("s"), output_field=dec)
    qs = scope(Person.objects.all(), actor).select_related("unit", "learner__category").annotate(
        hours=Coalesce(total, ZERO), law_hours=Coalesce(law, ZERO),
        required=F("learner__category__law_share"),
    ).annotate(
        # multiplied out rather than divided: SQLite divides integers as integers
        law_x100=F("law_hours") * 100,
    ).annotate(
        below=Case(
            When(Q(required__gt=0) & Q(hours=0), then=Value(True)),
            When(Q(required__gt=0) & Q(law_x100__lt=F("hours") * F("required")), then=Value(True)),
            default=Value(False)),
    )
    qs = _in_unit(qs, filters)
    if filters.get("category"):
        qs = qs.filter(learner__category__code=filters["category"])
    if filters.get("below"):
        qs = qs.filter(below=True)
    if filters.get("q"):
        qs = qs.filter(Q(name__icontains=filters["q"]) | Q(unit__name__icontains=filters["q"]))
    return qs.order_by("unit__path", "name", "id")


def share_of(law_hours, hours) -> Decimal | None:
    if not hours:
        return None
    return (Decimal(law_hours) * 100 / Decimal(hours)).quantize(Decimal("0.1"))


# --- figures ------------------------------------------------------------------------------------

def _pct(part: int | Decimal, whole: int | Decimal) -> float | None:
    return round(float(part) * 100 / float(whole), 1) if whole else None


@dataclass
class Figures:
    """The figures of one unit subtree (or of everything in scope) for one year."""

    unit_id: int | None
    unit_name: str
    sessions: int = 0
    trainings: int = 0
    people_trained: int = 0
    attendances: int = 0
    hours: float = 0.0
    law_hours: float = 0.0
    law_share: float | None = None
    people: int = 0
    people_below_share: int = 0
    enforcement_staff: int = 0
    enforcement_trained: int = 0
    enforcement_coverage: float | None = None
    exam_candidates: int = 0
    exam_takers: int = 0
    exam_passed: int = 0
    exam_coverage: float | None = None
    exam_pass_rate: float | None = None
    outreach_events: int = 0
    outreach_participants: int = 0
    materials: dict = field(default_factory=dict)
    materials_total: int = 0


@dataclass
class LearningFigures:
    """What `learning_figures` returns; `as_dict()` is the JSON of /api/learning-figures/."""

    year: int
    totals: Figures
    per_unit: list[Figures]
    by_category: list[dict]
    exams: list[dict]
    by_kind: dict

    def as_dict(self) -> dict:
        return asdict(self)


class _Acc:
    def __init__(self):
        self.sessions = set()
        self.trainings = set()
        self.trained = set()
        self.attendances = 0
        self.people = set()
        self.below = set()
        self.staff = set()
        self.staff_trained = set()
        self.hours = Decimal(0)
        self.law = Decimal(0)
        self.cands = set()
        self.takers = set()
        self.passed = set()
        self.events = 0
        self.participants = 0
        self.materials = defaultdict(int)

    def figures(self, unit: Unit | None, name: str) -> Figures:
        return Figures(
            unit_id=unit.pk if unit else None, unit_name=name, sessions=len(self.sessions), trainings=len(self.trainings),
            people_trained=len(self.trained), attendances=self.attendances, hours=float(self.hours),
            law_hours=float(self.law), law_share=_pct(self.law, self.hours), people=len(self.people),
            people_below_share=len(self.below), enforcement_staff=len(self.staff),
            enforcement_trained=len(self.staff_trained), enforcement_coverage=_pct(len(self.staff_trained), len(self.staff)),
            exam_candidates=len(self.cands), exam_takers=len(self.takers), exam_passed=len(self.passed),
            exam_coverage=_pct(len(self.takers), len(self.cands)), exam_pass_rate=_pct(len(self.passed), len(self.takers)),
            outreach_events=self.events, outreach_participants=self.participants,
            materials={k: self.materials.get(k, 0) for k in MaterialKind.values}, materials_total=sum(self.materials.values()))


def _roots(actor, unit: Unit | None) -> list[Unit]:
    if unit is not None:
        return [unit]
    visible = list(visible_units(actor).only("id", "name", "path", "parent_id", "depth"))
    paths = {u.path for u in visible}
    return [u for u in visible if not any(u.path != p and u.path.startswith(p) for p in paths)]


def learning_figures(*, actor, year: int, unit: Unit | None = None) -> LearningFigures:
    """Trainings, people trained, coverage, pass rates, law-hour shares, outreach events,
    participants and materials for `year`, over the actor's scope (or `unit`'s subtree).

    Returns a `LearningFigures`:
      - `year`;
      - `totals`: one `Figures` for the whole scope;
      - `per_unit`: one `Figures` for each unit directly under the root(s) (its whole subtree),
        in tree order; the root's own rows count only in `totals`;
      - `by_category`: [{"code", "name", "required", "people", "hours", "law_hours", "share",
        "below"}] per person category (hours of people of that category);
      - `exams`: [{"id", "title", "kind", "unit", "candidates", "takers", "passed", "coverage",
        "pass_rate"}] for exams opening in the year (best attempt counts);
      - `by_kind`: {"sessions": {kind: count}, "outreach": {kind: count}}.
    Percentages are floats with one decimal, None when the base is 0. `Figures` fields:
    sessions, trainings, people_trained, attendances, hours, law_hours, law_share, people,
    people_below_share, enforcement_staff, enforcement_trained, enforcement_coverage,
    exam_candidates, exam_takers, exam_passed, exam_coverage, exam_pass_rate, outreach_events,
    outreach_participants, materials ({material kind: count}), materials_total.
    A fixed number of queries (a dozen) whatever the size of the data.
    """
    roots = _roots(actor, unit)
    root_paths = [r.path for r in roots]
    if not roots:
        empty = _Acc().figures(None, "")
        return LearningFigures(year=year, totals=empty, per_unit=[], by_category=[], exams=[], by_kind={})
    children = list(Unit.objects.filter(parent__in=roots).order_by("path").only("id", "name", "path"))

    def under(path: str) -> bool:
        return any(path.startswith(p) for p in root_paths)

    total = _Acc()
    per = {c.path: _Acc() for c in children}

    def accs(path: str):
        yield total
        for cp, acc in per.items():
            if path.startswith(cp):
                yield acc
                break

    def rooted(qs, field_):
        q = Q(pk__in=[])
        for p in root_paths:
            q |= Q(**{f"{field_}__startswith": p})
        return scope(qs, actor, path_field=field_).filter(q)

    # people and categories
    people = rooted(Person.objects.all(), "unit__path").values_list(
        "id", "unit__path", "learner__category__code", "learner__category__law_share")
    person_info = {}
    for pid, path, code, share in people:
        person_info[pid] = (path, code, share)
        for acc in accs(path):
            acc.people.add(pid)
            if code == ENFORCEMENT:
                acc.staff.add(pid)
    # sessions (counted at the organiser) and attendance (counted at the person's unit)
    sessions = rooted(StudySession.objects.filter(date__year=year), "unit__path").values_list("id", "unit__path", "kind")
    session_kinds = defaultdict(int)
    training_ids = set()
    for sid, path, kind in sessions:
        session_kinds[kind] += 1
        for acc in accs(path):
            acc.sessions.add(sid)
            if kind in TRAINING_KINDS:
                acc.trainings.add(sid)
        if kind in TRAINING_KINDS:
            training_ids.add(sid)
    person_hours = defaultdict(lambda: [Decimal(0), Decimal(0)])
    rows = Attendance.objects.filter(session__date__year=year, person_id__in=list(person_info)).values_list(
        "person_id", "session_id", "session__hours", "session__law_hours")
    for pid, sid, hours, law in rows:
        path, code, _share = person_info[pid]
        person_hours[pid][0] += hours
        person_hours[pid][1] += law
        for acc in accs(path):
            acc.attendances += 1
            acc.hours += hours
            acc.law += law
            if sid in training_ids:
                acc.trained.add(pid)
            if code == ENFORCEMENT:
                acc.staff_trained.add(pid)
    by_category = []
    cat_acc = {c.code: {"code": c.code, "name": c.name, "required": float(c.law_share), "people": 0, "hours": 0.0,
                        "law_hours": 0.0, "share": None, "below": 0} for c in PersonCategory.objects.all()}
    for pid, (path, code, share) in person_info.items():
        hours, law = person_hours.get(pid, (Decimal(0), Decimal(0)))
        below = share is not None and share > 0 and (hours == 0 or law * 100 < hours * share)
        if below:
            for acc in accs(path):
                acc.below.add(pid)
        if code in cat_acc:
            c = cat_acc[code]
            c["people"] += 1
            c["hours"] += float(hours)
            c["law_hours"] += float(law)
            c["below"] += int(below)
    for c in cat_acc.values():
        c["share"] = _pct(c["law_hours"], c["hours"])
        by_category.append(c)
    # exams: candidates, takers and passers counted at the candidate's unit; best attempt counts
    exams = list(rooted(Exam.objects.filter(opens_at__year=year), "unit__path").select_related("unit").order_by("opens_at", "id"))
    exam_ids = [e.pk for e in exams]
    cand_rows = Exam.candidates.through.objects.filter(exam_id__in=exam_ids).values_list("exam_id", "person_id", "person__unit__path")
    attempt_rows = ExamAttempt.objects.filter(exam_id__in=exam_ids, submitted_at__isnull=False).values_list(
        "exam_id", "person_id", "passed")
    took, passed = set(), set()
    for eid, pid, ok in attempt_rows:
        took.add((eid, pid))
        if ok:
            passed.add((eid, pid))
    exam_rows = {e.pk: {"id": e.pk, "title": e.title, "kind": e.kind, "unit": e.unit.name, "candidates": 0, "takers": 0,
                        "passed": 0} for e in exams}
    for eid, pid, path in cand_rows:
        key = (eid, pid)
        row = exam_rows[eid]
        row["candidates"] += 1
        row["takers"] += key in took
        row["passed"] += key in passed
        if under(path):
            for acc in accs(path):
                acc.cands.add(key)
                if key in took:
                    acc.takers.add(key)
                if key in passed:
                    acc.passed.add(key)
    for row in exam_rows.values():
        row["coverage"] = _pct(row["takers"], row["candidates"])
        row["pass_rate"] = _pct(row["passed"], row["takers"])
    # outreach
    events = rooted(OutreachEvent.objects.filter(date__year=year), "unit__path")
    outreach_kinds = defaultdict(int)
    event_path = {}
    for eid, path, kind, n in events.values_list("id", "unit__path", "kind", "participants"):
        outreach_kinds[kind] += 1
        event_path[eid] = path
        for acc in accs(path):
            acc.events += 1
            acc.participants += n
    for eid, kind, n in OutreachMaterial.objects.filter(event_id__in=list(event_path)).values_list("event_id", "kind", "count"):
        for acc in accs(event_path[eid]):
            acc.materials[kind] += n
    name = roots[0].name if len(roots) == 1 else ""
    return LearningFigures(
        year=year, totals=total.figures(roots[0] if len(roots) == 1 else None, name),
        per_unit=[per[c.path].figures(c, c.name) for c in children], by_category=by_category,
        exams=list(exam_rows.values()), by_kind={"sessions": dict(session_kinds), "outreach": dict(outreach_kinds)})


__all__ = ["Figures", "LearningFigures", "learning_figures", "hours_ledger", "session_list", "exam_list",
           "attempt_list", "outreach_list", "duty_list", "study_list_list", "question_list", "my_exams"]
