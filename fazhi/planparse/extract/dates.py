"""Dates as plans print them: 2018年5月2日, 5月15日前, 7月中旬, 10月底, 201*年11月.

A year printed as 201* stays unknown (never guessed); a bare month takes the
document's year when the document states one, else the date is left None.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from ..numerals import CN_NUM_CHARS, cn_to_int

_N = rf"(?:\d{{1,2}}|[{CN_NUM_CHARS}]{{1,3}})"
DATE = re.compile(
    rf"(?:(?P<y>(?:19|20)[\d*]{{2}}|[〇零一二三四五六七八九]{{4}})\s*年\s*)?"
    rf"(?:(?P<m>{_N})\s*月\s*(?:份)?)"
    rf"(?:(?P<d>{_N})\s*[日号]|(?P<part>上旬|中旬|下旬|初|底|末|中))?"
    rf"|(?P<yo>(?:19|20)[\d*]{{2}})\s*年(?!\s*{_N}\s*月)")
RANGE_SEP = r"\s*(?:至|到|—|–|-|~|～|－|——)\s*"
_DAY_ONLY = re.compile(rf"(?P<d>{_N})\s*[日号]")


@dataclass
class DateRef:
    """A date as printed and what is known of it."""

    text: str
    year: int | None
    year_hidden: bool
    month: int | None
    day: int | None
    part: str | None
    start: int
    end: int

    def iso(self, year: int | None, *, end_of_month: bool = False) -> str | None:
        """ISO form; ``year`` fills in a missing (not hidden) year."""
        if self.year_hidden:
            return None
        y = self.year or year
        if y is None:
            return None
        if self.month is None:
            return f"{y:04d}"
        if self.day:
            return f"{y:04d}-{self.month:02d}-{self.day:02d}"
        if end_of_month and self.part in ("底", "末"):
            last = calendar.monthrange(y, self.month)[1]
            return f"{y:04d}-{self.month:02d}-{last:02d}"
        return f"{y:04d}-{self.month:02d}"

    @property
    def needs_year(self) -> bool:
        return self.year is None and not self.year_hidden


def _valid(ref: DateRef) -> bool:
    return ((ref.month is None or 1 <= ref.month <= 12)
            and (ref.day is None or 1 <= ref.day <= 31))


def _from_match(m: re.Match) -> DateRef | None:
    raw_year = m.group("y") or m.group("yo")
    hidden = bool(raw_year and "*" in raw_year)
    year = None if hidden or not raw_year else cn_to_int(raw_year)
    month = cn_to_int(m.group("m")) if m.group("m") else None
    day = cn_to_int(m.group("d")) if m.group("d") else None
    ref = DateRef(m.group(0), year, hidden, month, day, m.group("part"), m.start(), m.end())
    return ref if _valid(ref) else None


def find_dates(text: str) -> list[DateRef]:
    out = []
    for m in DATE.finditer(text):
        ref = _from_match(m)
        if ref:
            out.append(ref)
    return out


def find_range(text: str) -> tuple[DateRef, DateRef | None] | None:
    """First date of ``text`` and, if a range follows, its end (missing year and
    month are inherited from the start: 2018年5月2日至5月15日, 8月2日—4日)."""
    for start in find_dates(text):
        rest = text[start.end:]
        sep = re.match(RANGE_SEP, rest)
        if not sep:
            return start, None
        after = rest[sep.end():]
        m = DATE.match(after)
        end = _from_match(m) if m else None
        if end is None:
            d = _DAY_ONLY.match(after)
            if d and start.month:
                day = cn_to_int(d.group("d"))
                end = DateRef(d.group(0), None, False, start.month, day, None, 0, 0)
        if end is not None:
            if end.year is None and not end.year_hidden:
                end.year, end.year_hidden = start.year, start.year_hidden
            shift = start.end + sep.end()
            end.start, end.end = end.start + shift, end.end + shift
        return start, end
    return None
