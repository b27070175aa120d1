"""Indicator pages and API, at a fixed day (2026-06-15): create, read, edit, withdraw; scope and
query counts."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from fazhi.audit.models import AuditEntry
from fazhi.indicators import messages as m
from fazhi.indicators import services
from fazhi.indicators.models import Indicator
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Unit
from tests.factories import UnitFactory, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        yield


@pytest.fixture
def world():
    city = Unit.objects.create(name="市卫健委", kind=UnitKind.ADMIN_DEPT)
    county = Unit.objects.create(name="甲县卫健局", kind=UnitKind.ADMIN_DEPT, parent=city)
    other = Unit.objects.create(name="外市卫健委", kind=UnitKind.ADMIN_DEPT)
    users = {"office": person_with_role(Role.OFFICE, city, "office").user,
             "liaison": person_with_role(Role.LIAISON, county, "liaison").user,
             "outsider": person_with_role(Role.OFFICE, other, "outsider").user}
    clients = {}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    ind = services.indicator_create(actor=users["office"], unit=city, title="问题整改销号率不低于80%",
                                    measure="ledger.problems_closed", threshold="0.8", applies_to=[UnitKind.ADMIN_DEPT])
    return dict(city=city, county=county, other=other, users=users, c=clients, ind=ind)


def test_office_creates_an_indicator_through_the_page(world):
    resp = world["c"]["office"].post("/indicators/new/", {
        "title": "每年至少1次考评", "unit": world["city"].pk, "measure": "assessment.inspections_held", "op": ">=",
        "threshold": "1", "period": "year", "applies_to": [UnitKind.ADMIN_DEPT]})
    assert resp.status_code == 302
    created = Indicator.objects.get(title="每年至少1次考评")
    assert resp["Location"] == f"/indicators/{created.pk}/"
    assert created.applies_to == [UnitKind.ADMIN_DEPT] and created.created_by == world["users"]["office"]


def test_bad_threshold_is_refused_in_chinese_and_nothing_is_written(world):
    before = Indicator.objects.count()
    resp = world["c"]["office"].post("/indicators/new/", {
        "title": "比例", "unit": world["city"].pk, "measure": "ledger.problems_closed", "op": ">=",
        "threshold": "80", "period": "year"})
    assert resp.status_code == 200
    assert str(m.RATIO_THRESHOLD) in resp.content.decode()
    assert Indicator.objects.count() == before


def test_a_liaison_may_read_but_not_create(world):
    assert world["c"]["liaison"].get(f"/indicators/{world['ind'].pk}/").status_code == 200
    resp = world["c"]["liaison"].get("/indicators/new/")
    assert resp.status_code == 403
    assert "只有领导小组办公室可以设置指标" in resp.content.decode()


def test_out_of_scope_and_missing_answer_the_same(world):
    missing = world["c"]["outsider"].get("/indicators/999999/")
    hidden = world["c"]["outsider"].get(f"/indicators/{world['ind'].pk}/")
    assert missing.status_code == hidden.status_code == 404
    api_missing = world["c"]["outsider"].get("/api/indicators/999999/")
    api_hidden = world["c"]["outsider"].get(f"/api/indicators/{world['ind'].pk}/")
    assert api_missing.status_code == api_hidden.status_code == 404
    assert api_missing.json() == api_hidden.json()


def test_detail_page_shows_figures_and_costs_fixed_queries(world):
    client = world["c"]["office"]

    def count():
        # Each count from an empty cache: the rows added between the two counts (units, tasks) make some
        # cached roll-ups stale, not others (fazhi.core.rollups), which would be counted once only.
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            resp = client.get(f"/indicators/{world['ind'].pk}/")
        assert resp.status_code == 200
        return len(ctx), resp.content.decode()

    few, html = count()
    assert "甲县卫健局" in html and "indicator-chart" in html
    for i in range(20):
        UnitFactory(parent=world["city"], kind=UnitKind.ADMIN_DEPT, name=f"第{i}县卫健局")
    many, html = count()
    assert "第19县卫健局" in html
    assert many == few


def test_edit_and_withdraw_through_the_page(world):
    client = world["c"]["office"]
    pk = world["ind"].pk
    resp = client.post(f"/indicators/{pk}/edit/", {"title": "销号率不低于85%", "measure": "ledger.problems_closed",
                                                   "op": ">=", "threshold": "0.85", "period": "year",
                                                   "applies_to": [UnitKind.ADMIN_DEPT]})
    assert resp.status_code == 302
    assert str(Indicator.objects.get(pk=pk).threshold) == "0.8500"
    assert world["c"]["liaison"].post(f"/indicators/{pk}/withdraw/", {"reason": "x"}).status_code == 403
    client.post(f"/indicators/{pk}/withdraw/", {"reason": "方案修订，改由年度考核"})
    saved = Indicator.objects.get(pk=pk)
    assert not saved.is_active and saved.withdrawn_reason == "方案修订，改由年度考核"
    assert AuditEntry.objects.filter(action="indicator.withdraw", object_id=str(pk)).count() == 1


def test_api_lists_each_with_colour_value_threshold_and_period(world):
    resp = world["c"]["office"].get("/api/indicators/")
    assert resp.status_code == 200
    [row] = resp.json()["results"] if "results" in resp.json() else resp.json()
    assert row["threshold"] == "0.8000" and row["period"] == "year"
    assert row["current"]["unit_name"] == "市卫健委"
    assert row["current"]["period_start"] == "2026-01-01" and row["current"]["period_end"] == "2026-12-31"
    assert row["current"]["colour"] == ""  # no problem recorded yet: no figure, no colour
    results = world["c"]["office"].get(f"/api/indicators/{world['ind'].pk}/results/").json()
    assert [r["unit_name"] for r in results] == ["市卫健委", "甲县卫健局"]


def test_api_create_refuses_an_unknown_measure(world):
    resp = world["c"]["office"].post("/api/indicators/", {"unit": world["city"].pk, "title": "x", "measure": "nope",
                                                          "threshold": "1"}, content_type="application/json")
    assert resp.status_code == 400
    assert str(m.UNKNOWN_MEASURE).format(code="nope") in resp.json()["detail"]
    resp = world["c"]["liaison"].post("/api/indicators/", {"unit": world["county"].pk, "title": "x",
                                                           "measure": "campaigns.reports_filed", "threshold": "1"},
                                      content_type="application/json")
    assert resp.status_code == 403
    assert Indicator.objects.count() == 1


def test_api_list_costs_as_many_queries_for_twelve_indicators_as_for_four(world):
    """Each indicator's current value comes with the list: the page's indicators are evaluated
    together (selectors.evaluate_many), each measure once per depth of the units it is set on,
    whatever the number of rows."""
    office = world["users"]["office"]
    combos = [("campaigns.reports_filed", world["city"]), ("campaigns.reports_filed", world["county"]),
              ("ledger.problems_closed", world["county"]), ("ledger.problems_closed", world["city"])]

    def make(n, start):
        for i in range(start, start + n):
            measure, unit = combos[i % len(combos)]
            services.indicator_create(actor=office, unit=unit, title=f"指标{i}", measure=measure,
                                      threshold="1" if measure.startswith("campaigns") else "0.5")

    def cost():
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            resp = world["c"]["office"].get("/api/indicators/")
        assert resp.status_code == 200
        return len(ctx), resp.json()

    make(3, 0)  # with the world's own indicator (problems closed, city): each measure at both depths
    few, listed = cost()
    assert listed["count"] == 4 and all(row["current"] for row in listed["results"])
    make(8, 3)
    many, listed = cost()
    assert listed["count"] == 12 and few == many
    # The values are those of each indicator evaluated alone.
    from fazhi.indicators import selectors

    for row in listed["results"]:
        indicator = Indicator.objects.get(pk=row["id"])
        [alone] = selectors.evaluate(actor=office, indicator=indicator, units=[indicator.unit])
        assert row["current"]["unit_name"] == indicator.unit.name and row["current"]["colour"] == alone.colour
        assert row["current"]["numerator"] == f"{alone.figure.numerator:.2f}"
