"""A document's text with its figures filled in, and the Word file built from it."""

from __future__ import annotations

import re

from django.utils import timezone

from fazhi.core.formats import cn_date
from fazhi.core.officialdoc import Block, OfficialDocument, render

from .choices import DocumentKind

TOKEN = re.compile(r"\{(\w+)\}")
CATEGORY = {DocumentKind.ANNUAL_REPORT: "报告", DocumentKind.QUARTER_REPORT: "报告", DocumentKind.SUMMARY: "总结",
            DocumentKind.CIRCULAR: "通报", DocumentKind.LAW_REPORT: "报告"}


def fill(text: str, displays: dict[str, str]) -> str:
    """Each {key} replaced by its figure as printed; an unknown key stays visible as typed."""
    return TOKEN.sub(lambda m: displays.get(m.group(1), m.group(0)), text)


def displays_of(figures: dict) -> dict[str, str]:
    """{key: display} from live Figure objects or from frozen dicts."""
    return {key: (fig["display"] if isinstance(fig, dict) else fig.display) for key, fig in figures.items()}


def filled_sections(document, figures: dict) -> list[dict]:
    shown = displays_of(figures)
    return [{"heading": s.get("heading", ""), "text": fill(s.get("text", ""), shown)} for s in document.sections]


def spec_of(document, figures: dict, *, date=None, with_charts: bool = True) -> OfficialDocument:
    from .charts import document_charts

    blocks = []
    charts = document_charts(document.kind, figures) if with_charts else {}
    for index, section in enumerate(filled_sections(document, figures)):
        if section["heading"]:
            blocks.append(Block(section["heading"], level=1))
        blocks.append(Block(section["text"]))
        blocks += [Block(image=png, caption=caption) for png, caption in charts.get(index, [])]
    issuer = document.issuer.name
    return OfficialDocument(
        issuer=issuer, title=document.title, date=date or document.issued_on or timezone.localdate(), blocks=blocks,
        doc_number=document.doc_number or (f"{document.prefix}〔{document.year}〕 号" if document.prefix else ""),
        recipients=document.recipients, cc=document.cc, printer=f"{issuer}办公室",
        category=CATEGORY.get(document.kind, ""), subject=document.campaign.title if document.campaign_id else "",
        signature=document.subject_person.name if document.subject_person_id else issuer)


def docx_bytes(document, figures: dict, *, date=None, with_charts: bool = True) -> bytes:
    return render(spec_of(document, figures, date=date, with_charts=with_charts), moment=timezone.now())


def file_name(document) -> str:
    stem = document.doc_number or f"{document.title}（{cn_date(timezone.localdate())}稿）"
    return re.sub(r'[\\/:*?"<>|]', "_", stem) + ".docx"
