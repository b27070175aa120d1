"""Reading the State Council's holiday notice (国务院办公厅关于X年部分节假日安排的通知) as pasted text.

The notice has kept one shape for years: numbered items "一、元旦：1月1日（周四）至3日（周六）
放假调休，共3天。1月4日（周日）上班。"; a range may cross months ("1月28日至2月4日") and,
in older notices, years ("2017年12月30日至2018年1月1日"). The weekday each date is printed
with is checked against the calendar: a mismatch almost always means a wrong year.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import DayKind

NO_YEAR = gettext_lazy("无法确定年份：通知标题中没有“X年部分节假日安排”，请填写年份。")
YEAR_MISMATCH = gettext_lazy("填写的年份 {given} 与通知标题中的年份 {title} 不一致。")
NO_DAYS = gettext_lazy("没有识别出任何放假或上班日期。请粘贴通知正文，其中各项形如“一、元旦：1月1日至3日放假调休，共3天。”")
BAD_DATE = gettext_lazy("“{text}”不是有效日期。")
WEEKDAY_MISMATCH = gettext_lazy("{date}在通知中标注为{printed}，但该日实为{actual}。请核对年份和日期。")
BOTH_KINDS = gettext_lazy("{date}既被列为放假又被列为上班。")
WORKDAY_ON_WEEKDAY = gettext_lazy("{date}（{weekday}）列为调休上班，但它本来就是工作日。")
COUNT_MISMATCH = gettext_lazy("“{name}”写明共 {stated} 天，识别出 {found} 天。")

WEEKDAYS = "一二三四五六日"
ITEM = re.compile(r"(?:^|(?<=[\s。；;]))([一二三四五六七八九十]{1,3})[、.]\s*([^：:\n。]{1,20}?)\s*[：:]")
SENTENCE = re.compile(r"[。；;\n]")
DATE = r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:\(([^)]*)\))?"
RANGE = re.compile(DATE + r"\s*(?:至|到|[-—–~～])\s*" + DATE)
SINGLE = re.compile(DATE)
TITLE_YEAR = re.compile(r"(\d{4})\s*年\s*(?:部分)?(?:节假日|放假)安排")
STATED_DAYS = re.compile(r"共\s*(\d{1,2})\s*天")
PRINTED_WEEKDAY = re.compile(r"(?:周|星期)([一二三四五六日天])")


@dataclass(frozen=True)
class NoticeDay:
    date: dt.date
    kind: str  # DayKind
    name: str


@dataclass
class ParsedNotice:
    year: int | None = None
    days: list[NoticeDay] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.days)

    @property
    def holidays(self) -> list[dt.date]:
        return [d.date for d in self.days if d.kind == DayKind.HOLIDAY]

    @property
    def workdays(self) -> list[dt.date]:
        return [d.date for d in self.days if d.kind == DayKind.WORKDAY]


def _label(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class _Reader:
    def __init__(self, year: int, result: ParsedNotice):
        self.year, self.result = year, result

    def date(self, y, m, d, printed, *, default_month=None, after: dt.date | None = None) -> dt.date | None:
        month = int(m) if m else default_month
        year = int(y) if y else (after.year if after else self.year)
        if month is None:
            return None
        if after is not None and not y and month < after.month:
            year += 1  # "12月31日至1月2日": the end lies in the next year
        try:
            day = dt.date(year, month, int(d))
        except ValueError:
            self.result.errors.append(str(BAD_DATE).format(text=f"{year}年{month}月{d}日"))
            return None
        wd = PRINTED_WEEKDAY.search(printed or "")
        if wd:
            printed_index = WEEKDAYS.index("日" if wd.group(1) == "天" else wd.group(1))
            if printed_index != day.weekday():
                self.result.errors.append(str(WEEKDAY_MISMATCH).format(
                    date=_label(day), printed=_("周{d}").format(d=WEEKDAYS[printed_index]),
                    actual=_("周{d}").format(d=WEEKDAYS[day.weekday()])))
        return day

    def holiday_sentence(self, text: str) -> list[dt.date]:
        head = text[: text.index("放假")]
        m = RANGE.search(head)
        if m:
            start = self.date(*m.groups()[:4])
            if start is None:
                return []
            end = self.date(*m.groups()[4:], default_month=start.month, after=start)
            if end is None or end < start:
                return [start]
            return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
        days = [self.date(*g) for g in SINGLE.findall(head)]
        return [d for d in days if d]

    def workday_sentence(self, text: str) -> list[dt.date]:
        days, month = [], None
        for g in SINGLE.findall(text[: text.rindex("上班")]):
            day = self.date(*g, default_month=month)
            if day:
                days.append(day)
                month = day.month
        return days


def _items(text: str) -> list[tuple[str, str]]:
    matches = list(ITEM.finditer(text))
    return [(m.group(2).strip(), text[m.end(): matches[i + 1].start() if i + 1 < len(matches) else len(text)])
            for i, m in enumerate(matches)]


def parse_notice(text: str, year: int | None = None) -> ParsedNotice:
    """The holidays and make-up working days of a pasted notice; problems in `errors`."""
    result = ParsedNotice()
    text = unicodedata.normalize("NFKC", text or "")  # full-width digits and brackets to ASCII
    title = TITLE_YEAR.search(text)
    title_year = int(title.group(1)) if title else None
    if year and title_year and year != title_year:
        result.errors.append(str(YEAR_MISMATCH).format(given=year, title=title_year))
    result.year = title_year or year
    if result.year is None:
        result.errors.append(str(NO_YEAR))
        return result
    reader = _Reader(result.year, result)
    kinds: dict[dt.date, NoticeDay] = {}
    for name, body in _items(text):
        holidays: list[dt.date] = []
        for sentence in SENTENCE.split(body):
            if "放假" in sentence:
                holidays += reader.holiday_sentence(sentence)
                stated = STATED_DAYS.search(sentence)
                if stated and holidays and int(stated.group(1)) != len(set(holidays)):
                    result.warnings.append(str(COUNT_MISMATCH).format(name=name, stated=stated.group(1), found=len(set(holidays))))
            elif "上班" in sentence:
                for day in reader.workday_sentence(sentence):
                    if day.weekday() < 5:
                        result.warnings.append(str(WORKDAY_ON_WEEKDAY).format(date=_label(day), weekday=_("周{d}").format(d=WEEKDAYS[day.weekday()])))
                    _put(kinds, NoticeDay(day, DayKind.WORKDAY, _("{name}调休上班").format(name=name)), result)
        for day in holidays:
            _put(kinds, NoticeDay(day, DayKind.HOLIDAY, name), result)
    result.days = sorted(kinds.values(), key=lambda d: d.date)
    if not result.days and not result.errors:
        result.errors.append(str(NO_DAYS))
    return result


def _put(kinds: dict, day: NoticeDay, result: ParsedNotice) -> None:
    other = kinds.get(day.date)
    if other is not None and other.kind != day.kind:
        result.errors.append(str(BOTH_KINDS).format(date=_label(day.date)))
        return
    kinds.setdefault(day.date, day)
