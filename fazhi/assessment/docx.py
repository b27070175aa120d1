"""The circular (通报) of a round's selection as a Word file in the layout of GB/T 9704-2012:
A4, margins top 37 mm / bottom 35 mm / left 28 mm / right 26 mm (type area 156 × 225 mm),
title in 2号 小标宋, body in 3号 仿宋 at 22 lines a page, headings 一、 in 黑体, document
number with 〔〕, date in Arabic numerals, page numbers in 4号 as "— 1 —" (odd pages right,
even pages left).
"""

from __future__ import annotations

import datetime as dt
import io
from functools import wraps

from django.utils import timezone
from django.utils.translation import gettext as _, override
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from fazhi.campaigns.choices import DemoLevel
from fazhi.core.formats import cn_date
from fazhi.core.workdays import today as local_today

from .choices import NominationStatus

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

TITLE_FONT = "方正小标宋简体"
TITLE_FALLBACK = "宋体"  # a serif CJK font every Chinese Word or WPS installation has
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LINE = Pt(28.95)  # 225 mm type area / 22 lines
RED = RGBColor(0xE6, 0x00, 0x12)
NUMERALS = "一二三四五六七八九十"
DOCUMENT_LANGUAGE = "zh-hans"  # official documents are Chinese whatever the reader's interface language
TYPE_AREA_WIDTH = Mm(156)
MASTHEAD_SIZE = Pt(30)
MIN_SCALE = 0.85  # below this, condensing alone would make the characters touch: narrow them instead
IMPRINT_SIZE = Pt(14)  # 版记 in 4号 仿宋


def in_chinese(fn):
    """Run a document builder in Chinese: every string it translates comes out as written."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        with override(DOCUMENT_LANGUAGE):
            return fn(*args, **kwargs)

    return wrapper


def masthead_fit(text: str, size=MASTHEAD_SIZE, width=TYPE_AREA_WIDTH) -> tuple[int, int]:
    """How to keep the red masthead (发文机关标志) on one line, as a secretary does: condense the
    character spacing, and when that is not enough narrow the characters too.
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


def _fonts(run, east_asia: str, size: Pt, *, bold: bool = False, colour: RGBColor | None = None, latin: str | None = None):
    run.font.size = size
    run.font.bold = bold
    run.font.name = latin or "Times New Roman"
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")
    if colour is not None:
        run.font.color.rgb = colour
    return run


def _paragraph(doc, text: str = "", *, font=BODY_FONT, size=Pt(16), align=None, indent: bool = True, bold=False,
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
        _fonts(p.add_run(text), font, size, bold=bold, colour=colour)
    return p


def _page_number_footer(footer, align) -> None:
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = align
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = Pt(14)  # one character from the edge
    _fonts(p.add_run("— "), PAGE_NUMBER_FONT, Pt(14))
    run = _fonts(p.add_run(), PAGE_NUMBER_FONT, Pt(14))
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    _fonts(p.add_run(" —"), PAGE_NUMBER_FONT, Pt(14))


def _setup(doc) -> None:
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
    normal.font.size = Pt(16)
    normal.font.name = "Times New Roman"
    normal.element.get_or_add_rPr()
    _fonts_style(normal, BODY_FONT)


def _fonts_style(style, east_asia: str) -> None:
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asia)


@in_chinese
def default_title(rnd) -> str:
    return _("关于{year}年度{round}评选结果的通报").format(year=rnd.campaign.year, round=rnd.title)


@in_chinese
def fill_defaults(rnd) -> None:
    """Fill the circular's empty fields with a draft the office then edits (not saved here)."""
    if not rnd.circular_title:
        rnd.circular_title = default_title(rnd)
    if not rnd.circular_recipients:
        rnd.circular_recipients = _("各县（市、区）卫生计生局，委直各单位：")
    if not rnd.circular_opening:
        rnd.circular_opening = _(
            "根据《{campaign}实施方案》的安排，经单位自评、县级初评、市级复评，{issuer}对{round}进行了考评和评选。"
            "现将评选结果通报如下：").format(campaign=rnd.campaign.title, issuer=rnd.campaign.issuer.name, round=rnd.title)
    if not rnd.circular_closing:
        rnd.circular_closing = _(
            "希望受到表彰的单位珍惜荣誉，发挥示范引领作用；各单位要以先进为榜样，对照考评中发现的问题认真整改，"
            "推动全系统法治建设水平不断提高。")
    if not rnd.circular_date:
        rnd.circular_date = local_today()
    if not rnd.circular_printer:
        rnd.circular_printer = _("{issuer}办公室").format(issuer=rnd.campaign.issuer.name)


def heading_number(i: int) -> str:
    return NUMERALS[i] if i < len(NUMERALS) else str(i + 1)


@in_chinese
def selected_by_level(rnd) -> list[tuple[str, list]]:
    """(level label, selected units in tree order) for each level that has selections."""
    by_level: dict[str, list] = {}
    for n in rnd.nominations.filter(status=NominationStatus.SELECTED).select_related("unit").order_by("unit__path"):
        by_level.setdefault(n.level, []).append(n.unit)
    return [(str(DemoLevel(level).label), by_level[level]) for level in DemoLevel.values if level in by_level]


@in_chinese
def headings(rnd) -> list[tuple[str, str, list]]:
    """The body's sections as printed: (一, level label, units)."""
    return [(heading_number(i), label, units) for i, (label, units) in enumerate(selected_by_level(rnd))]


def _rule(paragraph, edge: str, size: int, colour: str = "000000") -> None:
    """A full-width line above or below a paragraph (its border), as the 版记's rules are drawn."""
    ppr = paragraph._p.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is None:
        border = OxmlElement("w:pBdr")
        ppr.append(border)
    line = OxmlElement(f"w:{edge}")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", "1"), ("color", colour)):
        line.set(qn(f"w:{key}"), value)
    border.append(line)


def _imprint(doc, rnd, issuer: str) -> None:
    """版记: 抄送 and 印发机关/印发日期 between rules at the foot of the document — the first and
    last rules thick (0.35 mm), the one between thin (0.25 mm); 4号 仿宋, one character in."""
    doc.add_paragraph()
    rows = []
    if rnd.circular_cc:
        cc = _paragraph(doc, _("抄送：{cc}").format(cc=rnd.circular_cc.rstrip("。") + "。"), size=IMPRINT_SIZE, indent=False)
        rows.append(cc)
    printed = _paragraph(doc, "", size=IMPRINT_SIZE, indent=False)
    _fonts(printed.add_run(rnd.circular_printer or issuer), BODY_FONT, IMPRINT_SIZE)
    _fonts(printed.add_run("\t" + _("{date}印发").format(date=cn_date(rnd.circular_date))), BODY_FONT, IMPRINT_SIZE)
    printed.paragraph_format.tab_stops.add_tab_stop(TYPE_AREA_WIDTH - Pt(14), alignment=2)  # right-aligned tab
    rows.append(printed)
    for row in rows:
        row.paragraph_format.left_indent = row.paragraph_format.right_indent = Pt(14)
    _rule(rows[0], "top", 8)  # 0.35 mm ≈ 1 pt = 8 eighths
    if len(rows) > 1:
        _rule(rows[0], "bottom", 4)  # 0.25 mm between 抄送 and 印发
    _rule(rows[-1], "bottom", 8)


def _properties(doc, rnd, issuer: str) -> None:
    """The file says who issued it, not which library wrote it."""
    props = doc.core_properties
    props.author = props.last_modified_by = issuer
    props.title = rnd.circular_title
    props.subject = rnd.campaign.title
    props.category = _("通报")
    props.keywords = rnd.circular_number
    props.comments = ""
    props.revision = 1
    moment = timezone.now().replace(microsecond=0).astimezone(dt.timezone.utc).replace(tzinfo=None)
    props.created = props.modified = moment


@in_chinese
def circular_document(rnd):
    fill_defaults(rnd)
    doc = Document()
    _setup(doc)
    issuer = rnd.campaign.issuer.name
    _properties(doc, rnd, issuer)
    # 发文机关标志 on one line, and 发文字号, then the red separator line (the bottom border of the number's paragraph).
    masthead_text = _("{issuer}文件").format(issuer=issuer)
    masthead = _paragraph(doc, "", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, exact_line=False)
    run = _fonts(masthead.add_run(masthead_text), TITLE_FONT, MASTHEAD_SIZE, colour=RED, latin=TITLE_FALLBACK)
    _masthead_run(run, *masthead_fit(masthead_text))
    _paragraph(doc, "", indent=False)
    number = _paragraph(doc, rnd.circular_number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "8"), ("color", "E60012")):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    number._p.get_or_add_pPr().append(border)
    _paragraph(doc, "", indent=False)
    title = _paragraph(doc, "", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, exact_line=False)
    _fonts(title.add_run(rnd.circular_title), TITLE_FONT, Pt(22), latin=TITLE_FALLBACK)
    title.paragraph_format.line_spacing = Pt(36)
    _paragraph(doc, "", indent=False)
    _paragraph(doc, rnd.circular_recipients, indent=False)
    for line in rnd.circular_opening.splitlines():
        if line.strip():
            _paragraph(doc, line.strip())
    groups = headings(rnd)
    for number, label, units in groups:
        _paragraph(doc, _("{n}、法治创建{level}（{count}个）").format(n=number, level=label, count=len(units)),
                   font=HEADING_FONT)
        _paragraph(doc, "、".join(u.name for u in units))
    if not groups:
        _paragraph(doc, _("本轮未评选出示范单位。"))
    for line in rnd.circular_closing.splitlines():
        if line.strip():
            _paragraph(doc, line.strip())
    _paragraph(doc, "", indent=False)
    _paragraph(doc, "", indent=False)
    # The issuer and the date stand right, the date four characters in from the right edge.
    signature = _paragraph(doc, issuer, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    signature.paragraph_format.right_indent = Pt(32)
    date = _paragraph(doc, cn_date(rnd.circular_date), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    date.paragraph_format.right_indent = Pt(64)
    _imprint(doc, rnd, issuer)
    return doc


def circular_bytes(rnd) -> bytes:
    buf = io.BytesIO()
    circular_document(rnd).save(buf)
    return buf.getvalue()
