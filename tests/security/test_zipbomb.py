"""Office files are measured before they are parsed: a small file that unpacks to gigabytes is refused."""

import io
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from fazhi.assessment.excel import parse_rubric
from fazhi.ledger.excel import import_check
from fazhi.org.excel import UNIT_COLUMNS, UNIT_REQUIRED, read_sheet
from fazhi.planparse import messages as pm
from fazhi.planparse.errors import PlanParseError
from fazhi.planparse.officezip import office_zip_problem
from fazhi.planparse.parser import parse_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _with_bomb(data: bytes, name: str, size: int = 30 * 1024 * 1024) -> bytes:
    """The same Office file with one more member: `size` bytes of one repeated character."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr(name, b"<a>" + b" " * size + b"</a>")
    return out.getvalue()


def _docx(text: str = "一、总体要求") -> bytes:
    d = docx.Document()
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _xlsx() -> bytes:
    wb = Workbook()
    wb.active.append(["单位名称", "简称", "单位类别", "上级单位"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_plan_importer_refuses_a_zip_bomb_and_reads_a_normal_file():
    bomb = _with_bomb(_docx(), "word/media/padding.xml")
    assert len(bomb) < 200 * 1024  # small on disk ...
    with pytest.raises(PlanParseError) as exc:
        parse_bytes(bomb, filename="方案.docx")
    assert exc.value.message == pm.ZIP_RATIO.format(name="word/media/padding.xml")
    assert parse_bytes(_docx(), filename="方案.docx").outline  # ... while a real document still parses


def test_total_unpacked_size_is_limited_even_at_a_plausible_ratio():
    data = _docx()
    assert office_zip_problem(data) is None
    assert office_zip_problem(data, max_total=1024) == pm.ZIP_TOO_LARGE.format(limit=0)
    assert office_zip_problem(b"not a zip at all") is None  # left to the parser's own message


def test_excel_importers_refuse_a_zip_bomb_before_openpyxl_opens_it(db):
    bomb = _with_bomb(_xlsx(), "xl/worksheets/sheet9.xml")
    expected = pm.ZIP_RATIO.format(name="xl/worksheets/sheet9.xml")
    with pytest.raises(ValidationError) as exc:
        read_sheet(SimpleUploadedFile("单位.xlsx", bomb, content_type=XLSX), UNIT_COLUMNS, UNIT_REQUIRED)
    assert exc.value.messages == [expected]
    with pytest.raises(ValidationError) as exc:
        parse_rubric(SimpleUploadedFile("细则.xlsx", bomb, content_type=XLSX))
    assert exc.value.messages == [expected]
    report = import_check(SimpleUploadedFile("台账.xlsx", bomb, content_type=XLSX), actor=None)
    assert report.errors == [expected] and report.rows == []
    # The normal sheet is read: past the size check, to the header and the (absent) rows.
    with pytest.raises(ValidationError) as exc:
        read_sheet(SimpleUploadedFile("单位.xlsx", _xlsx(), content_type=XLSX), UNIT_COLUMNS, UNIT_REQUIRED)
    assert exc.value.messages != [expected]
