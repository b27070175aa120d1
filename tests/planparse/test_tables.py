"""fazhi.planparse.tables: Word, Excel and HTML tables as grids, merges resolved."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from fazhi.planparse.tables import Grid, docx_blocks, docx_grids, html_blocks, html_grids, xlsx_grids


def _docx_bytes(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _merged_docx(tmp_path):
    document = docx.Document()
    document.add_paragraph("考评细则")
    table = document.add_table(rows=4, cols=3)
    table.cell(0, 0).text = "类别"
    table.cell(0, 1).text = "考评内容"
    table.cell(0, 2).text = "分\n值"
    table.cell(1, 0).merge(table.cell(3, 0)).text = "一、组织领导"   # vMerge over three rows
    table.cell(1, 1).text = "建立议事规则"
    table.cell(1, 2).text = "3"
    table.cell(2, 1).merge(table.cell(2, 2)).text = "另设加分项"      # gridSpan 2
    table.cell(3, 1).text = "按季度通报"
    table.cell(3, 2).text = "2"
    document.add_paragraph("说明：以上合计5分。")
    path = tmp_path / "rubric.docx"
    document.save(path)
    return path


def test_docx_blocks_keep_order_and_resolve_merges(tmp_path):
    path = _merged_docx(tmp_path)
    blocks = list(docx_blocks(path.read_bytes()))
    assert blocks[0] == "考评细则"
    assert isinstance(blocks[1], Grid)
    assert blocks[2] == "说明：以上合计5分。"
    grid = blocks[1]
    assert grid.rows == [
        ["类别", "考评内容", "分\n值"],
        ["一、组织领导", "建立议事规则", "3"],
        ["一、组织领导", "另设加分项", "另设加分项"],
        ["一、组织领导", "按季度通报", "2"],
    ]
    assert grid.continued == {(2, 0): (1, 0), (3, 0): (1, 0), (2, 2): (2, 1)}
    assert grid.is_continuation(3, 0) and not grid.is_continuation(1, 0)
    assert grid.origin(2, 2) == (2, 1)
    assert (grid.height, grid.width) == (4, 3)


def test_docx_blocks_accepts_a_document_object(tmp_path):
    path = _merged_docx(tmp_path)
    grids = docx_grids(docx.Document(str(path)))
    assert len(grids) == 1 and grids[0].cell(3, 1) == "按季度通报"
    assert grids[0].cell(9, 9) == ""


def test_docx_grid_before_shifts_the_row(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for c, text in enumerate(["序号", "内容", "分值"]):
        table.cell(0, c).text = text
    row = table.rows[1]._tr
    # the second row starts one grid column in and holds two cells only
    row.remove(row.tc_lst[0])
    before = OxmlElement("w:gridBefore")
    before.set(qn("w:val"), "1")
    row.get_or_add_trPr().append(before)
    table.rows[1].cells[0].text = "台账"
    table.rows[1].cells[1].text = "2"
    path = tmp_path / "before.docx"
    document.save(path)
    grid = docx_grids(path.read_bytes())[0]
    assert grid.rows[1] == ["", "台账", "2"]


def test_docx_numbered_paragraphs_get_their_labels(tmp_path):
    document = docx.Document()
    document.add_paragraph("第一项", style="List Number")
    document.add_paragraph("第二项", style="List Number")
    blocks = list(docx_blocks(_docx_bytes(document)))
    assert blocks[0].endswith("第一项") and blocks[0] != "第一项"
    assert blocks[1].startswith(blocks[0][: len(blocks[0]) - 3].replace("1", "2"))


def _merged_xlsx(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "考评表"
    ws.append(["类别", "序号", "考评内容", "标准分"])
    ws.append(["一、组织领导（5分）", 1, "建立议事规则", 3])
    ws.append([None, 2, "按季度通报", 2.0])
    ws.append([None, 3, "合计", 0.5])
    ws.merge_cells("A2:A4")
    ws.append(["说明：跨两列", None, "x", None])
    ws.merge_cells("A5:B5")
    other = wb.create_sheet("空表")
    other["A1"] = None
    path = tmp_path / "rubric.xlsx"
    wb.save(path)
    return path


def test_xlsx_grids_resolve_merged_ranges_per_sheet(tmp_path):
    grids = xlsx_grids(_merged_xlsx(tmp_path).read_bytes())
    assert [g.name for g in grids] == ["考评表", "空表"]
    grid = grids[0]
    assert grid.rows == [
        ["类别", "序号", "考评内容", "标准分"],
        ["一、组织领导（5分）", "1", "建立议事规则", "3"],
        ["一、组织领导（5分）", "2", "按季度通报", "2"],
        ["一、组织领导（5分）", "3", "合计", "0.5"],
        ["说明：跨两列", "说明：跨两列", "x", ""],
    ]
    assert grid.continued == {(2, 0): (1, 0), (3, 0): (1, 0), (4, 1): (4, 0)}
    assert grids[1].rows == []


HTML = """<html><head><title>考评</title><style>td{color:red}</style>
<script>var rows = "<table><tr><td>假</td></tr></table>";</script></head>
<body><h1>{{ page.title }}示范窗口考评细则</h1>
{% if show %}<p>说明</p>{% endif %}
<table>
 <tr><th>类别</th><th>考评内容</th><th colspan="2">分值</th></tr>
 <tr><td rowspan="2">一、服务规范</td><td>公开办事指南<br/>并及时更新</td><td>3</td><td>&nbsp;</td></tr>
 <tr><td>一次告知&amp;限时办结</td><td colspan="2">2</td></tr>
 <tr><td>二、群众满意</td><td>满意度<table><tr><td>≥95%</td><td>5分</td></tr></table></td><td rowspan="3">5</td></tr>
</table>
<p>附：评分说明</p></body></html>"""


def test_html_blocks_resolve_rowspan_colspan_and_skip_scripts():
    blocks = html_blocks(HTML)
    assert blocks[0] == "示范窗口考评细则"
    assert blocks[1] == "说明"
    assert blocks[-1] == "附：评分说明"
    grids = [b for b in blocks if isinstance(b, Grid)]
    assert len(grids) == 1
    grid = grids[0]
    assert grid.rows == [
        ["类别", "考评内容", "分值", "分值"],
        ["一、服务规范", "公开办事指南\n并及时更新", "3", ""],
        ["一、服务规范", "一次告知&限时办结", "2", "2"],
        ["二、群众满意", "满意度\n≥95% 5分", "5", ""],
    ]
    # rowspan past the last row is cut at the table's end
    assert grid.continued == {(0, 3): (0, 2), (2, 0): (1, 0), (2, 3): (2, 2)}
    assert not any("假" in cell for row in grid.rows for cell in row)


def test_html_grids_on_a_page_without_tables():
    assert html_grids("<p>没有表格</p>") == []
    assert html_blocks("<p>没有表格</p>") == ["没有表格"]


def test_html_unclosed_table_is_still_read():
    grid = html_grids("<table><tr><td>a<td>b<tr><td>c")[0]
    assert grid.rows == [["a", "b"], ["c", ""]]


@pytest.mark.parametrize("directive", ["{{ x }}", "{% load static %}", "<% out %>", "${name}", "{# note #}"])
def test_template_directives_are_removed(directive):
    grid = html_grids(f"<table><tr><td>甲{directive}乙</td></tr></table>")[0]
    assert grid.rows == [["甲乙"]]


def test_grid_from_spans_places_cells_around_taken_positions():
    grid = Grid.from_spans([[("a", 2, 1), ("b", 1, 2)], [("c", 1, 1), ("d", 1, 1)]])
    assert grid.rows == [["a", "b", "b"], ["a", "c", "d"]]
    assert grid.continued == {(1, 0): (0, 0), (0, 2): (0, 1)}
