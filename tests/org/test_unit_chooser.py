"""The unit chooser shared by every form (fazhi.org.widgets): a page renders only the unit
chosen, whatever the size of the tree, and the suggestions come from the scoped units API."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.audit.models import AuditEntry
from fazhi.campaigns.forms import AssignmentFilterForm
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Unit
from fazhi.org.scoping import visible_units
from tests.factories import AssignmentFactory, CampaignFactory, TaskFactory, UnitFactory, person_with_role

pytestmark = pytest.mark.django_db

# The list pages the benchmarks measure and the forms behind them; every one has a unit field.
PAGES = ["/", "/campaigns/{campaign}/", "/campaigns/assignments/", "/campaigns/assignments/?unit={county}",
         "/ledger/", "/ledger/new/", "/intake/", "/audit/", "/org/people/", "/org/units/new/", "/portal/submit/"]
GROWTH_BOUND = 2048  # bytes a page may gain when the tree grows by MORE_UNITS units
MORE_UNITS = 120


@pytest.fixture
def world(db):
    city = UnitFactory(name="晋城市卫生健康委", kind=UnitKind.ADMIN_DEPT)
    county = UnitFactory(name="泽州县卫生健康局", kind=UnitKind.ADMIN_DEPT, parent=city)
    office = person_with_role(Role.OFFICE, city, "chooser-office")
    from fazhi.org.models import Grant

    Grant.objects.create(person=office, role=Role.INTAKE, unit=city)
    campaign = CampaignFactory(issuer=city)
    tasks = [TaskFactory(campaign=campaign) for _ in range(6)]
    townships = [UnitFactory(name=f"乡镇卫生院{n}", parent=county) for n in range(5)]
    # Full list pages from the start (30 rows, 25 a page), so that growth can only come from choosers.
    for task in tasks:
        for township in townships:
            AssignmentFactory(task=task, unit=township)
    return {"city": city, "county": county, "township": townships[0], "user": office.user, "campaign": campaign,
            "task": tasks[0]}


def _grow(world, n=MORE_UNITS):
    """More units (and work on them): what each page's choosers would have listed."""
    for i in range(n):
        unit = UnitFactory(name=f"窗口{i:03d}", parent=world["township"], kind=UnitKind.WINDOW)
        AssignmentFactory(task=world["task"], unit=unit)


def _measure(client, world) -> dict:
    sizes = {}
    for page in PAGES:
        url = page.format(campaign=world["campaign"].pk, county=world["county"].pk)
        # From an empty cache: the units added between two measures make some cached roll-ups stale
        # and not others (fazhi.core.rollups), which would be counted in one measure only.
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        sizes[url] = (len(response.content), len(queries))
    return sizes


def test_pages_do_not_grow_with_the_tree(client, world):
    client.force_login(world["user"])
    before = _measure(client, world)
    _grow(world)
    after = _measure(client, world)
    grown = {url: after[url][0] - before[url][0] for url in before}
    assert all(g < GROWTH_BOUND for g in grown.values()), grown
    # Nor do their queries: the same number with 150 rows of work as with 30.
    assert {url: after[url][1] for url in after} == {url: before[url][1] for url in before}


def test_only_the_chosen_unit_is_rendered(world):
    _grow(world, 30)
    chosen = Unit.objects.get(name="窗口007")
    form = AssignmentFilterForm({"unit": str(chosen.pk)}, campaigns=[], units=visible_units(world["user"]), phases=[])
    html = str(form["unit"])
    assert 'data-unit-chooser' in html and 'data-url="/api/units/"' in html
    options = re.findall(r"<option[^>]*>([^<]*)</option>", html)
    assert options == ["全部单位", chosen.name]
    assert form.filters()["unit"] == chosen.pk


def test_a_unit_outside_the_form_is_refused(world):
    outside = UnitFactory(name="长治市卫生健康委", kind=UnitKind.ADMIN_DEPT)
    form = AssignmentFilterForm({"unit": str(outside.pk)}, campaigns=[], units=visible_units(world["user"]), phases=[])
    assert not form.is_valid() and "unit" in form.errors
    assert outside.name not in str(form["unit"])


def test_the_search_names_the_parent(client, world):
    client.force_login(world["user"])
    rows = client.get("/api/units/", {"search": "乡镇卫生院3"}).json()["results"]
    assert [(r["name"], r["parent_name"]) for r in rows] == [("乡镇卫生院3", "泽州县卫生健康局")]


def test_the_audit_log_pages_from_the_last_row_seen(client, world):
    client.force_login(world["user"])
    AuditEntry.objects.bulk_create([AuditEntry(action="unit.update", object_type="org.unit", object_repr=f"记录{i:02d}",
                                               unit_path=world["county"].path) for i in range(60)])
    first = client.get("/audit/")
    reprs = [row["entry"].object_repr for row in first.context["rows"]]
    older = first.context["page"].older
    assert len(reprs) == 25 and first.context["page"].newer is None and f"before={older}" in first.content.decode()
    second = client.get("/audit/", {"before": older})
    later = [row["entry"].object_repr for row in second.context["rows"]]
    assert len(later) == 25 and not set(later) & set(reprs)
    back = client.get("/audit/", {"after": second.context["page"].newer})
    assert [row["entry"].object_repr for row in back.context["rows"]] == reprs


def test_the_public_portal_searches_its_own_api(client, world):
    html = client.get("/portal/submit/").content.decode()
    assert 'data-url="/api/public/units/"' in html and 'data-search-param="q"' in html
    assert "乡镇卫生院3" not in html
    rows = client.get("/api/public/units/", {"q": "乡镇卫生院3"}).json()["results"]
    assert [r["name"] for r in rows] == ["乡镇卫生院3"]
