"""The invented rubrics the rubric reader is tested and measured on.

Text and web pages are files in ``rubrics/``; Word and Excel files are built here
(python-docx / openpyxl) into a directory the caller gives. The expected result
of each is ``rubrics/expected/<name>.json``, written by hand from the document.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import openpyxl

HERE = Path(__file__).resolve().parent / "rubrics"
EXPECTED = HERE / "expected"
NAMES = ["word_merged", "excel_merged", "html_rowspan", "text_split_header", "text_spaces", "text_outline"]
# Written after the reader, expectations first, and measured without tuning it to them.
HELD_OUT = ["html_indicators", "word_plain"]
# A second held-out pair, written (with expectations) after the first was fixed.
HELD_OUT_2 = ["text_pdf_copy", "excel_dept_blocks"]
SUFFIX = {"word_merged": ".docx", "excel_merged": ".xlsx", "html_rowspan": ".html", "text_split_header": ".txt",
          "text_spaces": ".txt", "text_outline": ".txt", "html_indicators": ".html", "word_plain": ".docx",
          "text_pdf_copy": ".txt", "excel_dept_blocks": ".xlsx"}


def build_word(path: Path) -> Path:
    """A Word table: the category cell merged down its rows (vMerge), a header split
    over two lines (分 / 值), a heading row merged across the table (gridSpan)."""
    document = docx.Document()
    document.add_paragraph("示范机构法治建设考评细则")
    document.add_paragraph("（满分30分）")
    rows = [
        ["类别", "序号", "考核内容", "分\n值", "评分标准", "考核方法", "得分"],
        ["一、组织领导（10分）", "1", "成立法治建设领导小组", "3", "未成立领导小组的扣3分", "查阅文件", ""],
        ["", "2", "★制定年度工作计划并按季度通报", "4", "每少一次通报扣1分，最高扣4分", "查阅资料", ""],
        ["", "3", "落实法律顾问制度（3分，另设2分奖励分）", "", "达到要求得满分，否则不得分；聘请公职律师的加2分",
         "查阅合同", ""],
        ["二、学法用法（20分）", "4", "领导干部年度学法考试参考率", "20",
         "优：参考率≥95% 得20分；良：85%≤参考率<95% 得12分；差：参考率<85% 得4分", "查阅考试记录", ""],
        ["", "5", "受到市级通报批评", "", "受到市级通报批评的扣10分", "查阅通报", ""],
        ["三、否决项", "", "", "", "", "", ""],
        ["", "6", "发生重大责任事故", "", "发生重大责任事故的，实行一票否决", "查阅通报", "有□ 无□"],
    ]
    table = document.add_table(rows=len(rows), cols=7)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    table.cell(1, 0).merge(table.cell(3, 0))
    table.cell(4, 0).merge(table.cell(5, 0))
    merged = table.cell(6, 0).merge(table.cell(6, 6))
    for p in merged.paragraphs[1:]:
        p._p.getparent().remove(p._p)
    document.add_paragraph("注：否决项不计分。")
    document.save(path)
    return path


def build_excel(path: Path) -> Path:
    """An Excel sheet: a merged title row, first- and second-level indicators merged
    down their rows, a responsible department per item, a 合计 row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "考评表"
    ws.append(["示范窗口考评表"])
    ws.merge_cells("A1:G1")
    ws.append(["一级指标", "二级指标", "考评内容", "标准分", "扣分办法", "责任单位", "自评得分"])
    ws.append(["一、服务规范（12分）", "1.1 公开透明", "1.1.1 公开办事指南", 3, "每缺一项扣1分，扣完为止", "政务服务科"])
    ws.append([None, None, "1.1.2 公示收费标准", 3, "未公示的扣3分", "财务科"])
    ws.append([None, "1.2 服务质量", "1.2.1 群众满意度", 4, "按实际满意度比例计分", "办公室"])
    ws.append([None, None, "1.2.3 一次性告知", 2, "视情况酌情扣分", "政务服务科"])
    ws.append(["二、加分项", "2.1 创新举措", "2.1.1 超额完成年度任务", None, "超额完成的每多1项加0.5分，最多加3分",
               "办公室"])
    ws.append(["合计", None, None, 15])
    ws.merge_cells("A3:A6")
    ws.merge_cells("B3:B4")
    ws.merge_cells("B5:B6")
    ws.merge_cells("A8:C8")
    wb.save(path)
    return path


def build_word_plain(path: Path) -> Path:
    """A Word table whose item column is headed 考评项目 and whose headings are rows
    merged across the table; numbers lead the item text."""
    document = docx.Document()
    document.add_paragraph("2024年度依法行政考评办法")
    rows = [
        ["考评项目", "考评标准", "分数", "考核方式", "责任科室"],
        ["一、依法决策"] * 5,
        ["1.重大决策经合法性审查", "未经合法性审查的，该项不得分", "4", "查阅会议纪要", "法规科"],
        ["2.建立法律顾问制度", "未聘请法律顾问的扣3分", "3", "查阅合同", "办公室"],
        ["二、信息公开（5分）"] * 5,
        ["3.政务公开及时", "每发现一次未按时公开扣0.5分，最高扣5分", "5", "网站检查", "办公室"],
    ]
    table = document.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        if len(set(row)) == 1:
            table.cell(r, 0).merge(table.cell(r, 4)).text = row[0]
            continue
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.save(path)
    return path


def build_excel_blocks(path: Path) -> Path:
    """An Excel sheet with a merged title, headings merged across the sheet, ★ core items, a
    bonus section and a penalty section, a department per item."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2025年度卫生健康工作目标考核评分表"])
    ws.append(["序号", "考核指标", "分值", "评分标准", "负责考核部门"])
    ws.append(["一、重点工作（20分）"])
    ws.append([1, "★完成疫苗接种任务", 10, "按实际完成比例计分", "疾控科"])
    ws.append([2, "开展爱国卫生运动", 10, "每少一次活动扣2分，最高扣10分", "爱卫办"])
    ws.append(["二、加分项"])
    ws.append([3, "工作经验被省级推广（3分，为加分项）", None, "被推广的加3分", "办公室"])
    ws.append(["三、扣分项"])
    ws.append([4, "发生安全生产责任事故", None, "每发生一起扣5分", "安监科"])
    for row in (1, 3, 6, 8):
        ws.merge_cells(f"A{row}:E{row}")
    wb.save(path)
    return path


def materialise(name: str, directory: Path) -> Path:
    """The document ``name`` as a file in ``directory``."""
    path = directory / f"{name}{SUFFIX[name]}"
    if name == "word_merged":
        return build_word(path)
    if name == "excel_merged":
        return build_excel(path)
    if name == "word_plain":
        return build_word_plain(path)
    if name == "excel_dept_blocks":
        return build_excel_blocks(path)
    shutil.copy(HERE / path.name, path)
    return path


def expected(name: str) -> dict:
    return json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
