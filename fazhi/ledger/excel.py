"""The problem ledger in and out of Excel, in the customary columns (序号, 问题来源, 问题描述,
责任单位, 责任人, 整改措施, 整改时限, 整改进展, 完成情况, 销号时间), followed by 问题类别 and
发现日期, which an import needs and an old ledger may lack.

An import is all or nothing unless the user asks for the valid rows only; every refused row
is reported with its number and the reason.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from fazhi.core.excel import ledger_sheet
from fazhi.core.formats import cn_date
from fazhi.core.workdays import WorkCalendar, today as local_today
from fazhi.org.choices import Role
from fazhi.org.scoping import visible_units
from fazhi.planparse.officezip import office_zip_problem

from . import messages as m
from .choices import EventKind, ProblemSource, ProblemStatus, ReportStatus
from .models import CompletionReport, Problem, ProblemCategory, ProblemEvent, Rectification
from .services import DEFAULT_CATEGORY, _saved, next_number

SOURCE, DESCRIPTION, UNIT, PERSON, MEASURES, DEADLINE, PROGRESS, STATUS, CLOSED = (
    "问题来源", "问题描述", "责任单位", "责任人", "整改措施", "整改时限", "整改进展", "完成情况", "销号时间")
CATEGORY, FOUND = "问题类别", "发现日期"
COLUMNS = [SOURCE, DESCRIPTION, UNIT, PERSON, MEASURES, DEADLINE, PROGRESS, STATUS, CLOSED, CATEGORY, FOUND]
REQUIRED = [DESCRIPTION, UNIT]
WORKING_DAYS = re.compile(r"^\s*(\d{1,3})\s*个?工作日\s*$")
DATE_PATTERNS = [re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*$"),
                 re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")]


def _headers() -> list[str]:
    return [_(c) for c in COLUMNS]


def problem_row(p: Problem) -> list:
    rect = getattr(p, "rectification", None)
    progress = "\n".join(e.text for e in getattr(p, "progress_events", None) or p.events.filter(kind=EventKind.PROGRESS))
    return [p.get_source_display(), p.description, p.unit.name, rect.responsible_person if rect else "",
            rect.measures if rect else "", rect.deadline if rect else None, progress, p.get_status_display(),
            timezone.localdate(p.closed_at) if p.closed_at else None, p.category.name, p.found_on]


def ledger_export(problems, *, title: str) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = _("问题台账")
    ledger_sheet(ws, title=title, headers=_headers(), rows=(problem_row(p) for p in problems),
                 widths={1: 50, 4: 40, 6: 40})
    return wb


# --- import -----------------------------------------------------------------------------------

@dataclass
class ImportRow:
    number: int  # the row number in the sheet, as the user sees it
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # errors of the whole file
    created: list[Problem] = field(default_factory=list)

    @property
    def bad(self) -> list[ImportRow]:
        return [r for r in self.rows if r.errors]

    @property
    def good(self) -> list[ImportRow]:
        return [r for r in self.rows if not r.errors]


def parse_date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    for pattern in DATE_PATTERNS:
        match = pattern.match(str(value))
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                break
    raise ValueError(value)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _find_header(ws) -> tuple[int, dict[str, int]] | None:
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=6, values_only=True), start=1):
        names = [_text(v) for v in row]
        if DESCRIPTION in names:
            return r, {name: i for i, name in enumerate(names) if name}
    return None


def _lookups(actor):
    units = list(visible_units(actor, roles=[Role.OFFICE]).only("id", "name", "short_name", "path"))
    by_name: dict[str, list] = {}
    for u in units:
        by_name.setdefault(u.name, []).append(u)
        if u.short_name and u.short_name != u.name:
            by_name.setdefault(u.short_name, []).append(u)
    sources = {str(label): value for value, label in ProblemSource.choices}
    statuses = {str(label): value for value, label in ProblemStatus.choices}
    categories = {c.name: c for c in ProblemCategory.objects.all()}
    return by_name, sources, statuses, categories


def _check_row(row: ImportRow, raw: dict, lookups, cal: WorkCalendar) -> None:
    by_name, sources, statuses, categories = lookups
    v, err = row.values, row.errors
    v["description"] = _text(raw.get(DESCRIPTION))
    if not v["description"]:
        err.append(str(m.DESCRIPTION_REQUIRED))
    unit_name = _text(raw.get(UNIT))
    matches = {u.pk: u for u in by_name.get(unit_name, [])}
    if len(matches) == 1:
        v["unit"] = next(iter(matches.values()))
    elif len(matches) > 1:
        err.append(str(m.IMPORT_UNIT_AMBIGUOUS).format(name=unit_name))
    else:
        err.append(str(m.IMPORT_UNIT_UNKNOWN).format(name=unit_name))
    source = _text(raw.get(SOURCE))
    v["source"] = sources.get(source) if source else ProblemSource.OTHER
    if v["source"] is None:
        err.append(str(m.IMPORT_SOURCE_UNKNOWN).format(value=source, allowed="、".join(sources)))
    category = _text(raw.get(CATEGORY)) or DEFAULT_CATEGORY
    v["category"] = categories.get(category)
    if v["category"] is None:
        err.append(str(m.CATEGORY_UNKNOWN).format(name=category))
    dates = {}
    for column in (DEADLINE, CLOSED, FOUND):
        cell = raw.get(column)
        if column == DEADLINE and WORKING_DAYS.match(_text(cell)):
            dates[column] = int(WORKING_DAYS.match(_text(cell)).group(1))
            continue
        try:
            dates[column] = parse_date(cell)
        except ValueError:
            dates[column] = None
            err.append(str(m.IMPORT_DATE_INVALID).format(column=_(column), value=_text(cell)))
    deadline = dates[DEADLINE]
    found = dates[FOUND] or min([d for d in [deadline if isinstance(deadline, dt.date) else None, local_today()] if d])
    if isinstance(deadline, int):
        deadline = cal.add_working_days(found, deadline)
    v.update(found_on=found, deadline=deadline, closed_on=dates[CLOSED])
    if found > local_today():
        err.append(str(m.FOUND_IN_FUTURE).format(found=cn_date(found)))
    if deadline and deadline < found:
        err.append(str(m.DEADLINE_BEFORE_FOUND).format(deadline=cn_date(deadline), found=cn_date(found)))
    v["measures"], v["person"], v["progress"] = _text(raw.get(MEASURES)), _text(raw.get(PERSON)), _text(raw.get(PROGRESS))
    has_rect = bool(v["measures"] or v["person"] or deadline)
    if has_rect:
        for ok, message in ((v["measures"], m.MEASURES_REQUIRED), (v["person"], m.RESPONSIBLE_REQUIRED),
                            (deadline, m.DEADLINE_REQUIRED)):
            if not ok:
                err.append(str(message))
    status = _text(raw.get(STATUS))
    default = ProblemStatus.RECTIFYING if has_rect else ProblemStatus.OPEN
    v["status"] = statuses.get(status) if status else default
    if v["status"] is None:
        err.append(str(m.IMPORT_STATUS_UNKNOWN).format(value=status, allowed="、".join(statuses)))
    elif v["status"] != ProblemStatus.OPEN and not has_rect:
        err.append(str(m.NO_RECTIFICATION))
    if v["status"] == ProblemStatus.CLOSED and not v["closed_on"]:
        err.append(str(m.IMPORT_CLOSED_NEEDS_DATE))


def import_check(upload, *, actor) -> ImportReport:
    """Read and check every row; nothing is written."""
    report = ImportReport()
    if problem := office_zip_problem(upload):
        report.errors.append(problem)
        return report
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a file that is not a workbook
        report.errors.append(str(m.IMPORT_NOT_XLSX))
        return report
    ws = wb.worksheets[0]
    found = _find_header(ws)
    if found is None:
        report.errors.append(str(m.IMPORT_NO_HEADER))
        return report
    header_row, index = found
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        report.errors.append(str(m.IMPORT_MISSING_COLUMNS).format(columns="、".join(missing)))
        return report
    lookups, cal = _lookups(actor), WorkCalendar()
    for number, cells in enumerate(ws.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1):
        raw = {name: cells[i] if i < len(cells) else None for name, i in index.items()}
        if all(_text(v) == "" for k, v in raw.items() if k != "序号"):
            continue
        row = ImportRow(number=number)
        _check_row(row, raw, lookups, cal)
        report.rows.append(row)
    if not report.rows:
        report.errors.append(str(m.IMPORT_EMPTY))
    wb.close()
    return report


@transaction.atomic
def problems_import(*, actor, report: ImportReport, valid_only: bool = False) -> ImportReport:
    """Write the checked rows: all of them, or with valid_only the valid ones; refuses otherwise."""
    if not visible_units(actor, roles=[Role.OFFICE]).exists():
        raise PermissionDenied(m.NOT_OFFICE)
    if report.errors or (report.bad and not valid_only):
        raise ValidationError(str(m.IMPORT_REFUSED).format(total=len(report.rows), bad=len(report.bad)))
    # The rows come from the caller: each unit is checked again against the actor's own grants.
    allowed = set(visible_units(actor, roles=[Role.OFFICE]).values_list("pk", flat=True))
    for row in report.good:
        if row.values.get("unit") is None or row.values["unit"].pk not in allowed:
            raise PermissionDenied(m.NOT_OFFICE)
        report.created.append(_import_one(actor, row.values))
    return report


def _import_one(actor, v: dict) -> Problem:
    unit = v["unit"]
    problem = Problem(unit=unit, description=v["description"], category=v["category"], source=v["source"],
                      found_on=v["found_on"], status=v["status"], recorded_by=actor,
                      number=f"{v['found_on'].year}-{next_number('problem', v['found_on'].year):04d}")
    if v["status"] == ProblemStatus.CLOSED:
        problem.closed_at = timezone.make_aware(dt.datetime.combine(v["closed_on"], dt.time(12)))
        problem.closed_by = actor
    problem.last_moved_at = timezone.now()
    _saved(problem, actor=actor, action="problem.import", unit=unit)
    ProblemEvent.objects.create(problem=problem, kind=EventKind.IMPORTED, actor=actor, text=_("从 Excel 台账导入"))
    if v["deadline"]:
        _saved(Rectification(problem=problem, measures=v["measures"], responsible_person=v["person"], deadline=v["deadline"],
                             set_by=actor), actor=actor, action="rectification.import", unit=unit)
    if v["progress"]:
        ProblemEvent.objects.create(problem=problem, kind=EventKind.PROGRESS, actor=actor, text=v["progress"])
    report_status = {ProblemStatus.REPORTED: ReportStatus.SUBMITTED, ProblemStatus.ACCEPTED: ReportStatus.ACCEPTED,
                     ProblemStatus.CLOSED: ReportStatus.ACCEPTED}.get(v["status"])
    if report_status:
        # An imported ledger says the work was done; the report stands for the paper one.
        done = CompletionReport(problem=problem, author=actor, text=_("（导入的台账记录）"), status=report_status)
        if report_status == ReportStatus.ACCEPTED:
            done.verifier, done.verified_at = actor, problem.closed_at or timezone.now()
        _saved(done, actor=actor, action="completion_report.import", unit=unit)
    return problem
