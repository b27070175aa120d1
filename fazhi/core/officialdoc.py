"""Official documents (公文) as Word files in the layout of GB/T 9704-2012, for every app that
writes one (circulars, reports, notices).

A4, margins top 37 mm / bottom 35 mm / left 28 mm / right 26 mm (type area 156 × 225 mm); the
red masthead (发文机关标志) kept on one line, the document number with 〔〕 above a red rule;
title in 2号 小标宋; body in 3号 仿宋 at 22 lines a page; headings 一、 in 黑体, （一） in 楷体,
1. in 仿宋; signature and date in Arabic numerals; the 版记 (抄送, 印发机关 and 印发日期 between
rules); page numbers in 4号 as "— 1 —", odd pages right and even pages left. The file's
properties name the issuer, not the library that wrote it.

The caller gives the text; nothing here translates: an official document is written in Chinese
whatever the interface language of the person who asks for it.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .formats import cn_date

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

TITLE_FONT = "方正小标宋简体"
TITLE_FALLBACK = "宋体"  # a serif CJK font every Chinese Word or WPS installation has
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
BODY_SIZE = Pt(16)  # 3号
LINE = Pt(28.95)  # 225 mm type area / 22 lines
RED = RGBColor(0xE6, 0x00, 0x12)
TYPE_AREA_WIDTH = Mm(156)
MASTHEAD_SIZE = Pt(30)
MIN_SCALE = 0.85  # below this, condensing alone would make the characters touch: narrow them instead
IMPRINT_SIZE = Pt(14)  # 版记 in 4号 仿宋
NUMERALS = "一二三四五六七八九十"


def heading_number(i: int) -> str:
    """一, 二, … for the i-th (0-based) level-1 heading."""
    if i < 10:
        return NUMERALS[i]
    tens, ones = divmod(i + 1, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


@dataclass
class Block:
    """One piece of the body: a paragraph, a heading of level 1–3, or an image (a chart)."""

    text: str = ""
    level: int = 0  # 0 body text, 1 一、 (黑体), 2 （一） (楷体), 3 1. (仿宋)
    image: bytes | None = None
    caption: str = ""


@dataclass
class OfficialDocument:
    issuer: str
    title: str
    date: dt.date
    blocks: list[Block] = field(default_factory=list)
    doc_number: str = ""
    recipients: str = ""  # 主送机关, e.g. "各县（市、区）卫生健康局："
    masthead: bool = True  # red masthead and number; a report to the level above has none
    signature: str = ""  # defaults to the issuer
    cc: str = ""  # 抄送
    printer: str = ""  # 印发机关, defaults to the issuer's office
    category: str = ""  # 通报, 报告 … for the file's properties
    subject: str = ""


def masthead_fit(text: str, size=MASTHEAD_SIZE, width=TYPE_AREA_WIDTH) -> tuple[int, int]:
    """How to keep the red masthead on one line, as a secretary does: condense the character
    spacing, and when that is not enough narrow the characters too.
    Returns (spacing in twentieths of a point, negative to condense; width scale in percent)."""
    n = len(text)
    natural = n * size.pt
    available = width.pt - size.pt * 0.25  # a little room so that Word never wraps the last character
    if natural <= available:
        return 0, 100
    scale = 100
    if natural * MIN_SCALE > available:
        scale = int(100 * available / (natural * MIN_SCALE))  # narrow to what condensing can then close
        natural = natural * scale / 100
    spacing = (available - natural) / n  # Word adds the spacing after every character, the last one too
    return int(spacing * 20) - 1, scale


def _masthead_run(run, spacing: int, scale: int) -> None:
    rpr = run._element.get_or_add_rPr()
    if spacing:
        el = OxmlElement("w:spacing")
        el.set(qn("w:val"), str(spacing))
        rpr.append(el)
    if scale != 100:
        el = OxmlElement("w:w")
        el.set(qn("w:val"), str(scale))
        rpr.append(el)


def fonts(run, east_asia: str, size: Pt, *, bold: bool = False, colour: RGBColor | None = None, latin: str | None = None):
    run.font.size = size
    run.font.bold = bold
    run.font.name = latin or "Times New Roman"
    rpr = run._element.get_or_add_rPr()
    fonts_el = rpr.find(qn("w:rFonts"))
    if fonts_el is None:
        fonts_el = OxmlElement("w:rFonts")
        rpr.insert(0, fonts_el)
    fonts_el.set(qn("w:eastAsia"), east_asia)
    fonts_el.set(qn("w:hint"), "eastAsia")
    if colour is not None:
        run.font.color.rgb = colour
    return run


def paragraph(doc, text: str = "", *, font=BODY_FONT, size=BODY_SIZE, align=None, indent: bool = True, bold=False,
              colour=None, exact_line=True):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if exact_line:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 3号
    if align is not None:
        p.alignment = align
    if text:
        fonts(p.add_run(text), font, size, bold=bold, colour=colour)
    return p


def _page_number_footer(footer, align) -> None:
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = align
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = Pt(14)  # one character from the edge
    fonts(p.add_run("— "), PAGE_NUMBER_FONT, Pt(14))
    run = fonts(p.add_run(), PAGE_NUMBER_FONT, Pt(14))
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    fonts(p.add_run(" —"), PAGE_NUMBER_FONT, Pt(14))


def _fonts_style(style, east_asia: str) -> None:
    rpr = style.element.get_or_add_rPr()
    fonts_el = rpr.find(qn("w:rFonts"))
    if fonts_el is None:
        fonts_el = OxmlElement("w:rFonts")
        rpr.insert(0, fonts_el)
    fonts_el.set(qn("w:eastAsia"), east_asia)


def new_document():
    """An empty A4 document with the margins, footers and body style of GB/T 9704."""
    doc = Document()
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Mm(7)  # page number 7 mm below the type area's last line
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number_footer(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number_footer(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
    normal = doc.styles["Normal"]
    normal.font.size = BODY_SIZE
    normal.font.name = "Times New Roman"
    _fonts_style(normal, BODY_FONT)
    return doc


def rule(par, edge: str, size: int, colour: str = "000000", space: int = 1) -> None:
    """A full-width line above or below a paragraph (its border): the red separator, the 版记's rules."""
    ppr = par._p.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is None:
        border = OxmlElement("w:pBdr")
        ppr.append(border)
    line = OxmlElement(f"w:{edge}")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", str(space)), ("color", colour)):
        line.set(qn(f"w:{key}"), value)
    border.append(line)


def masthead(doc, issuer: str, doc_number: str) -> None:
    """发文机关标志 on one line, the 发文字号, then the red separator (the number's bottom border)."""
    text = f"{issuer}文件"
    head = paragraph(doc, "", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, exact_line=False)
    run = fonts(head.add_run(text), TITLE_FONT, MASTHEAD_SIZE, colour=RED, latin=TITLE_FALLBACK)
    _masthead_run(run, *masthead_fit(text))
    paragraph(doc, "", indent=False)
    number = paragraph(doc, doc_number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    rule(number, "bottom", 12, "E60012", space=8)
    paragraph(doc, "", indent=False)


def title(doc, text: str) -> None:
    par = paragraph(doc, "", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, exact_line=False)
    fonts(par.add_run(text), TITLE_FONT, Pt(22), latin=TITLE_FALLBACK)
    par.paragraph_format.line_spacing = Pt(36)
    paragraph(doc, "", indent=False)


def body(doc, blocks: list[Block]) -> None:
    for block in blocks:
        if block.image is not None:
            par = paragraph(doc, "", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, exact_line=False)
            par.add_run().add_picture(io.BytesIO(block.image), width=TYPE_AREA_WIDTH)
            if block.caption:
                paragraph(doc, block.caption, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, size=Pt(14))
            continue
        font = {1: HEADING_FONT, 2: KAI_FONT}.get(block.level, BODY_FONT)
        for line in block.text.splitlines() or [""]:
            if line.strip():
                paragraph(doc, line.strip(), font=font)


def signature(doc, name: str, date: dt.date) -> None:
    """The issuer and the date stand right, the date four characters in from the right edge."""
    paragraph(doc, "", indent=False)
    paragraph(doc, "", indent=False)
    sig = paragraph(doc, name, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    sig.paragraph_format.right_indent = Pt(32)
    day = paragraph(doc, cn_date(date), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    day.paragraph_format.right_indent = Pt(64)


def imprint(doc, *, cc: str, printer: str, date: dt.date) -> None:
    """版记: 抄送 and 印发机关/印发日期 between rules at the foot — the first and last rules thick
    (0.35 mm), the one between thin (0.25 mm); 4号 仿宋, one character in from each side."""
    doc.add_paragraph()
    rows = []
    if cc:
        rows.append(paragraph(doc, f"抄送：{cc.rstrip('。')}。", size=IMPRINT_SIZE, indent=False))
    printed = paragraph(doc, "", size=IMPRINT_SIZE, indent=False)
    fonts(printed.add_run(printer), BODY_FONT, IMPRINT_SIZE)
    fonts(printed.add_run(f"\t{cn_date(date)}印发"), BODY_FONT, IMPRINT_SIZE)
    printed.paragraph_format.tab_stops.add_tab_stop(TYPE_AREA_WIDTH - Pt(14), alignment=2)  # right-aligned tab
    rows.append(printed)
    for row in rows:
        row.paragraph_format.left_indent = row.paragraph_format.right_indent = Pt(14)
    rule(rows[0], "top", 8)  # 0.35 mm ≈ 1 pt = 8 eighths
    if len(rows) > 1:
        rule(rows[0], "bottom", 4)
    rule(rows[-1], "bottom", 8)


def properties(doc, spec: OfficialDocument, moment: dt.datetime) -> None:
    """The file says who issued it, not which library wrote it."""
    props = doc.core_properties
    props.author = props.last_modified_by = spec.issuer
    props.title = spec.title
    props.subject = spec.subject
    props.category = spec.category
    props.keywords = spec.doc_number
    props.comments = ""
    props.revision = 1
    utc = moment.replace(microsecond=0).astimezone(dt.timezone.utc).replace(tzinfo=None)
    props.created = props.modified = utc


def build(spec: OfficialDocument, *, moment: dt.datetime):
    """The whole document: masthead, title, 主送, body, signature, 版记."""
    doc = new_document()
    properties(doc, spec, moment)
    if spec.masthead:
        masthead(doc, spec.issuer, spec.doc_number)
    title(doc, spec.title)
    if spec.recipients:
        paragraph(doc, spec.recipients, indent=False)
    body(doc, spec.blocks)
    signature(doc, spec.signature or spec.issuer, spec.date)
    imprint(doc, cc=spec.cc, printer=spec.printer or f"{spec.issuer}办公室", date=spec.date)
    return doc


def render(spec: OfficialDocument, *, moment: dt.datetime) -> bytes:
    buf = io.BytesIO()
    build(spec, moment=moment).save(buf)
    return buf.getvalue()
