"""Text that Excel or WPS would take for a formula is written as text, in every export."""

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.excel import ledger_stream, ledger_workbook, workbook_bytes
from fazhi.intake import services
from fazhi.intake.choices import SubmissionKind as K

DANGEROUS = ["=1+2", "+1+2", "-1+2", "@SUM(A1)", "\t=1+2", "\r=1+2", '=HYPERLINK("http://x.invalid","点此")']


def _formulas(data: bytes) -> list[str]:
    """Every <f> (formula) element in the workbook's sheets."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [name for name in z.namelist() if name.startswith("xl/worksheets/") and b"<f>" in z.read(name)]


def test_ledger_writes_formula_like_text_as_text():
    data = workbook_bytes(ledger_workbook(title="=标题", headers=["=列"], rows=[[v] for v in DANGEROUS]))
    assert _formulas(data) == []
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value == "=标题" and ws["A1"].data_type == "s" and ws["A1"].quotePrefix
    assert ws["B2"].value == "=列" and ws["B2"].data_type == "s"
    cells = [ws.cell(row=3 + i, column=2) for i in range(len(DANGEROUS))]
    assert [c.value for c in cells] == DANGEROUS  # the text itself is kept whole
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    # An ordinary text and a number are left as they are.
    plain = load_workbook(io.BytesIO(workbook_bytes(ledger_workbook(title="t", headers=["a"], rows=[["正常", ], [3]])))).active
    assert plain["B3"].quotePrefix is False and plain["B4"].value == 3


@pytest.mark.django_db
def test_intake_export_keeps_an_anonymous_title_as_text(client, tree):
    services.submission_submit(kind=K.COMPLAINT, title="=1+2", text="=HYPERLINK(\"http://x.invalid\")", unit=tree.hospital)
    client.force_login(tree.office)
    r = client.get(reverse("intake:export"))
    assert r.status_code == 200
    data = b"".join(r.streaming_content) if r.streaming else r.content
    assert _formulas(data) == []
    ws = load_workbook(io.BytesIO(data)).active
    # The title column found by its heading, wherever the export places it.
    column = next(col for col in ws.iter_cols() if any(c.value == "标题或摘要" for c in col))
    titles = [c.value for c in column]
    assert "=1+2" in titles


def test_streamed_ledger_writes_formula_like_text_as_text():
    """The streamed ledger writes its body rows itself: the same protection, checked on the file."""
    out = io.BytesIO()
    ledger_stream(out, title="=标题", headers=["=列", "b"], rows=[[v, "正常"] for v in DANGEROUS], sheet_title="s")
    data = out.getvalue()
    assert _formulas(data) == []
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value == "=标题" and ws["A1"].quotePrefix and ws["B2"].value == "=列"
    cells = [ws.cell(row=3 + i, column=2) for i in range(len(DANGEROUS))]
    assert [c.value for c in cells] == DANGEROUS
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert not any(ws.cell(row=3 + i, column=3).quotePrefix for i in range(len(DANGEROUS)))
