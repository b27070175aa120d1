"""Units and people in and out of Excel.

Import goes row by row through the services, so that permissions and the audit log apply
exactly as on the pages. Each row runs in its own savepoint inside one transaction: a
refused row is reported (row number as Excel shows it, column, message) and, unless the
user asked to import only the valid rows, the whole file is rolled back.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from fazhi.core.excel import ledger_workbook, notes_sheet
from fazhi.core.files import check_upload
from fazhi.planparse.officezip import office_zip_problem

from . import services
from .choices import Role, UnitKind
from .models import Grant, Person, Unit
from .scoping import visible_units

NOT_XLSX = gettext_lazy("请上传 Excel 文件（.xlsx）。可先下载导入模板，按模板填写。")
UNREADABLE = gettext_lazy("无法读取该 Excel 文件，请确认文件未损坏、未加密。")
NO_HEADER = gettext_lazy("找不到表头：工作表前 5 行中没有“{column}”列。请使用导入模板。")
MISSING_COLUMNS = gettext_lazy("缺少必需的列：{columns}。")
EMPTY_FILE = gettext_lazy("文件中没有可导入的数据行。")
REQUIRED = gettext_lazy("必须填写。")
BAD_KIND = gettext_lazy("单位类别“{value}”无效，应为：{choices}。")
BAD_ROLE = gettext_lazy("角色“{value}”无效，应为：{choices}。")
UNIT_NOT_FOUND = gettext_lazy("找不到单位“{name}”，或它不在您的管理范围内。")
UNIT_AMBIGUOUS = gettext_lazy("有 {count} 个单位名为“{name}”，请写出上级单位路径，如“{example}”。")
DUPLICATE_IN_FILE = gettext_lazy("本文件第 {row} 行已有同一上级单位下的同名单位。")

EXAMPLE = "示例"  # the 序号 cell of the template's example row; such a row is never imported
SPLIT_LIST = re.compile(r"[,，、;；\s]+")

UNIT_COLUMNS = {"name": gettext_lazy("单位名称"), "short_name": gettext_lazy("简称"),
                "kind": gettext_lazy("单位类别"), "parent": gettext_lazy("上级单位")}
UNIT_REQUIRED = ("name", "kind")
PERSON_COLUMNS = {"username": gettext_lazy("账号"), "name": gettext_lazy("姓名"), "unit": gettext_lazy("所在单位"),
                  "title": gettext_lazy("职务"), "phone": gettext_lazy("电话"), "roles": gettext_lazy("角色"),
                  "grant_unit": gettext_lazy("授权单位"), "password": gettext_lazy("初始密码")}
PERSON_REQUIRED = ("username", "name", "unit")


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    """What an import did: rows read, objects created, rows refused and why."""

    rows: int = 0
    created: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rolled_back: bool = False
    valid_only: bool = False

    def refuse(self, row: int, column, message) -> None:
        self.errors.append(RowError(row, str(column), str(message)))

    @property
    def refused_rows(self) -> int:
        return len({e.row for e in self.errors})

    @property
    def imported(self) -> int:
        return 0 if self.rolled_back else len(self.created)


class _Rollback(Exception):
    pass


# --- reading ------------------------------------------------------------------------------

def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed into a number cell
    return str(value).strip()


def read_sheet(upload, columns: dict, required: tuple) -> list[tuple[int, dict]]:
    """(Excel row number, {field: text}) for every data row of the first sheet."""
    checked = check_upload(upload)
    if not checked.mime.endswith("spreadsheetml.sheet") and checked.mime != "application/zip":
        raise ValidationError(NOT_XLSX)
    if problem := office_zip_problem(upload):
        raise ValidationError(problem)
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file; all mean the same to the user
        raise ValidationError(UNREADABLE)
    ws = wb.worksheets[0]
    labels = {str(label): key for key, label in columns.items()}
    first = str(columns[required[0]])
    header_row, index = None, {}
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=5, values_only=True), start=1):
        cells = [_text(v).rstrip("*＊").strip() for v in row]
        if first in cells:
            header_row = r
            index = {labels[c]: i for i, c in enumerate(cells) if c in labels}
            seq = cells.index(_("序号")) if _("序号") in cells else None
            break
    if header_row is None:
        raise ValidationError(str(NO_HEADER).format(column=first))
    missing = [str(columns[k]) for k in required if k not in index]
    if missing:
        raise ValidationError(str(MISSING_COLUMNS).format(columns="、".join(missing)))
    out = []
    for r, row in enumerate(ws.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1):
        if seq is not None and seq < len(row) and _text(row[seq]) == EXAMPLE:
            continue
        data = {key: _text(row[i]) if i < len(row) else "" for key, i in index.items()}
        if any(data.values()):
            out.append((r, data))
    wb.close()
    if not out:
        raise ValidationError(EMPTY_FILE)
    return out


def _messages(error: ValidationError, columns: dict) -> list[tuple[str, str]]:
    """A service's ValidationError as (column label, message) pairs."""
    if hasattr(error, "error_dict"):
        pairs = []
        for key, errors in error.message_dict.items():
            label = str(columns.get(key, "")) if key != "__all__" else ""
            pairs += [(label, msg) for msg in errors]
        return pairs
    return [("", msg) for msg in error.messages]


# --- resolving unit names -----------------------------------------------------------------

class UnitResolver:
    """Finds a unit by name, short name or "上级/下级" path among the units the user may see,
    and among those created earlier in the same file."""

    def __init__(self, actor):
        self.by_name: dict[str, list[Unit]] = defaultdict(list)
        for unit in visible_units(actor).select_related("parent"):
            self.add(unit)

    def add(self, unit: Unit) -> None:
        self.by_name[unit.name].append(unit)
        if unit.short_name and unit.short_name != unit.name:
            self.by_name[unit.short_name].append(unit)

    def resolve(self, text: str) -> Unit:
        parts = [p.strip() for p in re.split(r"[/／]", text) if p.strip()]
        candidates = self.by_name.get(parts[-1], []) if parts else []
        for ancestor in reversed(parts[:-1]):
            candidates = [u for u in candidates if u.parent and ancestor in (u.parent.name, u.parent.short_name)]
        candidates = list({u.pk: u for u in candidates}.values())
        if not candidates:
            raise ValidationError(str(UNIT_NOT_FOUND).format(name=text))
        if len(candidates) > 1:
            example = f"{candidates[0].parent.name if candidates[0].parent else ''}/{parts[-1]}"
            raise ValidationError(str(UNIT_AMBIGUOUS).format(count=len(candidates), name=text, example=example))
        return candidates[0]

    def label(self, unit: Unit | None) -> str:
        """The shortest text `resolve` maps back to this unit (used by the export)."""
        if unit is None:
            return ""
        if len(self.by_name.get(unit.name, [])) <= 1 or unit.parent is None:
            return unit.name
        return f"{unit.parent.name}/{unit.name}"


KIND_BY_TEXT = {**{str(label): value for value, label in UnitKind.choices}, **{v: v for v in UnitKind.values}}
ROLE_BY_TEXT = {**{str(label): value for value, label in Role.choices}, **{v: v for v in Role.values}}


# --- import -------------------------------------------------------------------------------

def _run(report: ImportReport, rows, handle, columns: dict) -> ImportReport:
    report.rows = len(rows)
    try:
        with transaction.atomic():
            for rownum, data in rows:
                try:
                    with transaction.atomic():
                        handle(rownum, data)
                except ValidationError as e:
                    for column, msg in _messages(e, columns):
                        report.refuse(rownum, column, msg)
                except PermissionDenied as e:
                    report.refuse(rownum, "", str(e) or _("无权办理。"))
            if report.errors and not report.valid_only:
                raise _Rollback
    except _Rollback:
        report.rolled_back = True
    return report


def import_units(*, actor, upload, valid_only: bool = False) -> ImportReport:
    rows = read_sheet(upload, UNIT_COLUMNS, UNIT_REQUIRED)
    report = ImportReport(valid_only=valid_only)
    resolver = UnitResolver(actor)
    seen: dict[tuple, int] = {}

    def handle(rownum, data):
        errors = {}
        for key in UNIT_REQUIRED:
            if not data.get(key):
                errors[key] = [REQUIRED]
        kind = KIND_BY_TEXT.get(data.get("kind", ""))
        if data.get("kind") and kind is None:
            errors["kind"] = [str(BAD_KIND).format(value=data["kind"], choices="、".join(str(l) for _v, l in UnitKind.choices))]
        parent = None
        if data.get("parent"):
            try:
                parent = resolver.resolve(data["parent"])
            except ValidationError as e:
                errors["parent"] = e.messages
        if errors:
            raise ValidationError(errors)
        key = (parent.pk if parent else None, data["name"])
        if key in seen:
            raise ValidationError({"name": [str(DUPLICATE_IN_FILE).format(row=seen[key])]})
        unit = services.unit_create(actor=actor, name=data["name"], kind=kind, parent=parent,
                                    short_name=data.get("short_name", ""))
        seen[key] = rownum
        resolver.add(unit)
        report.created.append(unit.name)

    return _run(report, rows, handle, UNIT_COLUMNS)


def import_people(*, actor, upload, valid_only: bool = False) -> ImportReport:
    rows = read_sheet(upload, PERSON_COLUMNS, PERSON_REQUIRED)
    report = ImportReport(valid_only=valid_only)
    resolver = UnitResolver(actor)
    people: dict[str, Person] = {}  # a later row with the same account adds grants on another unit

    def handle(rownum, data):
        errors = {}
        for key in PERSON_REQUIRED:
            if not data.get(key):
                errors[key] = [REQUIRED]
        unit = grant_unit = None
        for key in ("unit", "grant_unit"):
            if data.get(key):
                try:
                    found = resolver.resolve(data[key])
                except ValidationError as e:
                    errors[key] = e.messages
                    continue
                unit, grant_unit = (found, grant_unit) if key == "unit" else (unit, found)
        roles = []
        for text in SPLIT_LIST.split(data.get("roles", "")):
            if not text:
                continue
            role = ROLE_BY_TEXT.get(text)
            if role is None:
                choices = "、".join(str(label) for _v, label in Role.choices)
                errors.setdefault("roles", []).append(str(BAD_ROLE).format(value=text, choices=choices))
            elif role not in roles:
                roles.append(role)
        if errors:
            raise ValidationError(errors)
        person = people.get(data["username"])
        if person is None:
            person = services.person_create(actor=actor, unit=unit, username=data["username"], name=data["name"],
                                            password=data.get("password") or None, title=data.get("title", ""),
                                            phone=data.get("phone", ""))
            people[data["username"]] = person
            report.created.append(person.name)
        for role in roles:
            services.grant_create(actor=actor, person=person, role=role, unit=grant_unit or unit)

    return _run(report, rows, handle, PERSON_COLUMNS)


# --- templates and export --------------------------------------------------------------------

def _mark_example(wb: Workbook) -> Workbook:
    wb.active.cell(row=3, column=1).value = EXAMPLE
    return wb


def unit_template() -> Workbook:
    c = UNIT_COLUMNS
    wb = ledger_workbook(title=_("单位导入模板"), headers=[c["name"], c["short_name"], c["kind"], c["parent"]],
                         rows=[["泽州县人民医院", "泽州县医院", str(UnitKind.INSTITUTION.label), "泽州县卫生计生局"]],
                         sheet_title=_("单位"))
    kinds = "、".join(str(label) for _v, label in UnitKind.choices)
    notes_sheet(wb, title=_("单位导入说明"), notes=[
        (c["name"], _("必填。单位全称，同一上级单位下不能重名。")),
        (c["short_name"], _("选填。页面和报表中显示的简称。")),
        (c["kind"], _("必填。填写其中之一：{kinds}。").format(kinds=kinds)),
        (c["parent"], _("选填（只有系统管理员可以新建顶级单位）。填写已有单位或本文件前面各行中单位的名称；"
                        "名称有重复时写出路径，如“泽州县卫生计生局/办公室”。上级单位须在您的管理范围内。")),
        (_("序号"), _("“示例”行不会导入，可以保留或删除。")),
        (_("导入方式"), _("默认全部成功才导入；任何一行有误则不导入任何数据，并逐行列出原因。"
                      "选择“只导入有效行”时，有误的行被跳过，其余照常导入。")),
    ])
    return _mark_example(wb)


def person_template() -> Workbook:
    c = PERSON_COLUMNS
    headers = [c[k] for k in ("username", "name", "unit", "title", "phone", "roles", "grant_unit", "password")]
    wb = ledger_workbook(title=_("人员导入模板"), headers=headers, sheet_title=_("人员"), rows=[[
        "zhangsan", "张三", "泽州县卫生计生局", "科员", "0356-1234567",
        f"{Role.LIAISON.label}", "泽州县卫生计生局", "",
    ]])
    roles = "、".join(str(label) for _v, label in Role.choices)
    notes_sheet(wb, title=_("人员导入说明"), notes=[
        (c["username"], _("必填。登录账号，全系统唯一；同一账号写在多行时，后面各行只增加授权。")),
        (c["name"], _("必填。")),
        (c["unit"], _("必填。人员所在单位的名称，须在您的管理范围内；名称有重复时写出路径，如“泽州县卫生计生局/办公室”。")),
        (c["title"], _("选填。")),
        (c["phone"], _("选填。")),
        (c["roles"], _("选填。可填多个，用逗号或顿号分隔：{roles}。").format(roles=roles)),
        (c["grant_unit"], _("选填。角色作用的单位（含其全部下级单位）；不填则为所在单位。")),
        (c["password"], _("选填。至少 8 位，包含大写字母、小写字母、数字和符号中的至少三类；不填则账号暂不能登录。"
                          "导入后请删除本列内容，并提醒本人登录后修改密码。")),
    ])
    return _mark_example(wb)


def units_export(*, actor, units) -> Workbook:
    resolver = UnitResolver(actor)
    c = UNIT_COLUMNS
    rows = [[u.name, u.short_name, u.get_kind_display(), resolver.label(u.parent)] for u in units]
    return ledger_workbook(title=_("单位名录"), headers=[c["name"], c["short_name"], c["kind"], c["parent"]],
                           rows=rows, sheet_title=_("单位"))


def people_export(*, actor, people) -> Workbook:
    """One row per person and unit of their grants, so that a re-import restores every grant."""
    resolver = UnitResolver(actor)
    c = PERSON_COLUMNS
    rows = []
    for p in people:
        by_unit: dict[int, list[Grant]] = {}
        for g in p.grants.all():
            by_unit.setdefault(g.unit_id, []).append(g)
        groups = list(by_unit.values()) or [[]]
        for grants in groups:
            rows.append([
                p.user.username, p.name, resolver.label(p.unit), p.title, p.phone,
                "、".join(g.get_role_display() for g in grants),
                resolver.label(grants[0].unit) if grants else "",
            ])
    headers = [c[k] for k in ("username", "name", "unit", "title", "phone", "roles", "grant_unit")]
    return ledger_workbook(title=_("人员名录"), headers=headers, rows=rows, sheet_title=_("人员"))
