"""Excel in and out: the attendance sheet (template and import), the question bank import,
and the export of the figures. Imports report every refused row with its reason; the rows
that pass are written in one service call."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from fazhi.core.excel import ledger_sheet, ledger_workbook, notes_sheet
from fazhi.org.models import Person
from fazhi.org.scoping import scope

from . import messages as m
from . import services
from .choices import MaterialKind, QuestionKind
from .models import LearnerProfile, StudySession

NAME, UNIT = "姓名", "所在单位"
Q_COLUMNS = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "答案", "法律法规", "条款", "难度"]
KIND_BY_LABEL = {"单选题": QuestionKind.SINGLE, "单选": QuestionKind.SINGLE, "多选题": QuestionKind.MULTIPLE,
                 "多选": QuestionKind.MULTIPLE, "判断题": QuestionKind.TRUE_FALSE, "判断": QuestionKind.TRUE_FALSE}


@dataclass
class ImportReport:
    rows: int = 0
    accepted: list = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # "第 n 行：reason"
    errors: list[str] = field(default_factory=list)  # the sheet itself is unusable


def _rows(upload):
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        raise ValidationError(m.IMPORT_NOT_XLSX)
    ws = wb.worksheets[0]
    rows = [[("" if c is None else str(c).strip()) for c in row] for row in ws.iter_rows(values_only=True)]
    return rows


def _header(rows, required):
    for i, row in enumerate(rows[:5]):
        if all(col in row for col in required):
            return i, {name: row.index(name) for name in row if name}
    raise ValidationError(str(m.IMPORT_MISSING_COLUMNS).format(columns="、".join(required)))


# --- attendance ---------------------------------------------------------------------------------

def attendance_template(session: StudySession) -> Workbook:
    wb = ledger_workbook(title=_("{topic} 签到表").format(topic=session.topic), headers=[NAME, UNIT], rows=[],
                         sheet_title=_("签到表"))
    notes_sheet(wb, title=_("填写说明"), notes=[
        (NAME, _("参训人员姓名，须已在平台人员名单中。")),
        (UNIT, _("人员所在单位全称；同名人员必须填写，须在组织单位范围内。")),
    ])
    return wb


def attendance_import(*, actor, session: StudySession, upload) -> ImportReport:
    """Sign in the people listed; each refused row is reported, the others are recorded together."""
    if not services.can_write(actor, session.unit):
        raise PermissionDenied(m.NOT_WRITER)
    report = ImportReport()
    try:
        rows = _rows(upload)
        # The header is "姓名 / 所在单位" in Chinese whatever the language of the page that made the sheet.
        start, cols = _header(rows, [NAME])
    except ValidationError as e:
        report.errors = e.messages
        return report
    people = list(scope(Person.objects.all(), actor).select_related("unit"))
    by_name: dict[str, list[Person]] = {}
    for p in people:
        by_name.setdefault(p.name, []).append(p)
    categorised = set(LearnerProfile.objects.filter(person__in=people).values_list("person_id", flat=True))
    chosen = []
    for n, row in enumerate(rows[start + 1:], start=start + 2):
        name = row[cols[NAME]] if cols[NAME] < len(row) else ""
        unit = row[cols[UNIT]] if UNIT in cols and cols[UNIT] < len(row) else ""
        if not name and not unit:
            continue
        report.rows += 1
        found = [p for p in by_name.get(name, []) if not unit or unit in (p.unit.name, p.unit.short_name)]
        if not found:
            reason = str(m.IMPORT_PERSON_UNKNOWN).format(name=name, unit=unit or "—")
        elif len(found) > 1:
            reason = str(m.IMPORT_PERSON_AMBIGUOUS).format(name=name)
        else:
            reason = services.attendee_problem(session, found[0], categorised)
        if reason:
            report.refused.append(str(m.IMPORT_ROW).format(row=n, message=reason))
        elif found[0] not in chosen:
            chosen.append(found[0])
    if not report.rows:
        report.errors.append(str(m.IMPORT_EMPTY))
    elif chosen:
        report.accepted = services.attendance_add(actor=actor, session=session, people=chosen, source="imported")
    return report


# --- question bank -------------------------------------------------------------------------------

def question_template() -> Workbook:
    wb = ledger_workbook(title=_("试题导入模板"), headers=Q_COLUMNS, numbered=False, rows=[
        ["单选题", "行政处罚的种类不包括下列哪一项？", "警告", "罚款", "降级", "没收违法所得", "", "C", "中华人民共和国行政处罚法", "第九条", 1],
        ["多选题", "行政执法“三项制度”包括：", "行政执法公示", "执法全过程记录", "重大执法决定法制审核", "执法回避", "", "ABC",
         "关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见", "", 2],
        ["判断题", "宪法是国家的根本法。", "", "", "", "", "", "正确", "中华人民共和国宪法", "序言", 1],
    ], sheet_title=_("试题"))
    notes_sheet(wb, title=_("填写说明"), notes=[
        ("题型", _("单选题、多选题或判断题。")),
        ("答案", _("选择题填选项字母，如 B 或 ACD；判断题填“正确”或“错误”。")),
        ("难度", _("1 至 3，数字越大越难，可不填（默认 1）。")),
    ])
    return wb


def _answer(kind: str, text: str, n_options: int) -> list[int]:
    text = text.replace(" ", "").replace(",", "").replace("，", "").upper()
    if kind == QuestionKind.TRUE_FALSE:
        return {"正确": [0], "对": [0], "√": [0], "错误": [1], "错": [1], "×": [1]}.get(text, [-1])
    return [ord(ch) - ord("A") for ch in text]


@transaction.atomic
def questions_import(*, actor, unit, upload) -> ImportReport:
    report = ImportReport()
    try:
        rows = _rows(upload)
        start, cols = _header(rows, ["题型", "题干", "答案", "法律法规"])
    except ValidationError as e:
        report.errors = e.messages
        return report

    def cell(row, name):
        i = cols.get(name)
        return row[i] if i is not None and i < len(row) else ""

    for n, row in enumerate(rows[start + 1:], start=start + 2):
        if not any(row):
            continue
        report.rows += 1
        kind = KIND_BY_LABEL.get(cell(row, "题型"))
        if kind is None:
            report.refused.append(str(m.IMPORT_ROW).format(row=n, message=str(m.IMPORT_KIND_UNKNOWN).format(
                value=cell(row, "题型"))))
            continue
        options = [cell(row, c) for c in Q_COLUMNS if c.startswith("选项") and cell(row, c)]
        difficulty = cell(row, "难度")
        try:
            with transaction.atomic():
                question = services.question_create(
                    actor=actor, unit=unit, kind=kind, text=cell(row, "题干"), options=options,
                    answer=_answer(kind, cell(row, "答案"), len(options)), law=cell(row, "法律法规"),
                    article=cell(row, "条款"), difficulty=int(float(difficulty)) if difficulty else 1)
            report.accepted.append(question)
        except ValidationError as e:
            report.refused.append(str(m.IMPORT_ROW).format(row=n, message=" ".join(e.messages)))
    if not report.rows:
        report.errors.append(str(m.IMPORT_EMPTY))
    return report


# --- figures --------------------------------------------------------------------------------------

def _fmt(v):
    return "" if v is None else (f"{v}%" if isinstance(v, float) else v)


def figures_workbook(figures, *, title: str) -> Workbook:
    headers = [_("单位"), _("培训期数"), _("培训人数"), _("总学时"), _("法律学时"), _("法律学时占比"), _("低于占比人数"),
               _("执法人员"), _("执法人员参训"), _("执法人员培训覆盖率"), _("应考人数"), _("参考人数"), _("合格人数"),
               _("参考率"), _("合格率"), _("普法活动"), _("参与人数")] + [str(k.label) for k in MaterialKind]
    rows = []
    for f in [*figures.per_unit, figures.totals]:
        name = f.unit_name if f is not figures.totals else _("合计")
        rows.append([name, f.trainings, f.people_trained, f.hours, f.law_hours, _fmt(f.law_share), f.people_below_share,
                     f.enforcement_staff, f.enforcement_trained, _fmt(f.enforcement_coverage), f.exam_candidates,
                     f.exam_takers, f.exam_passed, _fmt(f.exam_coverage), _fmt(f.exam_pass_rate), f.outreach_events,
                     f.outreach_participants] + [f.materials.get(k, 0) for k in MaterialKind.values])
    wb = ledger_workbook(title=title, headers=headers, rows=rows, sheet_title=_("分单位"))
    ws = wb.create_sheet(_("考试"))
    ledger_sheet(ws, title=_("{year}年考试情况").format(year=figures.year),
                 headers=[_("考试名称"), _("组织单位"), _("应考人数"), _("参考人数"), _("合格人数"), _("参考率"), _("合格率")],
                 rows=[[e["title"], e["unit"], e["candidates"], e["takers"], e["passed"], _fmt(e["coverage"]),
                        _fmt(e["pass_rate"])] for e in figures.exams])
    return wb
