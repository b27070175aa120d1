"""Excel imports: discretion standards (裁量基准) and approval cases (审批办件).

All or nothing: every row is checked first; one bad row refuses the whole file with a message
per row, and nothing is written. The header row is found by its column names, so a title row
above it (as in every ledger the product exports) is fine.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from openpyxl import load_workbook

from fazhi.core.workdays import WorkCalendar

from . import messages as m
from . import services
from .models import ApprovalItem

STANDARD_COLUMNS = {"code": "编号", "violation": "违法行为", "circumstance": "违法情节", "min_amount": "罚款下限",
                    "max_amount": "罚款上限", "basis": "处罚依据", "penalty": "处罚标准"}
STANDARD_REQUIRED = ["code", "violation", "circumstance"]
CASE_COLUMNS = {"item": "事项编码", "number": "受理编号", "applicant": "申请人", "received_on": "受理日期",
                "completed_on": "办结日期"}
CASE_REQUIRED = ["item", "number", "applicant", "received_on"]


@dataclass
class ImportResult:
    rows: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    created: int = 0


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value, column: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = re.fullmatch(r"(\d{4})[年\-/.](\d{1,2})[月\-/.](\d{1,2})日?", _text(value))
    if match:
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            pass
    raise ValidationError(str(m.IMPORT_DATE).format(column=column, value=value))


def _amount(value, column: str) -> Decimal:
    if value in (None, ""):
        return Decimal(0)
    try:
        return Decimal(_text(value).replace(",", ""))
    except InvalidOperation:
        raise ValidationError(str(m.IMPORT_NUMBER).format(column=column, value=value)) from None


def read_rows(upload, columns: dict, required: list) -> list[tuple[int, dict]]:
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file gets the same answer
        raise ValidationError(m.IMPORT_NOT_XLSX) from None
    ws = wb.active
    header, index, rows = None, {}, []
    for n, values in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = [_text(v) for v in values]
        if header is None:
            found = {key: cells.index(name) for key, name in columns.items() if name in cells}
            if all(k in found for k in required):
                header, index = n, found
            continue
        if not any(cells):
            continue
        rows.append((n, {key: values[i] if i < len(values) else None for key, i in index.items()}))
    if header is None:
        raise ValidationError(str(m.IMPORT_NO_HEADER).format(columns="、".join(f"“{columns[k]}”" for k in required)))
    if not rows:
        raise ValidationError(m.IMPORT_EMPTY)
    return rows


def _run(rows, make) -> ImportResult:
    """Write every row in one transaction; collect each row's message and roll back if any failed."""
    result = ImportResult()
    try:
        with transaction.atomic():
            for n, row in rows:
                try:
                    with transaction.atomic():
                        make(row)
                        result.created += 1
                except ValidationError as e:
                    result.errors.append(str(m.IMPORT_ROW).format(row=n, message=" ".join(e.messages)))
            if result.errors:
                raise ValidationError(result.errors)
    except ValidationError:
        result.created = 0
        result.errors.insert(0, str(m.IMPORT_REFUSED).format(total=len(rows), bad=len(result.errors)))
    return result


def standards_import(*, actor, unit, upload) -> ImportResult:
    services.common.require_office(actor, unit)
    rows = read_rows(upload, STANDARD_COLUMNS, STANDARD_REQUIRED)

    def make(row):
        services.standard_create(actor=actor, unit=unit, code=_text(row.get("code")), violation=_text(row.get("violation")),
                                 circumstance=_text(row.get("circumstance")),
                                 min_amount=_amount(row.get("min_amount"), STANDARD_COLUMNS["min_amount"]),
                                 max_amount=_amount(row.get("max_amount"), STANDARD_COLUMNS["max_amount"]),
                                 basis=_text(row.get("basis")), penalty=_text(row.get("penalty")))
    return _run(rows, make)


def approval_cases_import(*, actor, unit, upload) -> ImportResult:
    """Cases for the items of `unit`'s subtree that the actor may handle."""
    services.common.require_handler(actor, unit)
    rows = read_rows(upload, CASE_COLUMNS, CASE_REQUIRED)
    items = {i.code: i for i in ApprovalItem.objects.filter(unit__path__startswith=unit.path).select_related("unit")}
    cal = WorkCalendar()

    def make(row):
        code = _text(row.get("item"))
        item = items.get(code)
        if item is None:
            raise ValidationError(str(m.APPROVAL_ITEM_UNKNOWN).format(code=code))
        try:
            services.approval_case_record(actor=actor, item=item, number=_text(row.get("number")),
                                          applicant=_text(row.get("applicant")),
                                          received_on=_date(row.get("received_on"), CASE_COLUMNS["received_on"]),
                                          completed_on=_date(row.get("completed_on"), CASE_COLUMNS["completed_on"]),
                                          cal=cal)
        except PermissionDenied as e:
            raise ValidationError(str(e)) from None
    return _run(rows, make)
