"""逾期完成 has its own colour and filter; progress is one number in the list, the page and the
dashboard; the one colour rule serves campaigns, ledger and intake alike."""

import datetime as dt

import pytest
import time_machine

from fazhi.campaigns import selectors, services
from fazhi.campaigns.choices import Colour
from fazhi.core import colours
from fazhi.org.choices import Role, UnitKind
from tests.factories import CampaignFactory, PhaseFactory, TaskFactory, UnitFactory, person_with_role

pytestmark = pytest.mark.django_db


def test_one_rule_across_a_holiday():
    # 2026-09-30 (Wed) is followed by the National Day holiday (10-01..10-07): three working days from
    # 09-29 reach 10-09, so a deadline on 10-08 is amber on 09-29 and 10-12 is still green.
    day = dt.date(2026, 9, 29)
    assert colours.deadline_colour(dt.date(2026, 9, 28), day=day) == colours.RED
    assert colours.deadline_colour(dt.date(2026, 10, 8), day=day) == colours.AMBER
    assert colours.deadline_colour(dt.date(2026, 10, 12), day=day) == colours.GREEN
    assert colours.deadline_colour(dt.date(2026, 9, 28), day=day, finished=True, finished_on=dt.date(2026, 9, 29)) == colours.LATE
    assert colours.deadline_colour(dt.date(2026, 9, 28), day=day, finished=True, finished_on=dt.date(2026, 9, 28)) == colours.GREEN


@pytest.fixture
def w():
    city = UnitFactory(name="市卫健委", kind=UnitKind.ADMIN_DEPT)
    a = UnitFactory(name="城区卫健局", kind=UnitKind.ADMIN_DEPT, parent=city)
    b = UnitFactory(name="泽州县卫健局", kind=UnitKind.ADMIN_DEPT, parent=city)
    office = person_with_role(Role.OFFICE, city, username="office").user
    liaison = person_with_role(Role.LIAISON, city, username="liaison").user
    campaign = CampaignFactory(issuer=city, start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 12, 31))
    PhaseFactory(campaign=campaign, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    task = TaskFactory(campaign=campaign, due_date=dt.date(2026, 6, 10))
    return dict(city=city, a=a, b=b, office=office, liaison=liaison, campaign=campaign, task=task)


def _finish(w, assignment, day):
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, 0), tick=False):
        report = services.progress_report_submit(actor=w["liaison"], assignment=assignment, text="已完成", day=day)
        services.progress_report_review(actor=w["office"], report=report, accept=True)


def test_work_accepted_after_its_due_date_is_late_not_green(client, w):
    created, _ = services.assignments_create(actor=w["office"], task=w["task"], units=[w["a"], w["b"]])
    on_time, late = sorted(created, key=lambda x: x.unit.name != "城区卫健局")
    _finish(w, on_time, dt.date(2026, 6, 9))
    _finish(w, late, dt.date(2026, 6, 12))
    day = dt.date(2026, 6, 15)
    rows = {a.pk: a.colour for a in selectors.assignment_list(actor=w["office"], day=day)}
    assert rows == {on_time.pk: Colour.GREEN, late.pk: Colour.LATE}
    assert list(selectors.assignment_list(actor=w["office"], filters={"colour": Colour.LATE}, day=day)) == [late]
    with time_machine.travel(dt.datetime(2026, 6, 15, 10, 0), tick=False):
        client.force_login(w["office"])
        page = client.get("/campaigns/assignments/?colour=late").content.decode()
        assert "逾期完成" in page and "泽州县卫健局" in page and "城区卫健局" not in page.split("<tbody>")[1]


def test_progress_is_one_number_in_list_page_and_dashboard(client, w):
    created, _ = services.assignments_create(actor=w["office"], task=w["task"], units=[w["a"], w["b"]])
    third = TaskFactory(campaign=w["campaign"])
    services.assignments_create(actor=w["office"], task=third, units=[w["a"]], due_date=dt.date(2026, 7, 1))
    _finish(w, created[0], dt.date(2026, 6, 1))
    with time_machine.travel(dt.datetime(2026, 6, 15, 10, 0), tick=False):
        client.force_login(w["office"])
        expected = "完成 33%（1/3）"
        assert expected in client.get("/campaigns/").content.decode()
        assert expected in client.get(f"/campaigns/{w['campaign'].pk}/").content.decode()
        w["campaign"].status = "active"
        assert expected in client.get("/").content.decode()
        tree = client.get(f"/campaigns/{w['campaign'].pk}/").content.decode()
        assert "2026年7月1日" in tree  # the task without a due date shows its assignments' due date
