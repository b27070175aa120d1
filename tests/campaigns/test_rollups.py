"""The campaign page's and the workbench's colours and progress come from one cached roll-up
(selectors.colour_rollup): the numbers must be those of each assignment's own colour
(colours.colour_of, the one rule), a write must change them at once, a new day too, and a page
read twice with nothing written in between must not read the assignments again."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.campaigns import selectors, services
from fazhi.campaigns.choices import AssignmentStatus, Colour
from fazhi.campaigns.colours import colour_of
from fazhi.campaigns.models import Assignment
from fazhi.core.workdays import WorkCalendar
from fazhi.org.choices import Role, UnitKind
from tests.conftest import SHANGHAI
from tests.factories import AssignmentFactory, CampaignFactory, TaskFactory, UnitFactory, person_with_role

pytestmark = pytest.mark.django_db

# The suite's day is 2026-12-02 (a Wednesday): amber runs to three working days later.
LATE_DONE = dt.datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def w():
    city = UnitFactory(name="晋城市卫生计生委", kind=UnitKind.ADMIN_DEPT)
    county = UnitFactory(name="泽州县卫生计生局", short_name="泽州县", kind=UnitKind.ADMIN_DEPT, parent=city)
    other = UnitFactory(name="高平市卫生计生局", short_name="高平市", kind=UnitKind.ADMIN_DEPT, parent=city)
    units = [UnitFactory(name=f"泽州县卫生院{i}", kind=UnitKind.INSTITUTION, parent=county) for i in range(6)]
    campaign = CampaignFactory(issuer=city)
    root = TaskFactory(campaign=campaign, label="一、", order=1)
    first = TaskFactory(campaign=campaign, parent=root, label="（一）", order=1)
    second = TaskFactory(campaign=campaign, parent=root, label="（二）", order=2)
    AssignmentFactory(task=first, unit=units[0], due_date=dt.date(2026, 11, 20))  # red
    AssignmentFactory(task=first, unit=units[1], due_date=dt.date(2026, 12, 4))  # amber
    AssignmentFactory(task=first, unit=units[2], due_date=dt.date(2026, 12, 31))  # green
    AssignmentFactory(task=second, unit=units[3], due_date=dt.date(2026, 11, 20), status=AssignmentStatus.DONE,
                      completed_at=LATE_DONE)  # late
    AssignmentFactory(task=second, unit=units[4], due_date=dt.date(2026, 12, 31), status=AssignmentStatus.DONE,
                      completed_at=LATE_DONE)  # done on time: green
    AssignmentFactory(task=second, unit=units[5], due_date=dt.date(2026, 11, 1), status=AssignmentStatus.WITHDRAWN)
    AssignmentFactory(task=second, unit=other, due_date=dt.date(2026, 12, 3))  # amber, outside the county
    return dict(city=city, county=county, other=other, units=units, campaign=campaign, first=first, second=second,
                office=person_with_role(Role.OFFICE, city).user, liaison=person_with_role(Role.LIAISON, county).user)


def _expected(campaign, unit_path=None):
    """Counted one assignment at a time, by the one colour rule."""
    counts = {c: 0 for c in Colour.values}
    per_task = {}
    cal = WorkCalendar()
    qs = Assignment.objects.filter(task__campaign=campaign).exclude(status=AssignmentStatus.WITHDRAWN)
    if unit_path:
        qs = qs.filter(unit__path__startswith=unit_path)
    for a in qs:
        counts[colour_of(a, cal=cal)] += 1
        done, total = per_task.get(a.task_id, (0, 0))
        per_task[a.task_id] = (done + (a.status == AssignmentStatus.DONE), total + 1)
    return counts, per_task


def _shown(actor, campaign):
    counts = selectors.colour_counts(actor=actor, campaign=campaign, cal=WorkCalendar())
    nodes = [n for root in selectors.task_tree(actor=actor, campaign=campaign) for n in root.children]
    return counts, {n.task.pk: (n.done, n.total) for n in nodes if n.total}


def test_rolled_up_colours_and_progress_are_those_of_each_assignment(w):
    counts, per_task = _expected(w["campaign"])
    assert counts == {"red": 1, "amber": 2, "green": 2, "late": 1}  # the fixture spans every colour
    assert _shown(w["office"], w["campaign"]) == (counts, per_task)
    # A liaison of the county counts its own subtree only.
    assert _shown(w["liaison"], w["campaign"]) == _expected(w["campaign"], w["county"].path)
    selectors.campaign_progress(actor=w["office"], campaigns=[w["campaign"]])
    assert w["campaign"].stats == {"total": 6, "done": 2, "red": 1, "late": 1, "percent": 33}
    assert selectors.colour_counts(actor=w["office"]) == counts  # the workbench: every campaign in scope


def test_the_pages_show_the_rolled_up_numbers(client, w):
    client.force_login(w["office"])
    counts, _per_task = _expected(w["campaign"])
    page = client.get(reverse("campaigns:detail", args=[w["campaign"].pk]))
    assert page.context["counts"] == counts
    assert page.context["campaign"].stats["red"] == counts["red"]
    home = client.get(reverse("home"))
    assert home.context["counts"] == counts and home.context["total"] == 6


def test_a_write_changes_the_numbers_at_once(client, w):
    client.force_login(w["office"])
    url = reverse("campaigns:detail", args=[w["campaign"].pk])
    before = client.get(url).context["counts"]
    assert client.get(reverse("home")).context["counts"] == before
    # Withdrawn: no longer counted; a new unit assigned late work: one more red.
    red = Assignment.objects.get(task=w["first"], due_date=dt.date(2026, 11, 20))
    services.assignment_withdraw(actor=w["office"], assignment=red, reason="单位撤并")
    after_withdraw = client.get(url).context["counts"]
    assert after_withdraw == dict(before, red=before["red"] - 1) == _expected(w["campaign"])[0]
    services.assignments_create(actor=w["office"], task=w["first"], units=[w["other"]], due_date=dt.date(2026, 12, 3))
    after_create = client.get(url).context["counts"]
    assert after_create == dict(after_withdraw, amber=after_withdraw["amber"] + 1) == _expected(w["campaign"])[0]
    assert client.get(reverse("home")).context["counts"] == after_create
    # The due date moved by the office: the colour follows.
    amber = Assignment.objects.get(task=w["first"], unit=w["other"])
    services.assignment_update(actor=w["office"], assignment=amber, due_date=dt.date(2027, 3, 1))
    assert client.get(url).context["counts"] == dict(after_create, amber=after_create["amber"] - 1,
                                                     green=after_create["green"] + 1) == _expected(w["campaign"])[0]


def test_the_next_day_recolours_without_a_write(client, w, clock):
    client.force_login(w["office"])
    url = reverse("campaigns:detail", args=[w["campaign"].pk])
    assert client.get(url).context["counts"]["red"] == 1
    clock.move_to(dt.datetime(2026, 12, 5, 10, 0, tzinfo=SHANGHAI))  # amber work due on the 3rd and 4th is overdue
    client.force_login(w["office"])  # the session of three days ago has expired
    counts = client.get(url).context["counts"]
    assert counts["red"] == 3 and counts == _expected(w["campaign"])[0]


def test_a_second_read_does_not_count_the_assignments_again(client, w):
    client.force_login(w["office"])
    url = reverse("campaigns:detail", args=[w["campaign"].pk])
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    reads = [q["sql"] for q in warm.captured_queries if "campaigns_assignment" in q["sql"] and "COUNT" in q["sql"]]
    assert reads == [] and len(warm) < len(cold)


def test_the_colour_filters_keep_exactly_the_rows_of_their_colour(w):
    """The filters add the bounds a colour implies (for the index); the rows kept must still be
    those whose own colour it is, on a day where every colour is present and the day after."""
    cal = WorkCalendar()
    for day in (dt.date(2026, 12, 2), dt.date(2026, 12, 4)):
        rows = list(Assignment.objects.exclude(status=AssignmentStatus.WITHDRAWN))
        for colour in Colour.values:
            listed = {a.pk for a in selectors.assignment_list(actor=w["office"], filters={"colour": colour}, cal=cal, day=day)}
            assert listed == {a.pk for a in rows if colour_of(a, cal=cal, day=day) == colour}, (day, colour)
