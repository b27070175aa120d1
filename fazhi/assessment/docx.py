"""The circular (通报) of a round's selection as a Word file: its text here, its layout (GB/T
9704-2012: masthead, number, title, 主送, body, signature, 版记, page numbers) from
fazhi.core.officialdoc, shared with every other document the product writes.
"""

from __future__ import annotations

from functools import wraps

from django.utils import timezone
from django.utils.translation import gettext as _, override

from fazhi.campaigns.choices import DemoLevel
from fazhi.core.officialdoc import DOCX_MIME, Block, OfficialDocument, build, heading_number, render  # noqa: F401
from fazhi.core.workdays import today as local_today

from .choices import NominationStatus

DOCUMENT_LANGUAGE = "zh-hans"  # official documents are Chinese whatever the reader's interface language


def in_chinese(fn):
    """Run a document builder in Chinese: every string it translates comes out as written."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        with override(DOCUMENT_LANGUAGE):
            return fn(*args, **kwargs)

    return wrapper


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


@in_chinese
def circular_spec(rnd) -> OfficialDocument:
    fill_defaults(rnd)
    issuer = rnd.campaign.issuer.name
    blocks = [Block(line.strip()) for line in rnd.circular_opening.splitlines() if line.strip()]
    groups = headings(rnd)
    for number, label, units in groups:
        blocks.append(Block(_("{n}、法治创建{level}（{count}个）").format(n=number, level=label, count=len(units)), level=1))
        blocks.append(Block("、".join(u.name for u in units)))
    if not groups:
        blocks.append(Block(_("本轮未评选出示范单位。")))
    blocks += [Block(line.strip()) for line in rnd.circular_closing.splitlines() if line.strip()]
    return OfficialDocument(
        issuer=issuer, title=rnd.circular_title, date=rnd.circular_date, blocks=blocks, doc_number=rnd.circular_number,
        recipients=rnd.circular_recipients, cc=rnd.circular_cc, printer=rnd.circular_printer or issuer,
        category=_("通报"), subject=rnd.campaign.title)


def circular_document(rnd):
    return build(circular_spec(rnd), moment=timezone.now())


def circular_bytes(rnd) -> bytes:
    return render(circular_spec(rnd), moment=timezone.now())
