"""Input formats, normalisation and bad input."""

import io
import json
import zipfile

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from fazhi.planparse import PlanParseError, messages, parse_bytes, parse_text
from fazhi.planparse.cli import main

SAMPLE = """关于开展示范创建的实施方案
一、总体要求
成功创建1个示范机构、3个示范窗口。
二、实施步骤
（一）部署阶段（2018年5月2日至5月15日）
各单位于5月15日前报市卫生局办公室。
（二）总结阶段（2018年10月至11月）
每年至少举办两期法治专题培训。
"""


def _labels(plan):
    return [(n.label, n.level) for n in plan.nodes()]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_encodings(encoding):
    # utf-16-le/-be have no BOM: the byte order is found from the text itself.
    data = SAMPLE.encode(encoding)
    plan = parse_bytes(data, filename="plan.txt")
    assert plan.title == "关于开展示范创建的实施方案"
    assert _labels(plan)[:3] == [("一、", 1), ("二、", 1), ("（一）", 2)]
    assert [p.start for p in plan.phases] == ["2018-05-02", "2018-10"]


def _add_chinese_numbering(document):
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
        '</w:abstractNum>')
    numbering.insert(0, abstract)
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))


def _numbered(document, text, level):
    paragraph = document.add_paragraph(text)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    return paragraph


def test_docx_with_typed_and_automatic_numbering():
    document = Document()
    _add_chinese_numbering(document)
    document.add_paragraph("卫生健康法治建设实施方案")
    document.add_paragraph("一、总体要求")           # typed label
    document.add_paragraph("（一）指导思想")
    _numbered(document, "主要任务", 0)               # Word generates 一、 (first of its list)
    _numbered(document, "规范行政行为", 1)            # （一）
    _numbered(document, "建立制度。", 2)              # 1.
    _numbered(document, "落实制度。", 2)              # 2.
    _numbered(document, "强化监督", 1)               # （二）
    _numbered(document, "保障措施", 0)               # 二、
    buf = io.BytesIO()
    document.save(buf)
    plan = parse_bytes(buf.getvalue(), filename="方案.docx")
    assert plan.title == "卫生健康法治建设实施方案"
    assert [(n.label, n.heading) for n in plan.nodes()] == [
        ("一、", "总体要求"), ("（一）", "指导思想"), ("一、", "主要任务"), ("（一）", "规范行政行为"),
        ("1.", "建立制度。"), ("2.", "落实制度。"), ("（二）", "强化监督"), ("二、", "保障措施")]
    assert [len(n.children) for n in plan.outline] == [1, 2, 0]


@pytest.mark.parametrize("data,filename,message", [
    (b"", "a.txt", messages.EMPTY),
    (b"   \n\n  ", "a.txt", messages.EMPTY),
    (b"\x00\x01\x02\x03binary\x00\xff\xfe\x00", "a.bin", messages.BINARY),
    (b"%PDF-1.4 ...", "a.pdf", messages.BINARY),
    (b"not a zip at all", "a.docx", messages.BAD_DOCX),
    (b"PK\x03\x04garbage", "a.docx", messages.BAD_DOCX),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a.doc", messages.OLD_DOC),
])
def test_bad_input(data, filename, message):
    with pytest.raises(PlanParseError) as info:
        parse_bytes(data, filename=filename)
    assert str(info.value) == message


def test_zip_that_is_not_docx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(PlanParseError) as info:
        parse_bytes(buf.getvalue(), filename="x.docx")
    assert str(info.value) == messages.BAD_DOCX


def test_no_numbering_gives_flat_outline_with_warning():
    plan = parse_text("工作方案\n第一段内容。\n第二段内容。")
    assert messages.NO_NUMBERING in plan.warnings
    assert [n.label for n in plan.outline] == ["", ""]
    assert plan.title == "工作方案"


def test_traditional_and_pinyin_are_normalised():
    plan = parse_text("衛(wèi)生系統(tǒng)實(shí)施方案\n一、工作任(rèn)務(wù)\n（一）召開會議")
    assert plan.title == "卫生系统实施方案"
    assert [n.heading for n in plan.nodes()] == ["工作任务", "召开会议"]


def test_full_width_digits_and_half_width_brackets():
    plan = parse_text("方案\n一、任务\n(一)要求\n１．第一项。\n(１)细目。")
    # Digits become half-width; Chinese punctuation such as ． is kept as printed.
    assert _labels(plan) == [("一、", 1), ("(一)", 2), ("1．", 3), ("(1)", 4)]


def test_broken_lines_are_joined():
    text = ("方案\n一、任务\n局机关各处室要认真执行规范性文件制定程序的规定,开展规范性文件内容合法性、适\n"
            "用性的审查,及时向社会公开。\n二、要求")
    plan = parse_text(text)
    assert "合法性、适用性的审查" in plan.outline[0].text
    assert len(plan.text.split("\n")) == 4


def test_run_together_items_are_split():
    plan = parse_text("方案\n一、总体工作目标(一)指导思想\n正文。\n(二)工作目标\n正文。抓好落实。(三)明确重点\n"
                      "二、原则1.指导思想\n正文。")
    assert _labels(plan) == [("一、", 1), ("(一)", 2), ("(二)", 2), ("(三)", 2), ("二、", 1), ("1.", 3)]


def test_skipped_level_nests_by_sequence():
    plan = parse_text("方案\n一、目标\n1.甲\n2.乙\n二、步骤\n1.丙")
    assert [len(n.children) for n in plan.outline] == [2, 1]
    assert plan.outline[0].children[0].level == 3


def test_appended_document_split():
    text = SAMPLE + "扩展阅读:另一篇\n另一个局实施方案\n一、指导思想\n正文。\n友情提示:仅供参考"
    plan = parse_text(text)
    assert len(plan.documents) == 1
    assert plan.documents[0].title == "另一个局实施方案"
    assert "另一" not in plan.text
    assert "友情提示" not in plan.documents[0].text


def test_web_furniture_removed():
    text = ("当前位置:首页 > 范文大全 >\n时间:2023-07-18 11:10:04 来源:某某公文网\n"
            "某某卫生局工作方案-某某网平台\n" + SAMPLE.split("\n", 1)[1] + "推荐访问:方案 范文\n相关文章:\n某文07-11")
    plan = parse_text(text)
    assert plan.title == "某某卫生局工作方案"
    assert "推荐访问" not in plan.text and "当前位置" not in plan.text


def test_extractors_on_sample():
    plan = parse_text(SAMPLE)
    assert [(q.what, q.count) for q in plan.quotas] == [("示范机构", 1), ("示范窗口", 3)]
    assert [(d.date, d.to) for d in plan.deadlines] == [("2018-05-15", "市卫生局办公室")]
    rule = plan.rules[0]
    assert (rule.op, rule.value, rule.unit, rule.per) == (">=", 2, "期", "year")


def test_hidden_year_is_not_invented():
    plan = parse_text("方案\n一、时间安排\n（一）启动阶段\n201*年11月至12月,部署工作。")
    # Never guessed: a truncated ISO date (month only) and a warning.
    assert (plan.phases[0].start, plan.phases[0].end) == ("--11", "--12")
    assert any("隐去" in w for w in plan.warnings)


def test_cli_json_and_tree(tmp_path, capsys):
    path = tmp_path / "plan.txt"
    path.write_bytes(SAMPLE.encode("gb18030"))
    assert main(["parse", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "fazhi.plan/1"
    assert main(["parse", str(path)]) == 0
    out = capsys.readouterr().out
    assert "一、总体要求" in out and "部署阶段" in out
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["parse", str(empty)]) == 1
    assert messages.EMPTY in capsys.readouterr().err
