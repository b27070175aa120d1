"""The ledger export is streamed: write-only workbook, rows from an iterator read in batches,
a file response; its queries do not grow with the rows; dates stay dates; formulas stay text."""

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import FileResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.ledger import services
from fazhi.ledger.choices import EventKind
from fazhi.ledger.models import Problem, ProblemCategory, ProblemEvent, Rectification

pytestmark = pytest.mark.django_db


def _grow(tree, n):
    category = ProblemCategory.objects.first()
    have = Problem.objects.count()
    made = Problem.objects.bulk_create([
        Problem(number=f"S-{i:05d}", unit=[tree.hospital, tree.gaoping][i % 2], source="inspection", category=category,
                description=f"问题{i}", found_on=dt.date(2026, 9, 1)) for i in range(have, n)])
    Rectification.objects.bulk_create([Rectification(problem=p, measures="措施", responsible_person="某人",
                                                     deadline=dt.date(2026, 10, 9)) for p in made[::2]])
    ProblemEvent.objects.bulk_create([ProblemEvent(problem=p, kind=EventKind.PROGRESS, text="进展") for p in made[::3]])


def _export(client):
    cache.clear()  # each export reads the page frame's cached parts (calendar, session) alike
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("ledger:export"))
        content = b"".join(response.streaming_content)
    return response, content, len(ctx.captured_queries)


def test_export_queries_do_not_grow_with_rows(client, tree):
    client.force_login(tree.office)
    _grow(tree, 5)
    _r, content, few = _export(client)
    assert load_workbook(io.BytesIO(content)).active.max_row == 2 + 5
    _grow(tree, 120)
    _r, content, many = _export(client)
    assert load_workbook(io.BytesIO(content)).active.max_row == 2 + 120
    assert many == few, (few, many)


def test_export_is_a_streamed_file_with_dates_and_text_kept(client, tree, make_problem):
    problem = make_problem(description="=HYPERLINK(\"http://x\")", found_on=dt.date(2026, 9, 1), deadline=dt.date(2026, 9, 30))
    services.progress_add(actor=tree.liaison, problem=problem, text="+已整改一半")
    client.force_login(tree.office)
    response, content, _n = _export(client)
    assert isinstance(response, FileResponse) and response.streaming
    assert "attachment" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(content)).active
    assert ws.freeze_panes == "A3" and ws.page_setup.orientation == "landscape"
    assert any(str(r).startswith("A1:") for r in ws.merged_cells.ranges)
    header = [c.value for c in ws[2]]
    row = {h: c for h, c in zip(header, ws[3])}
    assert row["问题描述"].value == "=HYPERLINK(\"http://x\")" and row["问题描述"].data_type == "s"
    assert row["整改进展"].value == "+已整改一半" and row["整改进展"].data_type == "s"
    assert row["整改时限"].is_date and row["整改时限"].value.date() == dt.date(2026, 9, 30)
    assert row["整改时限"].number_format == 'yyyy"年"m"月"d"日"'
    assert row["发现日期"].value.date() == dt.date(2026, 9, 1)


def test_export_row_has_every_column_of_the_ledger(client, tree, make_problem):
    """The export reads plain values, not problems: each column still shows the problem's own value."""
    from django.utils import timezone

    from fazhi.campaigns.models import Campaign

    campaign = Campaign.objects.create(title="群众路线教育实践活动", issuer=tree.city, year=2026)
    problem = make_problem(description="收费不透明。", source="inspection", deadline=dt.date(2026, 9, 30))
    services.progress_add(actor=tree.liaison, problem=problem, text="已公示收费项目")
    services.progress_add(actor=tree.liaison, problem=problem, text="已设投诉电话")
    closed = timezone.make_aware(dt.datetime(2026, 10, 4, 0, 30))  # local day 4 October, UTC 3 October
    Problem.objects.filter(pk=problem.pk).update(campaign=campaign, closed_at=closed, status="closed",
                                                 responsibility="leader", cause="rules")
    client.force_login(tree.office)
    _r, content, _n = _export(client)
    ws = load_workbook(io.BytesIO(content)).active
    header = [c.value for c in ws[2]]
    row = {h: c.value for h, c in zip(header, ws[3])}
    problem.refresh_from_db()
    assert row["序号"] == 1 and row["问题描述"] == "收费不透明。" and row["问题编号"] == problem.number
    assert row["问题来源"] == problem.get_source_display() and row["完成情况"] == problem.get_status_display()
    assert row["责任单位"] == tree.hospital.name and row["责任人"] == "王院长" and row["整改措施"].startswith("开展服务礼仪培训")
    assert row["整改时限"] == dt.datetime(2026, 9, 30) and row["发现日期"] == dt.datetime(2026, 9, 1)
    assert row["整改进展"] == "已公示收费项目\n已设投诉电话"
    assert row["销号时间"] == dt.datetime(2026, 10, 4)
    assert row["问题类别"] == problem.category.label and row["所属活动"] == "群众路线教育实践活动"
    assert row["条目类型"] == problem.get_entry_type_display()
    assert row["管辖责任"] == problem.get_responsibility_display() and row["原因性质"] == problem.get_cause_display()
