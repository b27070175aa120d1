import datetime as dt
import io

from openpyxl import load_workbook

from fazhi.core.excel import display_width, ledger_workbook, notes_sheet, workbook_bytes, workbook_response


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
