"""Scale data for benchmarks: a county, a city or a province of units, people, one large
campaign, problems, public submissions and audit rows, written with bulk inserts.

    fazhi bench-data --scale county|city|province [--seed N]

Rows go in through the models (their fields, choices and constraints), but in bulk: ids are
allocated up front so that the materialised unit paths ("00000001/00000007/") and the task
sort keys can be computed in Python instead of saving each row twice. Dates are spread
around today so that every colour appears. Nothing here is used by the product itself.

The shape of one county (about 160 units): the bureau with five offices, a county hospital,
a TCM hospital, a maternal and child health centre, a CDC and a health supervision office,
each with two windows, and some forty township health centres each with two windows.
A city adds its commission with offices and six directly affiliated institutions; a province
adds its own commission above 14 cities. Counties per city: 10 (city scale) or 120 in all
(province scale, spread over the cities).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import random
import sys
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from fazhi.audit.models import AuditEntry
from fazhi.campaigns.choices import AssignmentStatus, CampaignStatus, ReportStatus, WorkKind
from fazhi.campaigns.models import Assignment, Campaign, Phase, ProgressReport, Task
from fazhi.core import rollups
from fazhi.intake.choices import SubmissionKind, SubmissionStatus
from fazhi.intake.models import Submission
from fazhi.ledger.choices import Cause, ProblemSource, ProblemStatus, Severity
from fazhi.ledger.models import Problem, ProblemCategory
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import PATH_SEGMENT, Grant, Person, Unit

BATCH = 5000
PASSWORD = "!"  # unusable: generated people cannot log in unless a password is set


@dataclass(frozen=True)
class Scale:
    cities: int
    counties: int  # in all
    townships: int  # per county
    tasks: int  # leaf tasks of the campaign; each is assigned to every unit of its kinds
    problems: int
    submissions: int
    audit_rows: int


SCALES = {
    "county": Scale(cities=0, counties=1, townships=46, tasks=64, problems=2_000, submissions=1_000, audit_rows=5_000),
    "city": Scale(cities=1, counties=10, townships=46, tasks=64, problems=20_000, submissions=10_000, audit_rows=50_000),
    "province": Scale(cities=14, counties=120, townships=46, tasks=64, problems=200_000, submissions=100_000,
                      audit_rows=200_000),
}

OFFICES = ["办公室", "政策法规科", "医政医管科", "疾病预防控制科", "综合监督科"]
COUNTY_INSTITUTIONS = ["人民医院", "中医医院", "妇幼保健院", "疾病预防控制中心", "卫生健康综合监督执法所"]
CITY_INSTITUTIONS = ["市人民医院", "市疾病预防控制中心", "市卫生监督所", "市妇幼保健院", "市急救中心", "市中心血站"]
WINDOWS = ["挂号收费窗口", "便民服务窗口"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国晓红玉兰志强海燕"


class Ids:
    """Ids handed out before the insert, continuing after the table's current maximum."""

    def __init__(self, model):
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        self._next = itertools.count(last + 1)

    def __call__(self) -> int:
        return next(self._next)


def _insert(model, rows: list, batch_size: int = BATCH) -> None:
    """The rows as bulk_create writes them (each field's pre-save and database value, defaults
    included), through PostgreSQL's COPY there: several times faster than INSERT for the
    hundreds of thousands of rows of a province. bulk_create elsewhere."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(rows, batch_size=batch_size)
        return
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and rows[0].pk is None)]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in rows:
                copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])


def _path(parent_path: str, pk: int) -> str:
    return f"{parent_path}{pk:0{PATH_SEGMENT}d}/"


class Generator:
    def __init__(self, scale: str, seed: int = 1, out=None):
        self.scale_name = scale
        self.scale = SCALES[scale]
        self.rng = random.Random(seed)
        self.out = out or sys.stdout
        self.today = timezone.localdate()
        self.counts: dict[str, int] = {}

    # --- helpers --------------------------------------------------------------------------
    def _say(self, what: str, n: int, started: float) -> None:
        self.counts[what] = self.counts.get(what, 0) + n
        self.out.write(f"  {what:<18} {n:>9,}  {time.monotonic() - started:6.1f} s\n")
        self.out.flush()

    def _name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN, k=self.rng.choice((1, 2))))

    def _day(self, spread: int) -> dt.date:
        return self.today + dt.timedelta(days=self.rng.randint(-spread, spread))

    # --- units ----------------------------------------------------------------------------
    def units(self) -> None:
        started = time.monotonic()
        next_id = Ids(Unit)
        rows: list[Unit] = []
        prefix = f"测试{self.rng.randint(1000, 9999)}"

        def add(name: str, kind: str, parent: Unit | None, order: int) -> Unit:
            pk = next_id()
            path = _path(parent.path if parent else "", pk)
            unit = Unit(pk=pk, name=name, short_name=name[:40], kind=kind, parent=parent, path=path,
                        depth=path.count("/") - 1, order=order)
            rows.append(unit)
            return unit

        def with_windows(unit: Unit) -> None:
            for i, window in enumerate(WINDOWS):
                add(f"{unit.name}{window}", UnitKind.WINDOW, unit, i)

        def commission(name: str, parent: Unit | None, order: int, institutions: list[str]) -> Unit:
            head = add(name, UnitKind.ADMIN_DEPT, parent, order)
            for i, office in enumerate(OFFICES):
                add(office, UnitKind.OFFICE, head, i)
            for i, inst in enumerate(institutions):
                with_windows(add(inst, UnitKind.INSTITUTION, head, 10 + i))
            return head

        def county(name: str, parent: Unit | None, order: int) -> Unit:
            head = commission(f"{name}卫生健康局", parent, order, [f"{name}{i}" for i in COUNTY_INSTITUTIONS])
            for t in range(self.scale.townships):
                with_windows(add(f"{name}第{t + 1}乡镇卫生院", UnitKind.INSTITUTION, head, 100 + t))
            return head

        s = self.scale
        self.counties: list[Unit] = []
        if s.cities == 0:
            self.root = county(f"{prefix}县", None, 0)
            self.counties.append(self.root)
        else:
            province = None
            if s.cities > 1:
                province = commission(f"{prefix}省卫生健康委员会", None, 0, [f"{prefix}省人民医院"])
            cities = [commission(f"{prefix}第{c + 1}市卫生健康委员会", province, c,
                                 [f"第{c + 1}市{i[1:]}" for i in CITY_INSTITUTIONS]) for c in range(s.cities)]
            self.root = province or cities[0]
            for k in range(s.counties):
                city = cities[k % len(cities)]
                self.counties.append(county(f"{prefix}第{k + 1}县", city, 200 + k))
        Unit.objects.bulk_create(rows, batch_size=BATCH)
        self.all_units = rows
        self._say("units", len(rows), started)

    # --- people and grants ----------------------------------------------------------------
    def people(self) -> None:
        started = time.monotonic()
        User = get_user_model()
        next_user, next_person = Ids(User), Ids(Person)
        users, people, grants = [], [], []
        tag = self.root.pk
        office_roles = {self.root.pk: [Role.OFFICE, Role.LEADER, Role.INSPECTOR, Role.REVIEWER, Role.INTAKE]}
        for county in self.counties:
            office_roles[county.pk] = [Role.OFFICE, Role.LEADER, Role.INTAKE]
        for unit in self.all_units:
            n = 3 if unit.kind == UnitKind.ADMIN_DEPT else (2 if unit.kind == UnitKind.INSTITUTION else 1)
            for i in range(n):
                uid, pid = next_user(), next_person()
                users.append(User(pk=uid, username=f"b{tag}u{uid}", password=PASSWORD, is_active=True))
                people.append(Person(pk=pid, user_id=uid, unit=unit, name=self._name(), title="科员",
                                     phone=f"1390000{pid % 10000:04d}"))
                if i == 0 and unit.kind == UnitKind.INSTITUTION:
                    grants.append(Grant(person_id=pid, role=Role.LIAISON, unit=unit))
                roles = office_roles.get(unit.pk, [])
                if i < len(roles):
                    grants.append(Grant(person_id=pid, role=roles[i], unit=unit))
        _insert(User, users)
        _insert(Person, people)
        _insert(Grant, grants)
        self.user_ids = [u.pk for u in users]
        self._say("people", len(people), started)
        self._say("grants", len(grants), started)

    # --- the campaign ---------------------------------------------------------------------
    def campaign(self) -> None:
        started = time.monotonic()
        year = self.today.year
        campaign = Campaign.objects.create(
            title=f"法治建设规模测试活动（{self.scale_name}）", issuer=self.root, year=year,
            start_date=self.today - dt.timedelta(days=120), end_date=self.today + dt.timedelta(days=120),
            status=CampaignStatus.ACTIVE)
        Phase.objects.create(campaign=campaign, name="动员部署阶段", start=campaign.start_date,
                             end=self.today - dt.timedelta(days=61), order=1)
        Phase.objects.create(campaign=campaign, name="规范建设阶段", start=self.today - dt.timedelta(days=60),
                             end=self.today + dt.timedelta(days=60), order=2,
                             opens=[WorkKind.PROGRESS, WorkKind.SELF_ASSESSMENT])
        Phase.objects.create(campaign=campaign, name="考核评估阶段", start=self.today + dt.timedelta(days=61),
                             end=campaign.end_date, order=3, opens=[WorkKind.INSPECTION, WorkKind.NOMINATION])
        next_task = Ids(Task)
        tasks, leaves = [], []
        sections = ["一、", "二、", "三、", "四、"]
        per_section = max(1, self.scale.tasks // len(sections))
        for s, label in enumerate(sections):
            kinds = [UnitKind.ADMIN_DEPT] if s == 0 else [UnitKind.INSTITUTION] if s < 3 else [UnitKind.WINDOW]
            parent = Task(pk=next_task(), campaign=campaign, label=label, heading=f"第{s + 1}部分工作任务",
                          level=1, order=s + 1, sort_key=f"{s + 1:05d}.", applies_to=kinds)
            tasks.append(parent)
            for i in range(per_section):
                leaf = Task(pk=next_task(), campaign=campaign, parent=parent, label=f"{i + 1}.",
                            heading=f"落实第{s + 1}部分第{i + 1}项任务", text="按照方案要求完成并报送佐证材料。",
                            level=2, order=i + 1, sort_key=f"{parent.sort_key}{i + 1:05d}.", applies_to=kinds,
                            due_date=self._day(30))
                tasks.append(leaf)
                leaves.append(leaf)
        Task.objects.bulk_create(tasks, batch_size=BATCH)
        self.campaign_obj = campaign
        self._say("tasks", len(tasks), started)

        by_kind: dict[str, list[Unit]] = {}
        for unit in self.all_units:
            by_kind.setdefault(unit.kind, []).append(unit)
        statuses = [AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS, AssignmentStatus.PENDING_REVIEW,
                    AssignmentStatus.RETURNED, AssignmentStatus.DONE]
        weights = [30, 30, 15, 5, 20]
        next_assignment = Ids(Assignment)
        now = timezone.now()
        batch, reports, total = [], [], 0
        for leaf in leaves:
            for unit in itertools.chain.from_iterable(by_kind.get(k, []) for k in leaf.applies_to):
                status = self.rng.choices(statuses, weights)[0]
                pk = next_assignment()
                done = status == AssignmentStatus.DONE
                batch.append(Assignment(
                    pk=pk, task=leaf, unit=unit, due_date=self._day(20), status=status,
                    progress=100 if done else self.rng.choice((0, 20, 50, 80)),
                    completed_at=now - dt.timedelta(days=self.rng.randint(0, 30)) if done else None))
                if status in (AssignmentStatus.PENDING_REVIEW, AssignmentStatus.RETURNED, AssignmentStatus.DONE):
                    report_status = {AssignmentStatus.PENDING_REVIEW: ReportStatus.SUBMITTED,
                                     AssignmentStatus.RETURNED: ReportStatus.RETURNED,
                                     AssignmentStatus.DONE: ReportStatus.ACCEPTED}[status]
                    reports.append(ProgressReport(assignment_id=pk, author_id=self.rng.choice(self.user_ids),
                                                  text="已按要求完成，佐证材料见附件。", progress=100, status=report_status))
                if len(batch) >= BATCH:
                    total += self._flush_assignments(batch, reports)
                    batch, reports = [], []
        total += self._flush_assignments(batch, reports)
        self._say("assignments", total, started)

    def _flush_assignments(self, batch, reports) -> int:
        _insert(Assignment, batch)
        _insert(ProgressReport, reports)
        self.counts["progress reports"] = self.counts.get("progress reports", 0) + len(reports)
        return len(batch)

    # --- ledger, portal, audit ------------------------------------------------------------
    def problems(self) -> None:
        started = time.monotonic()
        categories = list(ProblemCategory.objects.values_list("pk", flat=True))
        if not categories:
            categories = [ProblemCategory.objects.create(name="工作作风").pk]
        units = [u for u in self.all_units if u.kind != UnitKind.OFFICE]
        statuses = list(ProblemStatus.values)
        prefix = f"B{self.root.pk}"
        rows = []
        for i in range(self.scale.problems):
            rows.append(Problem(
                number=f"{prefix}-{i + 1:07d}", unit=self.rng.choice(units), source=self.rng.choice(ProblemSource.values),
                category_id=self.rng.choice(categories), cause=self.rng.choice(Cause.values),
                severity=self.rng.choice(Severity.values), description=f"规模测试问题第{i + 1}号：制度执行不到位。",
                found_on=self._day(90), status=self.rng.choice(statuses)))
            if len(rows) >= BATCH:
                _insert(Problem, rows)
                rows = []
        _insert(Problem, rows)
        self._say("problems", self.scale.problems, started)

    def submissions(self) -> None:
        started = time.monotonic()
        receivers = self.counties if len(self.counties) < 50 else self.counties[:50] + [self.root]
        units = [u for u in self.all_units if u.kind in (UnitKind.INSTITUTION, UnitKind.WINDOW)]
        digest = hashlib.sha256(b"bench").hexdigest()
        prefix = f"B{self.root.pk}"
        rows = []
        for i in range(self.scale.submissions):
            received = self._day(60)
            rows.append(Submission(
                case_number=f"{prefix}{i + 1:08d}"[:20], password_hash=digest,
                kind=self.rng.choice(SubmissionKind.values), status=self.rng.choice(SubmissionStatus.values),
                unit=self.rng.choice(units), received_by=self.rng.choice(receivers),
                title=f"关于服务态度的意见{i + 1}", text="挂号窗口排队时间长，希望改进。",
                received_at=timezone.make_aware(dt.datetime.combine(received, dt.time(9, 30))),
                ack_due=received + dt.timedelta(days=5), conclude_due=received + dt.timedelta(days=30)))
            if len(rows) >= BATCH:
                _insert(Submission, rows)
                rows = []
        _insert(Submission, rows)
        self._say("submissions", self.scale.submissions, started)

    def audit(self) -> None:
        started = time.monotonic()
        units = self.all_units
        actions = ["assignment.report", "assignment.review", "problem.create", "problem.verify", "submission.route"]
        rows = []
        for i in range(self.scale.audit_rows):
            unit = self.rng.choice(units)
            rows.append(AuditEntry(actor_id=self.rng.choice(self.user_ids), actor_name=self._name(),
                                   action=self.rng.choice(actions), object_type="campaigns.assignment",
                                   object_id=str(i + 1), object_repr=unit.name, unit_path=unit.path,
                                   after={"status": "done"}))
            if len(rows) >= BATCH:
                _insert(AuditEntry, rows)
                rows = []
        _insert(AuditEntry, rows)
        self._say("audit rows", self.scale.audit_rows, started)

    def run(self) -> dict[str, int]:
        started = time.monotonic()
        self.out.write(f"bench-data --scale {self.scale_name}\n")
        with transaction.atomic():
            self.units()
            self.people()
            self.campaign()
            self.problems()
            self.submissions()
            self.audit()
        _reset_sequences()
        _analyze()
        rollups.bump()  # written in bulk, without signals: every cached roll-up is stale (fazhi.core.rollups)
        self.out.write(f"  {'total':<18} {'':>9}  {time.monotonic() - started:6.1f} s\n")
        return self.counts


def _reset_sequences() -> None:
    """Ids were given explicitly: PostgreSQL's sequences must move past them."""
    if connection.vendor != "postgresql":
        return
    User = get_user_model()
    statements = connection.ops.sequence_reset_sql(no_style(), [Unit, User, Person, Task, Assignment])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _analyze() -> None:
    """Statistics for the planner and the visibility map, as autovacuum would make them soon after a
    bulk load on a server that runs it (and as PostgreSQL advises after one): without statistics it
    guesses two rows where there are thousands and nests loops over the whole tree; without the
    map no index answers a count without reading the table's rows as well. Either way the pages
    measured would be those of a database no installation runs. SQLite gathers none unless told,
    nor do its installations: left as it is. (Outside the generator's transaction: VACUUM cannot
    run inside one.)"""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def generate(scale: str, seed: int = 1, out=None) -> dict[str, int]:
    return Generator(scale, seed=seed, out=out).run()
