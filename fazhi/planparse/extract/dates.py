"""Dates as plans print them: 2018年5月2日, 5月15日前, 7月中旬, 10月底, 201*年11月.

A year that is hidden (201*, 20XX, 20××, a blank "（ 年3月1日"), or missing
when the document states no year, is never guessed: the date is given as an ISO
truncated date ``--MM-DD`` / ``--MM`` and the caller adds a warning.  A bare
month takes the document's year when the document states one; 次年/明年 is the
year after it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from ..numerals import CN_NUM_CHARS, cn_to_int

_N = rf"(?:\d{{1,2}}|[{CN_NUM_CHARS}]{{1,3}})"
_HIDDEN_YEAR = r"(?:19|20)[\d*xX×Ｘ＊]{2}|[〇零一二三四五六七八九]{4}"
_RELATIVE = {"今年": 0, "本年": 0, "当年": 0, "次年": 1, "明年": 1, "翌年": 1, "来年": 1,
             "上年": -1, "去年": -1}
DATE = re.compile(
    rf"(?:(?P<y>{_HIDDEN_YEAR})\s*年\s*|(?P<rel>今年|本年|当年|次年|明年|翌年|来年|上年|去年)\s*"
    rf"|(?P<blank>(?<=[（(\-—–~～至到，,：:\s])\s*)年\s*)?"
    rf"(?:(?P<m>{_N})\s*月\s*(?:份)?)"
    rf"(?:(?P<d>{_N})\s*[日号]|(?P<part>上旬|中旬|下旬|初|底|末|中))?"
    rf"|(?P<yo>(?:19|20)[\d*xX×]{{2}})\s*年(?!\s*{_N}\s*月)")
RANGE_SEP = r"\s*(?:起?至|起?到|—|–|-|~|～|－|——)\s*"
_SEP = re.compile(RANGE_SEP)
_DAY_ONLY = re.compile(rf"(?P<d>{_N})\s*[日号]")
# First and last day of the parts of a month.
_PART_DAYS = {"上旬": (1, 10), "初": (1, 10), "中旬": (11, 20), "下旬": (21, None),
              "底": (21, None), "末": (21, None)}


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
    relative: int | None = None   # 次年 → +1 on the context year

    def _year(self, year: int | None) -> int | None:
        if self.year_hidden:
            return None
        if self.year is not None:
            return self.year
        if year is not None and self.relative is not None:
            return year + self.relative
        return year

    def iso(self, year: int | None, *, end_of_month: bool = False) -> str | None:
        """ISO form; ``year`` fills in a missing (not hidden) year.  Without a
        year the truncated form ``--MM-DD`` / ``--MM`` is returned."""
        return self.iso_end(year) if end_of_month else self.iso_start(year)

    def iso_start(self, year: int | None) -> str | None:
        """The first day the date can mean (上旬 → the 1st)."""
        day = self.day
        if day is None and self.part in ("上旬", "初", "中旬", "下旬"):
            day = _PART_DAYS[self.part][0]
        return self._format(self._year(year), day)

    def iso_end(self, year: int | None) -> str | None:
        """The last day the date can mean (10月底 → the 31st, 5月上旬 → the 10th)."""
        y = self._year(year)
        day = self.day
        if day is None and self.part in _PART_DAYS and self.month:
            last = _PART_DAYS[self.part][1]
            if last is None and y is not None:
                last = calendar.monthrange(y, self.month)[1]
            day = last
        return self._format(y, day)

    def _format(self, y: int | None, day: int | None) -> str | None:
        if self.month is None:
            return f"{y:04d}" if y is not None else None
        if y is None:
            return f"--{self.month:02d}-{day:02d}" if day else f"--{self.month:02d}"
        if day:
            return f"{y:04d}-{self.month:02d}-{day:02d}"
        return f"{y:04d}-{self.month:02d}"

    @property
    def needs_year(self) -> bool:
        return self.year is None and not self.year_hidden


def _valid(ref: DateRef) -> bool:
    return ((ref.month is None or 1 <= ref.month <= 12)
            and (ref.day is None or 1 <= ref.day <= 31))


def _from_match(m: re.Match) -> DateRef | None:
    raw_year = m.group("y") or m.group("yo")
    hidden = bool(raw_year and not raw_year.isdigit() and cn_to_int(raw_year) is None) \
        or m.group("blank") is not None
    year = None if hidden or not raw_year else cn_to_int(raw_year)
    month = cn_to_int(m.group("m")) if m.group("m") else None
    day = cn_to_int(m.group("d")) if m.group("d") else None
    relative = _RELATIVE.get(m.group("rel") or "")
    ref = DateRef(m.group(0), year, hidden, month, day, m.group("part"), m.start(), m.end(), relative)
    if ref.month is None and ref.year is None:
        return None
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
        return start, range_end(text, start)
    return None


def range_end(text: str, start: DateRef) -> DateRef | None:
    """The end of a range that starts with ``start`` in ``text``, if any."""
    sep = _SEP.match(text, start.end)
    if not sep:
        return None
    # The end may have a blank year ("（ 年3月1日- 年3月31日）"): match in place.
    m = DATE.match(text, sep.end()) or DATE.match(text, sep.end() - 1) if sep.end() > sep.start() else None
    end = _from_match(m) if m else None
    if end is None:
        d = _DAY_ONLY.match(text, sep.end())
        if d and start.month:
            day = cn_to_int(d.group("d"))
            end = DateRef(d.group(0), None, False, start.month, day, None, d.start(), d.end())
    if end is not None and end.year is None and not end.year_hidden and end.relative is None:
        end.year, end.year_hidden, end.relative = start.year, start.year_hidden, start.relative
    return end
