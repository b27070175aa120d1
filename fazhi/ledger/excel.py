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
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from fazhi.core.excel import ledger_stream
from fazhi.core.formats import cn_date
from fazhi.core.workdays import WorkCalendar, today as local_today
from fazhi.org.choices import Role
from fazhi.audit.services import snapshot
from fazhi.campaigns.models import Campaign
from fazhi.org.scoping import scope, visible_units
from fazhi.planparse.officezip import office_zip_problem

from . import messages as m
from .choices import Cause, EntryType, EventKind, ProblemSource, ProblemStatus, ReportStatus, Responsibility
from .models import CompletionReport, Problem, ProblemCategory, ProblemEvent, Rectification
from .services import DEFAULT_CATEGORY, _saved, next_number

if TYPE_CHECKING:
    from .selectors import ExportRow

SOURCE, DESCRIPTION, UNIT, PERSON, MEASURES, DEADLINE, PROGRESS, STATUS, CLOSED = (
    "问题来源", "问题描述", "责任单位", "责任人", "整改措施", "整改时限", "整改进展", "完成情况", "销号时间")
CATEGORY, FOUND, NUMBER, CAMPAIGN, ENTRY, RESPONSIBILITY, CAUSE = (
    "问题类别", "发现日期", "问题编号", "所属活动", "条目类型", "管辖责任", "原因性质")
COLUMNS = [SOURCE, DESCRIPTION, UNIT, PERSON, MEASURES, DEADLINE, PROGRESS, STATUS, CLOSED, CATEGORY, FOUND,
           NUMBER, CAMPAIGN, ENTRY, RESPONSIBILITY, CAUSE]
REQUIRED = [DESCRIPTION, UNIT]
WORKING_DAYS = re.compile(r"^\s*(\d{1,3})\s*个?工作日\s*$")
DATE_PATTERNS = [re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*$"),
                 re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")]
# Fields an import may change on a problem it recognises by its number; status, unit and
# close-out move only through the ledger's own steps.
UPDATABLE = ["description", "source", "category", "campaign", "entry_type", "responsibility", "cause"]
RECT_UPDATABLE = ["measures", "person", "deadline"]


class RowAction:
    CREATE, UPDATE, UNCHANGED, REFUSED = "created", "updated", "unchanged", "refused"


def _headers() -> list[str]:
    return [_(c) for c in COLUMNS]


class Labels:
    """The translated label of every choice and category, looked up once per export rather than
    translated again on every row."""

    def __init__(self):
        self.choices = {name: {value: str(label) for value, label in cls.choices}
                        for name, cls in (("source", ProblemSource), ("status", ProblemStatus), ("entry_type", EntryType),
                                          ("responsibility", Responsibility), ("cause", Cause))}
        self.categories: dict[str, str] = {}

    def of(self, name: str, value: str) -> str:
        return self.choices[name].get(value, value)

    def category(self, name: str) -> str:
        if name not in self.categories:
            self.categories[name] = _(name)  # as ProblemCategory.label
        return self.categories[name]


def ledger_row(r: ExportRow, labels: Labels | None = None) -> list:
    """A row of selectors.export_rows in the ledger's columns (COLUMNS)."""
    labels = labels or Labels()
    return [labels.of("source", r.source), r.description, r.unit_name, r.responsible_person or "", r.measures or "",
            r.deadline, "\n".join(r.progress), labels.of("status", r.status),
            timezone.localdate(r.closed_at) if r.closed_at else None, labels.category(r.category_name), r.found_on,
            r.number, r.campaign_title or "", labels.of("entry_type", r.entry_type),
            labels.of("responsibility", r.responsibility), labels.of("cause", r.cause)]


WIDTHS = {1: 50, 2: 28, 3: 16, 4: 40, 5: 16, 6: 40, 7: 10, 8: 16, 9: 12, 10: 16, 11: 14, 12: 24, 13: 14, 14: 12,
          15: 16}


def ledger_export_stream(rows, target, *, title: str) -> int:
    """The same ledger written row by row (see core.excel.ledger_stream): linear time, flat memory."""
    labels = Labels()
    return ledger_stream(target, title=title, headers=_headers(), rows=(ledger_row(r, labels) for r in rows),
                         sheet_title=_("问题台账"), widths=WIDTHS)


# --- import -----------------------------------------------------------------------------------

@dataclass
class ImportRow:
    number: int  # the row number in the sheet, as the user sees it
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    problem: Problem | None = None  # the problem this row updates, recognised by its number
    changes: list[str] = field(default_factory=list)  # the columns an update changes
    notes: list[str] = field(default_factory=list)

    @property
    def change_labels(self) -> str:
        return "、".join(_(CHANGE_LABELS[c]) for c in self.changes)

    @property
    def action(self) -> str:
        if self.errors:
            return RowAction.REFUSED
        if self.problem is None:
            return RowAction.CREATE
        return RowAction.UPDATE if self.changes else RowAction.UNCHANGED


@dataclass
class ImportReport:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # errors of the whole file
    created: list[Problem] = field(default_factory=list)
    updated: list[Problem] = field(default_factory=list)
    preview: str = ""

    def of(self, action: str) -> list[ImportRow]:
        return [r for r in self.rows if r.action == action]

    def counts(self) -> dict[str, int]:
        return {a: len(self.of(a)) for a in (RowAction.CREATE, RowAction.UPDATE, RowAction.UNCHANGED, RowAction.REFUSED)}

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
    # A sheet exported in English has English headers: read them back as the Chinese column names.
    known = {str(_(c)): c for c in COLUMNS + ["序号"]}
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=6, values_only=True), start=1):
        names = [known.get(_text(v), _text(v)) for v in row]
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
    categories = {}
    for c in ProblemCategory.objects.all():
        categories[c.name] = categories[c.label] = c  # a sheet exported in English names them in English
    problems = {p.number: p for p in scope(Problem.objects.all(), actor, roles=[Role.OFFICE]).select_related(
        "unit", "category", "campaign", "rectification").prefetch_related(
        Prefetch("events", queryset=ProblemEvent.objects.filter(kind=EventKind.PROGRESS), to_attr="progress_events"))}
    campaigns = {c.title: c for c in Campaign.objects.all()}
    choices = {col: {str(label): value for value, label in cls.choices}
               for col, cls in ((ENTRY, EntryType), (RESPONSIBILITY, Responsibility), (CAUSE, Cause))}
    return Lookups(by_name, sources, statuses, categories, problems, campaigns, choices)


@dataclass
class Lookups:
    units: dict
    sources: dict
    statuses: dict
    categories: dict
    problems: dict
    campaigns: dict
    choices: dict


def _check_row(row: ImportRow, raw: dict, lookups, cal: WorkCalendar) -> None:
    by_name, sources, statuses, categories = lookups.units, lookups.sources, lookups.statuses, lookups.categories
    v, err = row.values, row.errors
    number = _text(raw.get(NUMBER))
    if number:
        row.problem = lookups.problems.get(number)
        if row.problem is None:
            err.append(str(m.IMPORT_NUMBER_UNKNOWN).format(number=number))
            return
    campaign = _text(raw.get(CAMPAIGN))
    v["campaign"] = lookups.campaigns.get(campaign) if campaign else None
    if campaign and v["campaign"] is None:
        err.append(str(m.IMPORT_CAMPAIGN_UNKNOWN).format(name=campaign))
    for column, name, default in ((ENTRY, "entry_type", EntryType.SPECIFIC), (RESPONSIBILITY, "responsibility", ""),
                                  (CAUSE, "cause", Cause.OTHER)):
        text = _text(raw.get(column))
        v[name] = lookups.choices[column].get(text) if text else default
        if v[name] is None:
            err.append(str(m.IMPORT_CHOICE_UNKNOWN).format(column=_(column), value=text,
                                                           allowed="、".join(lookups.choices[column])))
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
    if row.problem is not None:
        _compare(row)
    elif v["status"] in (ProblemStatus.ACCEPTED, ProblemStatus.CLOSED):
        # Close-out is the office's act on a verified report, never a cell of a sheet.
        v["status"] = ProblemStatus.REPORTED
        row.notes.append(str(m.IMPORT_NEW_NOT_CLOSED))


def _current(p: Problem) -> dict:
    rect = getattr(p, "rectification", None)
    return {"description": p.description, "source": p.source, "category": p.category, "campaign": p.campaign,
            "entry_type": p.entry_type, "responsibility": p.responsibility, "cause": p.cause,
            "measures": rect.measures if rect else "", "person": rect.responsible_person if rect else "",
            "deadline": rect.deadline if rect else None}


CHANGE_LABELS = {"description": DESCRIPTION, "source": SOURCE, "category": CATEGORY, "campaign": CAMPAIGN,
                 "entry_type": ENTRY, "responsibility": RESPONSIBILITY, "cause": CAUSE, "measures": MEASURES,
                 "person": PERSON, "deadline": DEADLINE, "progress": PROGRESS}


def _compare(row: ImportRow) -> None:
    """What a row recognised by its number would change; refused where the ledger's own steps rule."""
    p, v, err = row.problem, row.values, row.errors
    if v.get("unit") is not None and v["unit"].pk != p.unit_id:
        err.append(str(m.IMPORT_UNIT_CHANGED).format(number=p.number))
    if v["status"] is not None and v["status"] != p.status:
        err.append(str(m.IMPORT_STATUS_CHANGED).format(number=p.number, status=p.get_status_display()))
    current = _current(p)
    for name in UPDATABLE + RECT_UPDATABLE:
        if name in ("measures", "person", "deadline") and not (v["measures"] or v["person"] or v["deadline"]):
            continue  # an empty rectification in the sheet leaves the one in the ledger alone
        if name == "campaign" and v["campaign"] is None:
            continue
        if v[name] != current[name]:
            row.changes.append(name)
    known = {e.text for e in p.progress_events}
    v["new_progress"] = [line for line in _progress_items(v["progress"], p) if line not in known]
    if v["new_progress"]:
        row.changes.append("progress")
    if row.changes and p.status == ProblemStatus.CLOSED:
        err.append(str(m.IMPORT_CLOSED_CHANGED).format(number=p.number))


def _progress_items(text: str, p: Problem) -> list[str]:
    """The export joins progress entries with line breaks, and an entry may hold line breaks
    itself: when the cell still starts with the known entries, only what follows is new."""
    joined = "\n".join(e.text for e in p.progress_events)
    if not text or text == joined:
        return []
    if joined and text.startswith(joined + "\n"):
        return [text[len(joined) + 1:].strip()]
    return [text.strip()] if text.strip() not in joined else []


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
    """Write the checked rows: all of them, or with valid_only the valid ones; refuses otherwise.
    A row with a known problem number updates that problem; a row without one registers a new one."""
    if not visible_units(actor, roles=[Role.OFFICE]).exists():
        raise PermissionDenied(m.NOT_OFFICE)
    if report.errors or (report.bad and not valid_only):
        raise ValidationError(str(m.IMPORT_REFUSED).format(total=len(report.rows), bad=len(report.bad)))
    # The rows come from the caller: each unit is checked again against the actor's own grants.
    allowed = set(visible_units(actor, roles=[Role.OFFICE]).values_list("pk", flat=True))
    for row in report.good:
        if row.values.get("unit") is None or row.values["unit"].pk not in allowed:
            raise PermissionDenied(m.NOT_OFFICE)
        if row.action == RowAction.CREATE:
            report.created.append(_import_one(actor, row.values))
        elif row.action == RowAction.UPDATE:
            report.updated.append(_update_one(actor, row))
    return report


def _update_one(actor, row: ImportRow) -> Problem:
    v = row.values
    problem = Problem.objects.select_for_update().get(pk=row.problem.pk)
    before = snapshot(problem)
    fields = [f for f in UPDATABLE if f in row.changes]
    if fields:
        for name in fields:
            setattr(problem, name, v[name])
        problem.last_moved_at = timezone.now()
        _saved(problem, actor=actor, action="problem.import_update", unit=problem.unit, before=before)
    if set(RECT_UPDATABLE) & set(row.changes):
        rect = Rectification.objects.filter(problem=problem).first()
        rect_before = snapshot(rect) if rect else None
        rect = rect or Rectification(problem=problem, set_by=actor)
        rect.measures, rect.responsible_person, rect.deadline = v["measures"], v["person"], v["deadline"]
        _saved(rect, actor=actor, action="rectification.import_update", unit=problem.unit, before=rect_before)
    for text in v.get("new_progress", []):
        ProblemEvent.objects.create(problem=problem, kind=EventKind.PROGRESS, actor=actor, text=text)
    ProblemEvent.objects.create(problem=problem, kind=EventKind.IMPORTED, actor=actor,
                                text=str(m.IMPORT_EVENT_UPDATED).format(columns=row.change_labels))
    return problem


def _import_one(actor, v: dict) -> Problem:
    unit = v["unit"]
    # Columns an older sheet lacks keep the model's defaults.
    optional = {k: v[k] for k in ("campaign", "entry_type", "responsibility", "cause") if v.get(k) is not None}
    problem = Problem(unit=unit, description=v["description"], category=v["category"], source=v["source"],
                      found_on=v["found_on"], status=v["status"], recorded_by=actor, **optional,
                      number=f"{v['found_on'].year}-{next_number('problem', v['found_on'].year):04d}")
    problem.last_moved_at = timezone.now()
    _saved(problem, actor=actor, action="problem.import", unit=unit)
    ProblemEvent.objects.create(problem=problem, kind=EventKind.IMPORTED, actor=actor, text=_("从 Excel 台账导入"))
    if v["deadline"]:
        _saved(Rectification(problem=problem, measures=v["measures"], responsible_person=v["person"], deadline=v["deadline"],
                             set_by=actor), actor=actor, action="rectification.import", unit=unit)
    if v["progress"]:
        ProblemEvent.objects.create(problem=problem, kind=EventKind.PROGRESS, actor=actor, text=v["progress"])
    if v["status"] == ProblemStatus.REPORTED:
        # An imported ledger says the work was done; the report stands for the paper one, for the office to verify.
        done = CompletionReport(problem=problem, author=actor, text=_("（导入的台账记录）"), status=ReportStatus.SUBMITTED)
        _saved(done, actor=actor, action="completion_report.import", unit=unit)
    return problem
