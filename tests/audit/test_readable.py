"""The audit log reads as a person would: translated actions (with a space in English), the
names of related records and a link to the object, local time, changed fields as a list,
filters by action and date range, and an Excel export of what is filtered."""

import datetime as dt
import io
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from fazhi.audit.selectors import action_label
from fazhi.ledger import services as ledger
from fazhi.ledger.services import categories_ensure

pytestmark = pytest.mark.django_db

# 17:30 UTC on 1 September is 01:30 on 2 September in Shanghai: a UTC page would show the wrong day.
MOMENT = dt.datetime(2026, 9, 1, 17, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))


def test_action_names_are_translated_and_never_run_together():
    assert action_label("problem.verify") == "核验问题"
    assert action_label("completion_report.submit") == "提交办结报告"
    with translation.override("en"):
        english = action_label("completion_report.submit")
        assert english == "Submit completion report", english
        assert action_label("problem.verify").startswith("Verify ")


def test_log_shows_names_links_local_time_and_exports(client, tree):
    categories_ensure()
    office = tree.city_office.user
    with time_machine.travel(MOMENT, tick=False):
        problem = ledger.problem_create(actor=office, unit=tree.hospital, description="收费不透明。", category="看病贵",
                                        found_on=dt.date(2026, 9, 1))
    with time_machine.travel(MOMENT + dt.timedelta(days=3), tick=False):
        ledger.rectification_set(actor=office, problem=problem, measures="公示价格", responsible_person="王院长",
                                 deadline=dt.date(2026, 9, 30))
    client.force_login(office)
    response = client.get(reverse("audit:list"), {"action": "problem.create"})
    html = response.content.decode()
    rows = response.context["rows"]
    assert [r["entry"].action for r in rows] == ["problem.create"]
    assert "登记问题" in html or "新建问题" in html
    assert f'href="{reverse("ledger:detail", args=[problem.pk])}"' in html
    assert "2026年9月2日" in html and "01:30:00" in html  # local time, not UTC
    changes = {c.label: c.after for c in rows[0]["changes"]}
    assert changes["责任单位"] == str(tree.hospital) and "#" not in changes["责任单位"]
    # the date range keeps whole local days
    in_range = client.get(reverse("audit:list"), {"date_from": "2026-09-02", "date_to": "2026-09-02"}).context["rows"]
    assert [r["entry"].action for r in in_range] == ["problem.create"]
    assert client.get(reverse("audit:list"), {"date_from": "2026-09-01", "date_to": "2026-09-01"}).context["rows"] == []
    export = client.get(reverse("audit:list"), {"action": "problem.create", "export": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = [r for r in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)]
    assert sheet[1][:4] == ("序号", "时间", "操作人", "操作") and len(sheet) == 3
    assert sheet[2][1] == "2026-09-02 01:30:00" and str(tree.hospital) in sheet[2][7]
