"""The ledger sorted as seed 004 keeps it: by 管辖责任 and 原因性质, filtered, grouped, exported."""

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from fazhi.ledger.choices import Cause, EntryType, ProblemStatus, Responsibility
from fazhi.ledger.models import Problem, ProblemCategory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sorted_ledger(tree, make_problem):
    make_problem(description="班子：会议多文件多。", responsibility=Responsibility.COLLECTIVE, cause=Cause.IDEAS)
    make_problem(description="班子：公务接待无制度。", responsibility=Responsibility.COLLECTIVE, cause=Cause.RULES,
                 entry_type=EntryType.SYSTEM)
    make_problem(description="个人：服务态度生硬。", responsibility=Responsibility.INDIVIDUAL, cause=Cause.CONDUCT, deadline=None)
    make_problem(description="未分类：候诊区座椅不足。", cause=Cause.CONDITIONS, deadline=None)


def test_list_filters_by_responsibility_cause_and_entry_type(client, tree, sorted_ledger):
    client.force_login(tree.office)
    page = client.get(reverse("ledger:list") + "?responsibility=collective").content.decode()
    assert "会议多文件多" in page and "公务接待无制度" in page and "服务态度生硬" not in page
    page = client.get(reverse("ledger:list") + "?responsibility=collective&cause=rules").content.decode()
    assert "公务接待无制度" in page and "会议多文件多" not in page
    page = client.get(reverse("ledger:list") + "?responsibility=none").content.decode()
    assert "候诊区座椅不足" in page and "会议多文件多" not in page
    page = client.get(reverse("ledger:list") + "?entry_type=system").content.decode()
    assert "公务接待无制度" in page and "服务态度生硬" not in page
    assert 'name="responsibility"' in page and 'name="cause"' in page and 'name="entry_type"' in page


def test_grouped_page_counts_per_responsibility_status_and_cause(client, tree, sorted_ledger):
    client.force_login(tree.office)
    response = client.get(reverse("ledger:summary"))
    assert response.status_code == 200
    from fazhi.ledger.selectors import ledger_groups, problem_list

    groups = ledger_groups(problem_list(actor=tree.office))
    by_resp = {r.value: r for r in groups["responsibility"]}
    assert by_resp["collective"].counts[ProblemStatus.RECTIFYING] == 2 and by_resp["collective"].total == 2
    assert by_resp["individual"].counts[ProblemStatus.OPEN] == 1 and by_resp["none"].total == 1
    assert by_resp["leader"].total == 0 and groups["total"] == 4
    by_cause = {r.value: r.total for r in groups["cause"]}
    assert by_cause == {"ideas": 1, "rules": 1, "execution": 0, "conduct": 1, "capacity": 0, "conditions": 1, "other": 0}
    page = response.content.decode()
    assert "管辖责任 × 状态" in page and "原因性质 × 状态" in page
    assert "responsibility=collective&amp;status=rectifying" in page
    # filtered like the list
    narrowed = ledger_groups(problem_list(actor=tree.office, filters={"cause": "rules"}))
    assert narrowed["total"] == 1
    assert "data-group=\"collective\"" in client.get(reverse("ledger:summary") + "?cause=rules").content.decode()
    # the liaison of another county sees none of them
    client.force_login(tree.liaison_gp)
    assert ">4<" not in client.get(reverse("ledger:summary")).content.decode()


def test_grouped_page_costs_the_same_queries_for_few_and_many(client, tree, sorted_ledger):
    client.force_login(tree.office)

    def count():
        cache.clear()  # each request reads the page frame's cached parts (calendar, unread count) alike
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("ledger:summary") + "?unit=%d" % tree.zezhou.pk).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    category = ProblemCategory.objects.first()
    Problem.objects.bulk_create([Problem(number=f"G-{i}", unit=tree.hospital, category=category, description=f"问题{i}",
                                         found_on=dt.date(2026, 9, 1), source="inspection",
                                         responsibility=Responsibility.values[i % 4], cause=Cause.values[i % 7])
                                 for i in range(200)])
    assert count() == small


def test_api_summary_and_filters(tree, sorted_ledger):
    api = APIClient()
    api.force_authenticate(tree.office)
    body = api.get("/api/problems/summary/?cause=ideas").json()
    assert body["total"] == 1
    assert {r["value"]: r["total"] for r in body["responsibility"]}["collective"] == 1
    assert api.get("/api/problems/?responsibility=individual").json()["count"] == 1


def test_export_carries_both_columns(client, tree, sorted_ledger):
    client.force_login(tree.office)
    response = client.get(reverse("ledger:export") + "?responsibility=collective")
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[1])
    resp, cause = header.index("管辖责任"), header.index("原因性质")
    assert sorted((r[resp], r[cause]) for r in rows[2:]) == [("领导班子", "制度不健全"), ("领导班子", "思想认识不到位")]
