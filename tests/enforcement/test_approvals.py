"""Approval items and cases counted in working days; compression, same-day and on-time rates."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from fazhi.enforcement import messages as m
from fazhi.enforcement import services
from fazhi.enforcement.excel import approval_cases_import, standards_import
from fazhi.enforcement.figures import approval_figures
from fazhi.enforcement.models import ApprovalCase, ApprovalItem, DiscretionStandard

pytestmark = pytest.mark.django_db


def test_promised_longer_than_statutory_is_refused(w):
    with pytest.raises(ValidationError) as e:
        services.approval_item_create(actor=w.office, unit=w.city, code="A1", name="医疗机构执业登记", statutory_days=20,
                                      promised_days=25)
    assert e.value.messages == [str(m.PROMISED_LONGER).format(promised=25, statutory=20)]
    assert not ApprovalItem.objects.exists()
    item = services.approval_item_create(actor=w.office, unit=w.city, code="A1", name="医疗机构执业登记",
                                         statutory_days=20, promised_days=5)
    with pytest.raises(ValidationError):
        services.approval_item_update(actor=w.office, item=item, promised_days=21)
    assert ApprovalItem.objects.get().promised_days == 5


def test_working_days_same_day_and_on_time(w):
    item = services.approval_item_create(actor=w.office, unit=w.city, code="A1", name="执业登记", statutory_days=20,
                                         promised_days=3)
    rec = lambda n, r, c: services.approval_case_record(actor=w.office, item=item, number=n, applicant="某诊所",  # noqa: E731
                                                         received_on=r, completed_on=c)
    same = rec("1", dt.date(2026, 6, 1), dt.date(2026, 6, 1))
    # Thu 28 May → Tue 2 June: 29 May, 1 June, 2 June = 3 working days (the weekend not counted).
    on_time = rec("2", dt.date(2026, 5, 28), dt.date(2026, 6, 2))
    late = rec("3", dt.date(2026, 5, 28), dt.date(2026, 6, 3))
    assert (same.same_day, same.on_time, same.working_days) == (True, True, 0)
    assert (on_time.same_day, on_time.on_time, on_time.working_days) == (False, True, 3)
    assert (late.on_time, late.working_days) == (False, 4)
    with pytest.raises(ValidationError) as e:
        rec("4", dt.date(2026, 6, 2), dt.date(2026, 6, 1))
    assert "不能早于受理日期" in e.value.messages[0]
    f = approval_figures(actor=w.office, year=2026)
    assert f["compression_ratio"] == pytest.approx(17 / 20)
    assert (f["completed"], f["same_day"], f["on_time"]) == (3, 1, 2)
    assert f["same_day_rate"] == pytest.approx(1 / 3) and f["on_time_rate"] == pytest.approx(2 / 3)
    assert f["by_item"][0]["cases"] == 3 and f["by_unit"][0]["name"] == "晋城市卫生计生委"
    assert approval_figures(actor=w.other_office, year=2026)["cases"] == 0


def xlsx(rows) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(["审批办件导入"])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def test_import_of_cases_all_or_nothing(w):
    services.approval_item_create(actor=w.office, unit=w.city, code="A1", name="执业登记", statutory_days=20, promised_days=3)
    header = ["事项编码", "受理编号", "申请人", "受理日期", "办结日期"]
    bad = xlsx([header, ["A1", "S-1", "某诊所", "2026年6月1日", "2026年6月1日"], ["B9", "S-2", "某药店", "2026-06-02", ""]])
    result = approval_cases_import(actor=w.office, unit=w.city, upload=bad)
    assert result.created == 0 and "第 4 行" in result.errors[1] and "B9" in result.errors[1]
    assert not ApprovalCase.objects.exists()
    good = xlsx([header, ["A1", "S-1", "某诊所", "2026年6月1日", "2026年6月1日"], ["A1", "S-2", "某药店", dt.date(2026, 6, 2), None]])
    result = approval_cases_import(actor=w.office, unit=w.city, upload=good)
    assert result.created == 2 and not result.errors
    assert ApprovalCase.objects.get(number="S-1").same_day is True


def test_import_of_discretion_standards(w):
    header = ["编号", "违法行为", "违法情节", "罚款下限", "罚款上限", "处罚依据"]
    upload = xlsx([header, ["YZ-01", "未取得执业许可擅自执业", "一般", 10000, 30000, "第九十九条"],
                   ["YZ-02", "未取得执业许可擅自执业", "严重", 50000, 30000, "第九十九条"]])
    result = standards_import(actor=w.office, unit=w.city, upload=upload)
    assert result.created == 0 and str(m.STANDARD_RANGE) in result.errors[1]
    assert not DiscretionStandard.objects.exists()
    upload = xlsx([header, ["YZ-01", "未取得执业许可擅自执业", "一般", 10000, 30000, "第九十九条"]])
    assert standards_import(actor=w.office, unit=w.city, upload=upload).created == 1
