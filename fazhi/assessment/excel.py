"""Rubrics in and out of Excel, and the Excel of every score of a round.

Rubric workbook layout (the template users download is the same workbook, empty):
  sheet 基本信息: row 3 on, column B = value of 编码 / 名称 / 适用单位类别 / 加分上限 / 依据 (in that order);
  sheet 考评细则: a title row, a header row, then one row per line:
    序号 | 类型 (类别 / 考评项 / 加分项 / 一票否决项) | 编号 | 考评内容 | 分值 | 每处扣分 | 扣分办法 | 佐证材料
    a 考评项 belongs to the 类别 above it; 加分项 and 一票否决项 stand on their own;
  sheet 填写说明: what each column means.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from fazhi.core.excel import ledger_sheet, notes_sheet
from fazhi.org.choices import UnitKind
from fazhi.planparse.officezip import office_zip_problem

from . import messages as m
from . import selectors
from .choices import AssessmentKind, ItemKind
from .models import ItemScore, Rubric
from .rubricio import RubricData, decimal_or_error
from .services import ItemData

INFO_SHEET = "基本信息"
ITEMS_SHEET = "考评细则"


def _kind_labels() -> dict[str, str]:
    return {str(label): value for value, label in ItemKind.choices}


def rubric_workbook(rubric: Rubric | None) -> Workbook:
    wb = Workbook()
    info = wb.active
    info.title = INFO_SHEET
    ledger_sheet(info, title=_("考评细则基本信息"), headers=[_("项目"), _("内容")], numbered=False, rows=[
        (_("编码"), rubric.code if rubric else ""),
        (_("名称"), rubric.title if rubric else ""),
        (_("适用单位类别"), rubric.get_unit_kind_display() if rubric else str(UnitKind.WINDOW.label)),
        (_("加分上限"), float(rubric.bonus_cap) if rubric else 0),
        (_("依据"), rubric.source if rubric else ""),
    ])
    rows = []
    if rubric is not None:
        for item in selectors.rubric_items(rubric):
            rows.append((item.get_kind_display(), item.label, item.title,
                         float(item.max_points) if item.kind != ItemKind.VETO else None,
                         float(item.deduction) if item.deduction is not None else None,
                         item.deduction_rule, item.evidence))
    ledger_sheet(wb.create_sheet(ITEMS_SHEET), title=rubric.title if rubric else _("考评细则"), rows=rows,
                 headers=[_("类型"), _("编号"), _("考评内容"), _("分值"), _("每处扣分"), _("扣分办法"), _("佐证材料")])
    notes_sheet(wb, title=_("考评细则填写说明"), notes=[
        (_("基本信息"), _("编码为字母、数字和连字符，同编码再次导入即替换（尚未被考评轮次使用时）；适用单位类别填 行政部门、机构 或 窗口。")),
        (_("类型"), _("类别、考评项、加分项、一票否决项。考评项归属于其上方最近的类别，类别分值为其下考评项分值之和。")),
        (_("分值"), _("考评项满分；加分项为该项最高加分；一票否决项不填。")),
        (_("每处扣分"), _("每发现一处不足扣除的分数，累计不超过本项分值；不填则由考评人员直接打分。")),
        (_("扣分办法"), _("写明扣分规则，供考评人员参照。")),
        (_("佐证材料"), _("证明该项达标的材料。")),
    ])
    return wb


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def parse_rubric(upload) -> RubricData:
    """Read a rubric workbook laid out as `rubric_workbook` writes it; rows are reported by number."""
    if problem := office_zip_problem(upload):
        raise ValidationError(problem)
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
        info_ws, items_ws = wb[INFO_SHEET], wb[ITEMS_SHEET]
    except Exception:  # any unreadable or foreign file gets the same clear message
        raise ValidationError(m.RUBRIC_FILE_UNREADABLE)
    info = [_text(r[1] if len(r) > 1 else None) for r in info_ws.iter_rows(min_row=3, values_only=True)]
    info += [""] * (5 - len(info))
    kinds = {str(label): value for value, label in UnitKind.choices} | {v: v for v in UnitKind.values}
    unit_kind = kinds.get(info[2], info[2])
    item_kinds = _kind_labels() | {v: v for v in ItemKind.values}
    items: list[ItemData] = []
    category = None
    errors = []
    for n, row in enumerate(items_ws.iter_rows(min_row=3, values_only=True), start=3):
        row = list(row) + [None] * 8
        _seq, kind_text, label, title, points, deduction, rule, evidence = row[:8]
        if not any(_text(v) for v in row[1:8]):
            continue
        try:
            kind = item_kinds.get(_text(kind_text))
            if kind is None:
                raise ValidationError(str(m.RUBRIC_ITEM_KIND_INVALID).format(
                    kind=_text(kind_text), allowed="、".join(str(label) for _v, label in ItemKind.choices)))
            if not _text(title):
                raise ValidationError(m.RUBRIC_TITLE_MISSING)
            data = ItemData(kind=kind, title=_text(title), label=_text(label), max_points=decimal_or_error(points),
                            deduction=decimal_or_error(deduction, allow_none=True), deduction_rule=_text(rule),
                            evidence=_text(evidence))
            if kind == ItemKind.CATEGORY:
                data.children = []
                category = data
                items.append(data)
            elif kind == ItemKind.STANDARD:
                if category is None:
                    raise ValidationError(str(m.RUBRIC_PARENT_MISSING).format(title=data.title))
                category.children.append(data)
            else:
                items.append(data)
        except ValidationError as e:
            errors.extend(str(m.RUBRIC_ROW_ERROR).format(row=n, error=msg) for msg in e.messages)
    if errors:
        raise ValidationError(errors)
    return RubricData(code=info[0], title=info[1], unit_kind=unit_kind, bonus_cap=decimal_or_error(info[3] or 0),
                      source=info[4], items=items)


def scores_workbook(*, actor, rnd) -> Workbook:
    """Two sheets: the results (rank, totals by stage, grade) and every single mark with its reason."""
    res = selectors.results(actor=actor, rnd=rnd)
    wb = Workbook()
    ws = wb.active
    ws.title = _("考评结果")
    stages = res.stages
    headers = [_("排名"), _("单位"), _("所属")] + [s.name for s in stages] + [_("最终得分"), _("等次"), _("一票否决"), _("推荐评选")]
    rows = []
    for r in res.rows:
        cells = [r.rank or "", r.unit.name, r.group.display_name if r.group else ""]
        for s in stages:
            a = r.by_stage.get(s.pk)
            cells.append(float(a.total) if a is not None and a.total is not None else "")
        cells += [float(r.final.total) if r.final else "", (r.grade or {}).get("grade", ""),
                  (r.final.vetoed if r.final else ""), r.nomination.get_status_display() if r.nomination else ""]
        rows.append(cells)
    ledger_sheet(ws, title=_("{title}考评结果").format(title=rnd.title), headers=headers, rows=rows, numbered=False)

    visible = selectors.assessment_list(actor=actor, rnd=rnd).values("pk")
    marks = (ItemScore.objects.filter(assessment__in=visible)
             .select_related("assessment__unit", "assessment__stage", "item", "scorer__person")
             .order_by("assessment__unit__path", "assessment__stage__order", "item__order", "item_id", "scorer_id"))
    detail = wb.create_sheet(_("逐项得分"))
    ledger_sheet(detail, title=_("{title}逐项得分").format(title=rnd.title), rows=(
        (s.assessment.unit.name, s.assessment.stage.name,
         _("自评") if s.assessment.kind == AssessmentKind.SELF else _("督查考评"), f"{s.item.label}{s.item.title}",
         float(s.item.max_points), float(s.points), s.vetoed, s.reason,
         getattr(getattr(s.scorer, "person", None), "name", s.scorer.get_username()))
        for s in marks),
        headers=[_("单位"), _("阶段"), _("类型"), _("考评项"), _("分值"), _("得分"), _("否决"), _("扣分理由"), _("评分人")])
    return wb
