import datetime as dt
import io

from django.utils import timezone
from openpyxl import load_workbook

from fazhi.core.excel import display_width, ledger_stream, ledger_workbook, notes_sheet, workbook_bytes, workbook_response


def test_ledger_layout():
    wb = ledger_workbook(title="任务分工台账", headers=["责任单位", "完成时限", "备注"], rows=[
        ["泽州县卫生计生局", dt.date(2018, 5, 2), "按期完成"],
        ["晋城市人民医院", dt.date(2018, 12, 31), None],
    ])
    notes_sheet(wb, title="说明", notes=[("责任单位", "填写全称")])
    ws = load_workbook(io.BytesIO(workbook_bytes(wb))).active
    assert ws["A1"].value == "任务分工台账" and "A1:D1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == ["序号", "责任单位", "完成时限", "备注"]
    # Dates are real dates (they sort and filter in Excel), shown in the official format.
    assert [c.value for c in ws[3]] == [1, "泽州县卫生计生局", dt.datetime(2018, 5, 2), "按期完成"]
    assert ws["C3"].number_format == 'yyyy"年"m"月"d"日"' and ws["C3"].is_date
    assert ws["A4"].value == 2 and ws["C4"].value == dt.datetime(2018, 12, 31)
    assert ws.freeze_panes == "A3"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    # 8 CJK characters are 16 units wide; the column leaves a margin.
    assert ws.column_dimensions["B"].width >= 16


def test_display_width_counts_cjk_as_two():
    assert display_width("abc") == 3
    assert display_width("泽州县") == 6
    assert display_width("（１）") == 6
    assert display_width(dt.date(2018, 5, 2)) == len("2018") + 2 + 1 + 2 + 1 + 2


def test_response_keeps_the_chinese_file_name():
    r = workbook_response(ledger_workbook(title="单位", headers=["名称"], rows=[]), "单位名录.xlsx")
    assert "filename*=UTF-8''%E5%8D%95%E4%BD%8D%E5%90%8D%E5%BD%95.xlsx" in r["Content-Disposition"]


def test_streamed_ledger_keeps_every_kind_of_value():
    """The body rows of a streamed ledger are written as XML text: each kind of value reads back
    as the workbook ledger writes it, with the body styles."""
    aware = timezone.make_aware(dt.datetime(2026, 9, 2, 0, 30))  # the local day (in UTC still 1 September)
    row = ["a & b <c> \"q\"", " 前后有空格 ", "第一行\n第二行", "回车\r\n换行", None, "", True, False, 3, 2.5,
           dt.date(2018, 5, 2), aware, "控制\x0b字符", "\x0b"]
    out = io.BytesIO()
    assert ledger_stream(out, title="台账", headers=[f"列{i}" for i in range(len(row))], rows=[row, ["第二行"]],
                         sheet_title="问题台账") == 2
    ws = load_workbook(io.BytesIO(out.getvalue())).active
    assert ws.title == "问题台账" and ws.max_row == 4 and ws.freeze_panes == "A3"
    assert [c.value for c in ws[3]] == [1, "a & b <c> \"q\"", " 前后有空格 ", "第一行\n第二行", "回车\r\n换行", None, None,
                                        "是", "否", 3, 2.5, dt.datetime(2018, 5, 2), dt.datetime(2026, 9, 2), "控制字符", None]
    assert ws["L3"].is_date and ws["L3"].number_format == 'yyyy"年"m"月"d"日"' and ws["M3"].is_date
    assert ws["B3"].number_format == "General" and not ws["B3"].quotePrefix
    for c in ws[3]:
        assert c.font.name == "宋体" and c.border.left.style == "thin" and c.alignment.wrap_text
    assert [c.value for c in ws[4]][:2] == [2, "第二行"]
