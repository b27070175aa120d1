"""The leaders' dashboard: who may open it, its figures equal to the annual report's (one source
per figure), drill-down links to the filtered lists, the year-on-year comparison, the print
layout, the cached roll-ups and their invalidation, and a page cost that does not grow with rows."""

import datetime as dt
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import timezone

from fazhi.campaigns.choices import AssignmentStatus
from fazhi.ledger import services as ledger
from fazhi.ledger.models import Problem
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Unit
from fazhi.core import rollups
from fazhi.org.scoping import scope_key
from fazhi.reports import figures
from fazhi.reports.dashboard import compute, dashboard
from tests.factories import AssignmentFactory, CampaignFactory, TaskFactory, person_with_role

pytestmark = pytest.mark.django_db



@pytest.fixture
def w():
    city = Unit.objects.create(name="某市卫生健康委员会", kind=UnitKind.ADMIN_DEPT)
    a = Unit.objects.create(name="甲县卫生健康局", kind=UnitKind.ADMIN_DEPT, parent=city, order=1)
    b = Unit.objects.create(name="乙县卫生健康局", kind=UnitKind.ADMIN_DEPT, parent=city, order=2)
    hospital = Unit.objects.create(name="乙县人民医院", kind=UnitKind.INSTITUTION, parent=b)
    other = Unit.objects.create(name="外市卫生健康委员会", kind=UnitKind.ADMIN_DEPT)
    w = dict(city=city, a=a, b=b, hospital=hospital, other=other,
             office=person_with_role(Role.OFFICE, city, "office").user,
             leader=person_with_role(Role.LEADER, city, "leader").user,
             liaison=person_with_role(Role.LIAISON, a, "liaison").user,
             outsider=person_with_role(Role.LEADER, other, "outsider").user)
    campaign = CampaignFactory(issuer=city, title="法治建设规范年")
    done_at = timezone.make_aware(dt.datetime(2026, 3, 1, 9))
    # 甲县: 2 done in time; 乙县: 1 done, 1 overdue; 乙县人民医院: 2 not started, 1 overdue; one of last year.
    for unit, due, status, completed in [(a, dt.date(2026, 3, 31), AssignmentStatus.DONE, done_at),
                                         (a, dt.date(2026, 4, 30), AssignmentStatus.DONE, done_at),
                                         (b, dt.date(2026, 2, 1), AssignmentStatus.DONE, done_at),
                                         (b, dt.date(2026, 5, 1), AssignmentStatus.IN_PROGRESS, None),
                                         (hospital, dt.date(2026, 6, 1), AssignmentStatus.NOT_STARTED, None),
                                         (hospital, dt.date(2026, 12, 30), AssignmentStatus.NOT_STARTED, None),
                                         (a, dt.date(2025, 6, 1), AssignmentStatus.DONE, done_at)]:
        assignment = AssignmentFactory(task=TaskFactory(campaign=campaign), unit=unit, due_date=due, status=status)
        if completed:
            assignment.completed_at = completed
            assignment.save(update_fields=["completed_at"])
    ledger.categories_ensure()
    for unit, found in [(a, dt.date(2026, 5, 6)), (b, dt.date(2026, 7, 8)), (hospital, dt.date(2025, 12, 1))]:
        ledger.problem_create(actor=w["office"], unit=unit, description=f"{unit.name}制度不健全", found_on=found)
    Problem.objects.filter(unit=a).update(status="closed")
    w["campaign"] = campaign
    return w


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_leaders_and_the_office_open_it_from_the_menu_others_are_told_why_not(w):
    page = _client(w["leader"]).get("/reports/dashboard/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'href="/reports/dashboard/"' in html and "领导看板" in html
    assert _client(w["office"]).get("/reports/dashboard/").status_code == 200
    refused = _client(w["liaison"]).get("/reports/dashboard/")
    assert refused.status_code == 403 and 'href="/reports/dashboard/"' not in _client(w["liaison"]).get("/").content.decode()
    assert Client().get("/reports/dashboard/").status_code == 302


def test_another_city_cannot_be_asked_for_it_falls_back_to_ones_own(w):
    html = _client(w["outsider"]).get(f"/reports/dashboard/?unit={w['city'].pk}").content.decode()
    assert "外市卫生健康委员会（含下级单位）" in html and "某市卫生健康委员会" not in html


def test_every_figure_is_the_annual_reports_figure(w):
    data = compute(actor=w["leader"], issuer=w["city"], year=2026)
    report = figures.report_figures(actor=w["leader"], issuer=w["city"], year=2026)
    assert [(f["key"], f["display"]) for f in data["figures"]] == [(k, f.display) for k, f in report.items()]
    shown = {f["key"]: f for f in data["figures"]}
    assert shown["assignments"]["display"] == "6" and shown["problems"]["display"] == "2"
    assert shown["problems_closed_rate"]["display"] == "50.00%"


def test_year_on_year_sets_last_year_beside_this_year(w):
    data = compute(actor=w["leader"], issuer=w["city"], year=2026)
    shown = {f["key"]: f for f in data["figures"]}
    assert (shown["assignments"]["value"], shown["assignments"]["last_value"], shown["assignments"]["change"]) == (6, 1, 5)
    assert (shown["problems"]["value"], shown["problems"]["last_value"]) == (2, 1)
    yoy = data["charts"]["year_on_year"]
    i = yoy["categories"].index("分解落实的任务")
    assert [s["data"][i] for s in yoy["series"]] == [6, 1]
    html = _client(w["leader"]).get("/reports/dashboard/").content.decode()
    assert "同比：2026年与2025年" in html


def test_progress_by_county_and_kind_and_overdue_work(w):
    charts = compute(actor=w["leader"], issuer=w["city"], year=2026, day=dt.date(2026, 12, 2))["charts"]
    county = charts["progress_county"]
    assert county["categories"] == ["甲县卫生健康局", "乙县卫生健康局"]
    done, open_, overdue = (s["data"] for s in county["series"])
    assert done == [2, 1] and overdue == [0, 2] and open_ == [0, 1]
    kind = charts["progress_kind"]
    assert kind["categories"] == ["行政部门", "机构"] and kind["series"][0]["data"] == [3, 0]
    assert sum(charts["assignment_colours"]["series"][0]["data"]) == 6


def test_each_chart_drills_down_to_its_rows_on_a_list_page(w):
    charts = compute(actor=w["leader"], issuer=w["city"], year=2026)["charts"]
    county = charts["progress_county"]["urls"][0]
    assert resolve(urlparse(county).path).url_name == "assignments"
    assert parse_qs(urlparse(county).query)["unit"] == [str(w["a"].pk)]
    ledger_urls = charts["ledger_status"]["urls"]
    assert any(parse_qs(urlparse(u).query).get("status") == ["closed"] for u in ledger_urls)
    assert parse_qs(urlparse(ledger_urls[-1]).query)["overdue"] == ["on"]
    for key, chart in charts.items():
        assert len(chart["urls"]) == len(chart["categories"]), key
        for url in chart["urls"]:
            assert resolve(urlparse(url).path), (key, url)
    # The filtered list holds exactly the rows the bar counts.
    listing = _client(w["leader"]).get(county).content.decode()
    assert listing.count("甲县卫生健康局") >= 2
    html = _client(w["leader"]).get("/reports/dashboard/").content.decode()
    assert f'href="{county.replace("&", "&amp;")}"' in html


def test_print_layout_and_charts_from_static_files(w):
    html = _client(w["leader"]).get("/reports/dashboard/").content.decode()
    assert re.search(r'id="print-dashboard"[^>]*data-print', html) and "reports/dashboard.css" in html
    assert "core/behaviour.js" in html  # data-print: the one print handler
    assert "vendor/echarts/echarts.min.js" in html and "reports/dashboard.js" in html
    assert '<script id="dashboard-data" type="application/json">' in html
    assert "onclick" not in html and "<script>" not in html  # CSP: no inline script


def test_the_roll_up_is_cached_until_a_write_changes_what_it_counts(w):
    leader = w["leader"]
    first = dashboard(actor=leader, issuer=w["city"], year=2026)
    with CaptureQueriesContext(connection) as queries:
        again = dashboard(actor=leader, issuer=w["city"], year=2026)
    assert again == first and len(queries) == 0  # from the cache, no query at all
    # A service write (a new problem) bumps the version: the next read recomputes.
    ledger.problem_create(actor=w["office"], unit=w["b"], description="新问题", found_on=dt.date(2026, 11, 1))
    after = {f["key"]: f for f in dashboard(actor=leader, issuer=w["city"], year=2026)["figures"]}
    assert after["problems"]["value"] == 3
    # A plain save of a watched app's row too.
    cached = dashboard(actor=leader, issuer=w["city"], year=2026)
    problem = Problem.objects.filter(status="open").first()
    problem.status = "closed"
    problem.save(update_fields=["status"])
    assert {f["key"]: f for f in dashboard(actor=leader, issuer=w["city"], year=2026)["figures"]}[
        "problems_closed"]["value"] == {f["key"]: f for f in cached["figures"]}["problems_closed"]["value"] + 1


def test_the_cache_is_keyed_by_who_looks_and_the_language(w):
    from django.utils import translation

    dashboard(actor=w["leader"], issuer=w["city"], year=2026)
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        en = dashboard(actor=w["leader"], issuer=w["city"], year=2026)
    assert len(queries) > 0 and en["charts"]["progress_county"]["title"] == "Progress of tasks by county (unit)"
    assert scope_key(w["leader"]) != scope_key(w["office"]) != scope_key(w["outsider"])


def test_version_bump_survives_an_evicted_counter():
    cache.delete(rollups.VERSION_KEY)
    before = rollups.version()
    cache.delete(rollups.VERSION_KEY)
    rollups.bump()
    assert rollups.version() >= before


def test_an_evicted_version_never_comes_back_to_one_still_cached(clock):
    """The cache throws entries away when full, the version among them: the roll-ups kept under
    the versions counted so far must not be served again under a version started afresh (from
    the clock, which has moved on by then: it stands still in tests unless moved)."""
    import datetime as dt

    cache.delete(rollups.VERSION_KEY)
    first = rollups.version()
    for _ in range(3):
        rollups.bump()
    assert rollups.cached(("evicted",), lambda: "counted before") == "counted before"
    used = rollups.version()
    cache.delete(rollups.VERSION_KEY)
    clock.shift(dt.timedelta(seconds=1))
    assert rollups.version() > used >= first + 3
    assert rollups.cached(("evicted",), lambda: "counted again") == "counted again"


def test_writes_in_bulk_bump_the_version_once_yet_no_read_is_stale(w, monkeypatch):
    """`one_bump()` (the demo's loading): one bump per read that follows writes, and one at the end."""
    bumps = []
    real = rollups.bump
    first = {f["key"]: f for f in dashboard(actor=w["leader"], issuer=w["city"], year=2026)["figures"]}
    monkeypatch.setattr(rollups, "bump", lambda: (bumps.append(1), real()))
    with rollups.one_bump():
        for day in (1, 2, 3):
            ledger.problem_create(actor=w["office"], unit=w["b"], description="新问题", found_on=dt.date(2026, 11, day))
        assert bumps == []  # three problems and their audit rows: no bump yet
        during = {f["key"]: f for f in dashboard(actor=w["leader"], issuer=w["city"], year=2026)["figures"]}
        assert len(bumps) == 1  # the read saw the writes: recomputed, not the cached figures
        assert during["problems"]["value"] == first["problems"]["value"] + 3
        ledger.problem_create(actor=w["office"], unit=w["b"], description="新问题", found_on=dt.date(2026, 11, 4))
        assert len(bumps) == 1
    assert len(bumps) == 2  # the write after the read: bumped at the end
    after = {f["key"]: f for f in dashboard(actor=w["leader"], issuer=w["city"], year=2026)["figures"]}
    assert after["problems"]["value"] == during["problems"]["value"] + 1


def _page_queries(client) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/reports/dashboard/").status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_whatever_the_number_of_rows(w):
    client = _client(w["leader"])
    few = _page_queries(client)
    for unit in (w["a"], w["b"], w["hospital"]) * 3:
        AssignmentFactory(task=TaskFactory(campaign=w["campaign"]), unit=unit, due_date=dt.date(2026, 8, 1),
                          status=AssignmentStatus.DONE)
        ledger.problem_create(actor=w["office"], unit=unit, description="又一个问题", found_on=dt.date(2026, 9, 1))
    assert _page_queries(client) == few


def test_the_rollup_version_is_shared_by_the_server_processes(tmp_path):
    """Two processes of the server (gunicorn workers) with the product's own settings: a write in
    one bumps the version the other reads, so no worker serves a roll-up made stale elsewhere."""
    import os
    import subprocess
    import sys

    code = ("import django; django.setup(); from fazhi.core import rollups; "
            "rollups.bump(); print(rollups.version())")
    env = {**os.environ, "FAZHI_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "fazhi.settings",
           "FAZHI_SECRET_KEY": "test-only-secret-key-" + "x" * 40}
    env.pop("DATABASE_URL", None)

    def one_process() -> int:
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return int(done.stdout.strip().splitlines()[-1])

    first = one_process()
    assert one_process() == first + 1
