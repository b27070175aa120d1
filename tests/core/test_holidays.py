import datetime as dt

import chinese_calendar

from fazhi.core.choices import DayKind
from fazhi.core.holidays import NO_DAYS, NO_YEAR, YEAR_MISMATCH, parse_notice
from tests.core.notices import NOTICE_2026, NOTICE_2027


def test_the_2026_notice_gives_exactly_the_bundled_2026_calendar():
    parsed = parse_notice(NOTICE_2026)
    assert parsed.ok and parsed.year == 2026 and parsed.errors == [] and parsed.warnings == []
    assert parsed.holidays == sorted(d for d in chinese_calendar.holidays if d.year == 2026)
    assert parsed.workdays == sorted(d for d in chinese_calendar.workdays if d.year == 2026)
    names = {d.date: d.name for d in parsed.days}
    assert names[dt.date(2026, 2, 15)] == "春节" and names[dt.date(2026, 9, 20)] == "国庆节调休上班"


def test_2027_notice_with_single_days_and_make_up_days():
    parsed = parse_notice(NOTICE_2027)
    assert parsed.ok, parsed.errors
    assert len(parsed.holidays) == 3 + 9 + 3 + 5 + 1 + 1 + 7
    assert parsed.workdays == [dt.date(2027, 2, 14), dt.date(2027, 2, 20), dt.date(2027, 4, 25), dt.date(2027, 5, 8),
                               dt.date(2027, 9, 26), dt.date(2027, 10, 9)]
    assert dt.date(2027, 6, 9) in parsed.holidays


def test_ranges_across_months_and_years_and_single_day():
    text = ("一、元旦：1月1日（周三）放假1天，不调休。\n"
            "二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。")
    parsed = parse_notice(text, year=2025)
    assert parsed.ok
    assert parsed.holidays[0] == dt.date(2025, 1, 1) and parsed.holidays[-1] == dt.date(2025, 2, 4)
    assert len(parsed.holidays) == 9 and parsed.workdays == [dt.date(2025, 1, 26), dt.date(2025, 2, 8)]
    old = parse_notice("国务院办公厅关于2018年部分节假日安排的通知\n一、元旦：2017年12月30日至2018年1月1日放假调休，共3天。")
    assert old.holidays == [dt.date(2017, 12, 30), dt.date(2017, 12, 31), dt.date(2018, 1, 1)]


def test_full_width_digits_and_weekday_written_as_xingqi():
    parsed = parse_notice("一、元旦：１月１日（星期五）至３日（星期日）放假，共３天。", year=2027)
    assert parsed.ok and parsed.holidays == [dt.date(2027, 1, d) for d in (1, 2, 3)]


def test_a_wrong_year_is_caught_by_the_printed_weekdays():
    parsed = parse_notice(NOTICE_2026.replace("2026年部分", "2027年部分"))
    assert not parsed.ok
    assert parsed.errors[0] == "2027年1月1日在通知中标注为周四，但该日实为周五。请核对年份和日期。"


def test_year_problems():
    assert parse_notice("一、元旦：1月1日放假。").errors == [str(NO_YEAR)]
    assert str(YEAR_MISMATCH).format(given=2028, title=2027) in parse_notice(NOTICE_2027, year=2028).errors
    assert parse_notice("随便一段文字", year=2027).errors == [str(NO_DAYS)]


def test_a_make_up_day_on_a_weekday_is_flagged():
    parsed = parse_notice("一、元旦：1月1日（周五）至3日（周日）放假，共3天。1月6日（周三）上班。", year=2027)
    assert parsed.warnings and "本来就是工作日" in parsed.warnings[0]
    assert [d.kind for d in parsed.days if d.date == dt.date(2027, 1, 6)] == [DayKind.WORKDAY]
