"""Title, issuer, document number, date and cited basis from the preamble."""

from __future__ import annotations

import re

from .model import Citation
from .numerals import cn_to_int
from .outline import ORG_SUFFIX, is_date_line, is_org_line
from .normalize import DOC_TYPES

# 文号: 机关代字 + 〔年份〕 + 序号 + 号; web copies use [] or () or lose the bracket,
# and some sites hide the year's last digit (201*).
_YEAR = r"(?:19|20)[\d*]{2}"
DOC_NUMBER = re.compile(
    rf"([\u4e00-\u9fff]{{1,12}}?)\s*([〔\[［【(（]?)\s*({_YEAR})\s*([〕\]］】)）]?)\s*(\d{{1,4}})\s*号")
# A malformed 文号 standing alone: a bracket or the 号 lost ("某卫发2021〕8").
_LOOSE_NUMBER = re.compile(
    rf"([\u4e00-\u9fff]{{1,12}}?)\s*([〔\[［【(（]?)\s*({_YEAR})\s*([〕\]］】)）]?)\s*(\d{{1,4}})\s*号?")
# Government disclosure metadata (政府信息公开): 索引号 / 发布机构 / 成文日期 / 文号 …
META_KEYS = ("索引号", "发布机构", "发文机关", "发文单位", "成文日期", "发文日期", "文号", "发文字号",
             "主题分类", "公开方式", "公开范围", "发布日期", "公开日期", "体裁分类", "有效性", "名称", "标题")
_META = re.compile(rf"(?:^|(?<=\s))[·•\-*]?\s*({'|'.join(META_KEYS)})\s*[:：]\s*")
_CITATION = re.compile(r"《([^《》]{1,80})》")
_BASIS_TRIGGER = re.compile(r"根据|按照|依据|依照|遵照|贯彻|落实|为了?|结合")
_CLAUSE = re.compile(r"[，,。；;]")
_ABOUT = re.compile(r"^(.{2,30}?)关于")
_ISSUER_IN_TITLE = re.compile(
    r"^((?:中共)?[\u4e00-\u9fff]{1,12}?(?:委员会|卫生局|卫健委|卫计委|民政局|人民政府|局|厅))")


def normalise_number(prefix: str, open_: str, year: str, close: str, seq: str) -> str:
    """文号 with 〔〕 when the year was bracketed (on either side: a web copy
    often loses one of the two)."""
    if open_ or close:
        return f"{prefix}〔{year}〕{seq}号"
    return f"{prefix}{year}{seq}号"


def find_doc_number(lines: list[str]) -> tuple[str | None, str | None]:
    """A 文号 standing on its own line (citations inside sentences don't count),
    and the raw text when it had to be repaired."""
    for line in lines:
        text = line.replace(" ", "")
        m = DOC_NUMBER.fullmatch(text)
        if m:
            number = normalise_number(*m.groups())
            return number, (text if number != text else None)
    for line in lines:
        text = line.replace(" ", "")
        m = _LOOSE_NUMBER.fullmatch(text)
        if m and (m.group(2) or m.group(4)):
            return normalise_number(*m.groups()), text
    return None, None


def read_metadata(lines: list[str]) -> tuple[dict[str, str], set[int]]:
    """Key → value of disclosure metadata lines, and the indexes of those lines."""
    found: dict[str, str] = {}
    used: set[int] = set()
    for i, line in enumerate(lines):
        if " | " in line:
            # The same metadata as a table: 索引号 | … | 发布机构 | …
            cells = [c.strip().rstrip("：:") for c in line.split("|")]
            pairs = [(cells[k], cells[k + 1]) for k in range(len(cells) - 1) if cells[k] in META_KEYS]
            if pairs:
                used.add(i)
                for key, value in pairs:
                    if value:
                        found.setdefault(key, value)
            continue
        marks = list(_META.finditer(line))
        if not marks or marks[0].start() > 2:
            continue
        used.add(i)
        for k, m in enumerate(marks):
            stop = marks[k + 1].start() if k + 1 < len(marks) else len(line)
            value = line[m.end():stop].strip()
            if value:
                found.setdefault(m.group(1), value)
    return found, used


def metadata_fields(meta: dict[str, str]) -> tuple[str | None, str | None, str | None]:
    """(issuer, date, number) from disclosure metadata; 发布日期 is the posting
    time, never the document's date."""
    issuer = meta.get("发布机构") or meta.get("发文机关") or meta.get("发文单位")
    date = None
    raw_date = meta.get("成文日期") or meta.get("发文日期")
    if raw_date:
        m = re.match(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})", raw_date.replace(" ", ""))
        if m:
            date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    number = None
    raw_number = meta.get("文号") or meta.get("发文字号")
    if raw_number:
        number = find_doc_number([raw_number])[0]
    return issuer, date, number


def iso_date_of_line(line: str) -> str | None:
    text = line.replace(" ", "")
    m = re.fullmatch(r"(\S{4})年(\S{1,3})月(\S{1,3})日", text)
    if not m:
        return None
    parts = [cn_to_int(g) for g in m.groups()]
    if None in parts or not (1 <= parts[1] <= 12 and 1 <= parts[2] <= 31):
        return None
    return f"{parts[0]:04d}-{parts[1]:02d}-{parts[2]:02d}"


def find_date(lines: list[str]) -> str | None:
    for line in lines:
        if is_date_line(line):
            iso = iso_date_of_line(line)
            if iso:
                return iso
    return None


def _is_title_candidate(line: str) -> bool:
    if len(line) > 60 or is_date_line(line) or DOC_NUMBER.fullmatch(line.replace(" ", "")):
        return False
    if _META.match(line) or line.endswith("文件") or _LOOSE_NUMBER.fullmatch(line.replace(" ", "")):
        return False
    if line.endswith(("：", ":")) or "。" in line[:-1]:
        return False
    return True


def _joined_title(preamble: list[str], i: int) -> str | None:
    """A title printed over two or three lines: joined until a document-type
    word ends it."""
    text = preamble[i]
    for k in range(i + 1, min(i + 3, len(preamble))):
        nxt = preamble[k]
        if len(nxt) > 30 or not _is_title_candidate(nxt) or re.search(r"[，,。；;：:]", nxt) \
                or nxt.startswith("关于") or is_org_line(nxt):
            return None
        text += nxt
        if text.rstrip("。").endswith(DOC_TYPES):
            return text.rstrip("。")
    return None


def find_title(preamble: list[str], skip: set[int] = frozenset()) -> tuple[str | None, int | None]:
    """The title and its index: preferably a line ending with a document type
    (方案、通知…), or two or three short lines joined until one; the
    organisation line of the 版头 and disclosure metadata are skipped."""
    candidates = [(i, line) for i, line in enumerate(preamble[:16])
                  if i not in skip and _is_title_candidate(line)]
    for i, line in candidates:
        bare = line.rstrip("。")
        if bare.endswith(DOC_TYPES) and not is_org_line(line):
            return bare, i
        if not is_org_line(line) and not re.search(r"[，,。；;：:]", line):
            joined = _joined_title(preamble, i)
            if joined:
                return joined, i
    for i, line in candidates:
        if not is_org_line(line) and not line.endswith(("。", "；")):
            return line, i
    return None, None


def find_plan_title(preamble: list[str], title: str | None, title_at: int | None,
                    skip: set[int] = frozenset()) -> str | None:
    """The title of the plan that an 印发 notice carries, printed after the
    notice (its signature and date) and before the plan's outline."""
    if not title or "印发" not in title or title_at is None:
        return None
    for j in range(len(preamble) - 1, title_at, -1):
        line = preamble[j]
        if j in skip or not _is_title_candidate(line) or is_org_line(line) \
                or re.search(r"[，,。；;：:]", line.rstrip("。")):
            continue
        bare = line.rstrip("。")
        if bare.endswith(DOC_TYPES) and not bare.endswith("通知") and "印发" not in bare:
            return bare
    return None


def find_issuer(preamble: list[str], title: str | None, title_at: int | None,
                tail: list[str], source: str | None) -> str | None:
    if title:
        m = _ABOUT.match(title)
        if m and is_org_line(m.group(1)):
            return m.group(1)
    # 版头: the organisation line right above the title.
    if title_at:
        for line in reversed(preamble[:title_at]):
            if is_org_line(line):
                return line.replace(" ", "")
    # 署名: an organisation line followed by the date line.
    for lines in (tail, preamble):
        for a, b in zip(lines, lines[1:]):
            if is_org_line(a) and is_date_line(b):
                return a.replace(" ", "")
    if title:
        m = _ISSUER_IN_TITLE.match(title)
        if m and m.group(1).endswith(ORG_SUFFIX) and len(m.group(1)) >= 3:
            return m.group(1)
    if source and is_org_line(source):
        return source
    return None


def find_basis(preamble: list[str], first_line: int) -> list[Citation]:
    """Documents cited in the preamble's 根据/按照 clauses, with their 文号."""
    found: list[Citation] = []
    for offset, line in enumerate(preamble):
        for clause in _split_clauses(line):
            if not _BASIS_TRIGGER.search(clause):
                continue
            for m in _CITATION.finditer(clause):
                number = _number_after(clause, m.end())
                found.append(Citation(m.group(1), number, first_line + offset))
            if not _CITATION.search(clause):
                number = _number_after(clause, 0, anywhere=True)
                if number:
                    found.append(Citation(None, number, first_line + offset))
    return found


def _split_clauses(line: str) -> list[str]:
    """Split at ，。； outside brackets, so "(徐委发[201*]33号)" stays whole."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(line):
        if ch in "(（《[〔":
            depth += 1
        elif ch in ")）》]〕":
            depth = max(0, depth - 1)
        elif depth == 0 and _CLAUSE.match(ch):
            out.append(line[start:i])
            start = i + 1
    out.append(line[start:])
    return out


def _number_after(clause: str, pos: int, anywhere: bool = False) -> str | None:
    rest = clause[pos:]
    m = re.match(r"\s*[(（]([^()（）]*(?:[(（][^()（）]*[)）][^()（）]*)*)[)）]", rest)
    if m:
        inner = DOC_NUMBER.search(m.group(1))
        if inner:
            return normalise_number(*inner.groups())
    if anywhere:
        inner = DOC_NUMBER.search(rest)
        if inner:
            return normalise_number(*inner.groups())
    return None
