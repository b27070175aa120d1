"""A page costs a fixed number of queries whatever the number of rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.campaigns import services
from fazhi.campaigns.choices import AssignmentStatus
from fazhi.campaigns.models import Assignment
from fazhi.org.choices import Role, UnitKind
from tests.factories import CampaignFactory, PhaseFactory, TaskFactory, UnitFactory, person_with_role

pytestmark = pytest.mark.django_db

STATUSES = list(AssignmentStatus.values)


@pytest.fixture
def grow():
    """Builds up to `n` assignments over counties, their institutions and a task tree."""
    city = UnitFactory(name="晋城市卫生计生委", kind=UnitKind.ADMIN_DEPT)
    counties = [UnitFactory(name=f"县局{i}", kind=UnitKind.ADMIN_DEPT, parent=city) for i in range(5)]
    campaign = CampaignFactory(issuer=city)
    phase = PhaseFactory(campaign=campaign)
    roots = [TaskFactory(campaign=campaign, label=f"{i}、", phase=phase) for i in range(2)]
    office = person_with_role(Role.OFFICE, city).user
    state = {"units": [], "tasks": [], "made": 0}

    def to(n):
        while state["made"] < n:
            if len(state["units"]) < 50:
                state["units"].append(UnitFactory(parent=counties[len(state["units"]) % 5]))
            else:
                state["tasks"].append(TaskFactory(campaign=campaign, parent=roots[len(state["tasks"]) % 2], phase=phase))
            pairs = [(t, u) for t in state["tasks"] or roots[:1] for u in state["units"]]
            existing = set(Assignment.objects.values_list("task_id", "unit_id"))
            new = [Assignment(task=t, unit=u, due_date=dt.date(2026, 1, 1) + dt.timedelta(days=len(existing) % 700),
                              status=STATUSES[len(existing) % len(STATUSES)])
                   for t, u in pairs if (t.pk, u.pk) not in existing][: n - state["made"]]
            Assignment.objects.bulk_create(new)
            state["made"] += len(new)
        return Assignment.objects.count()

    return dict(to=to, office=office, campaign=campaign, city=city)


def _count(client, url, params=None):
    client.get(url, params or {})  # warm caches that are per process, not per page
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def _report(grow):
    # A few reports so that the review lists are not empty.
    liaison = person_with_role(Role.LIAISON, grow["city"]).user
    for a in Assignment.objects.filter(status=AssignmentStatus.NOT_STARTED)[:3]:
        services.progress_report_submit(actor=liaison, assignment=a, text="进展")


@pytest.mark.parametrize("page", ["detail", "assignments", "assignments_filtered", "home", "unit", "list"])
def test_query_count_is_the_same_for_10_and_500_assignments(client, grow, page):
    client.force_login(grow["office"])
    urls = {
        "detail": (reverse("campaigns:detail", args=[grow["campaign"].pk]), None),
        "assignments": (reverse("campaigns:assignments"), None),
        "assignments_filtered": (reverse("campaigns:assignments"), {"campaign": grow["campaign"].pk, "colour": "red",
                                                                    "ordering": "-unit", "q": "单位"}),
        "home": (reverse("home"), None),
        "unit": (reverse("campaigns:unit", args=[grow["city"].pk]), None),
        "list": (reverse("campaigns:list"), None),
    }
    url, params = urls[page]
    assert grow["to"](10) == 10
    _report(grow)
    small = _count(client, url, params)
    assert grow["to"](500) == 500
    large = _count(client, url, params)
    assert small == large, f"{page}: {small} queries with 10 assignments, {large} with 500"


def _open_by_due_date() -> list[int]:
    return list(Assignment.objects.exclude(status=AssignmentStatus.WITHDRAWN).order_by("due_date", "id")
                .values_list("pk", flat=True))


def _three_pages(client, url, params, ids_of) -> tuple[list[int], list[list[str]]]:
    """The ids listed on pages 1 to 3 in turn, and each page's queries."""
    seen, queries = [], []
    for number in (1, 2, 3):
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url, {**params, "page": number})
        assert r.status_code == 200
        seen += ids_of(r)
        queries.append([q["sql"] for q in ctx.captured_queries])
    return seen, queries


def test_an_assignment_page_sorts_narrow_rows_then_reads_only_its_own(client, grow):
    """The list's rows in the order of the list, page by page, read in two steps (fazhi.core.paging):
    the sort runs over the ids alone, and the wide read (task, campaign, unit, people) names the
    page's rows."""
    grow["to"](60)
    client.force_login(grow["office"])
    seen, pages = _three_pages(client, reverse("campaigns:assignments"), {"ordering": "due"},
                               lambda r: [a.pk for a in r.context["page"].object_list])
    for queries in pages:
        sorting = [q for q in queries if '"campaigns_assignment"' in q and "ORDER BY" in q and "LIMIT" in q]
        assert len(sorting) == 1 and '"campaigns_task"' not in sorting[0], sorting
        wide = [q for q in queries if '"campaigns_task"."heading"' in q]
        assert len(wide) == 1 and '"campaigns_assignment"."id" IN (' in wide[0] and "LIMIT" not in wide[0]
    assert seen == _open_by_due_date()


def test_the_api_pages_sort_narrow_rows_then_read_only_their_own(client, grow):
    """The API's pages (fazhi.core.paging.ApiPagination) keep the list's order, due date then id,
    across pages and sort the ids alone."""
    grow["to"](120)
    client.force_login(grow["office"])
    seen, pages = _three_pages(client, "/api/assignments/", {}, lambda r: [row["id"] for row in r.json()["results"]])
    for queries in pages:
        sorting = [q for q in queries if '"campaigns_assignment"' in q and "LIMIT" in q]
        assert len(sorting) == 1 and '"campaigns_task"' not in sorting[0], sorting
    assert seen == _open_by_due_date()
