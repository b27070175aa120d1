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
_CITATION = re.compile(r"《([^《》]{1,80})》")
_BASIS_TRIGGER = re.compile(r"根据|按照|依据|依照|遵照|贯彻|落实|为了?|结合")
_CLAUSE = re.compile(r"[，,。；;]")
_ABOUT = re.compile(r"^(.{2,30}?)关于")
_ISSUER_IN_TITLE = re.compile(
    r"^((?:中共)?[\u4e00-\u9fff]{1,12}?(?:委员会|卫生局|卫健委|卫计委|民政局|人民政府|局|厅))")


def normalise_number(prefix: str, open_: str, year: str, close: str, seq: str) -> str:
    """文号 with 〔〕 when the year was clearly bracketed (both sides present)."""
    if open_ and close:
        return f"{prefix}〔{year}〕{seq}号"
    return f"{prefix}{open_}{year}{close}{seq}号"


def find_doc_number(lines: list[str]) -> str | None:
    """A 文号 standing on its own line (citations inside sentences don't count)."""
    for line in lines:
        text = line.replace(" ", "")
        m = DOC_NUMBER.fullmatch(text)
        if m:
            return normalise_number(*m.groups())
    return None


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
    if line.endswith(("：", ":")) or "。" in line[:-1]:
        return False
    return True


def find_title(preamble: list[str]) -> tuple[str | None, int | None]:
    """The title and its index: preferably a line ending with a document type
    (方案、通知…); the organisation line of the 版头 is skipped."""
    candidates = [(i, line) for i, line in enumerate(preamble[:12]) if _is_title_candidate(line)]
    for i, line in candidates:
        bare = line.rstrip("。")
        if bare.endswith(DOC_TYPES) and not is_org_line(line):
            return bare, i
    for i, line in candidates:
        if not is_org_line(line) and not line.endswith(("。", "；")):
            return line, i
    return None, None


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
