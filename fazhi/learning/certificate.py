"""The certificate of a passed exam as a Word file: A4, GB/T 9704 margins, title in 小标宋
(falling back to a serif CJK font), body in 仿宋 3号."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from fazhi.core.formats import cn_date

from .models import ExamAttempt


def _run(paragraph, text: str, font: str, size: int, bold: bool = False):
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.rPr.rFonts.set(qn("w:eastAsia"), font)
    return run


def certificate_docx(attempt: ExamAttempt) -> bytes:
    exam, person = attempt.exam, attempt.person
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, _("学法考试合格证书"), "方正小标宋简体", 22)
    doc.add_paragraph()
    body = doc.add_paragraph()
    body.paragraph_format.first_line_indent = Pt(32)
    _run(body, _("{name}同志（{unit}）于{date}参加{title}（{kind}），成绩{score}分，考试合格，特发此证。").format(
        name=person.name, unit=person.unit.name, date=cn_date(timezone.localtime(attempt.submitted_at)),
        title=exam.title, kind=exam.get_kind_display(), score=attempt.score), "仿宋_GB2312", 16)
    doc.add_paragraph()
    sign = doc.add_paragraph()
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(sign, exam.unit.name, "仿宋_GB2312", 16)
    day = doc.add_paragraph()
    day.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(day, cn_date(timezone.localtime(attempt.submitted_at)), "仿宋_GB2312", 16)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
