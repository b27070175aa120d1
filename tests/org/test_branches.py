"""Roll-ups summed from the branches of the unit tree (fazhi.org.branches) and the writes that make
them stale (fazhi.core.rollups): a write counts again only the branch it lies in, and no figure is
ever stale, whatever is written where."""

import datetime as dt
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from fazhi.campaigns import selectors, services
from fazhi.campaigns.choices import AssignmentStatus
from fazhi.campaigns.colours import with_colour
from fazhi.campaigns.home import reports_to_review
from fazhi.campaigns.models import Assignment, ProgressReport
from fazhi.core import rollups
from fazhi.core.workdays import WorkCalendar
from fazhi.intake.models import Submission
from fazhi.ledger import services as ledger
from fazhi.ledger.choices import ProblemStatus
from fazhi.ledger.home import _office_counts
from fazhi.ledger.models import Problem
from fazhi.notices.delivery import deliver
from fazhi.notices.selectors import unread_count
from fazhi.org import branches
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Unit
from fazhi.org.scoping import scope
from tests.factories import CampaignFactory, TaskFactory, UnitFactory, person_with_role

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)  # the suite's day (tests/conftest.py)


@pytest.fixture
def prov(monkeypatch):
    """省 → 2 cities → 2 counties each → 2 hospitals each, an assignment of one task per hospital
    (due dates around today), and the people who look. Every unit with children is split (the
    product splits only large subtrees: MIN_UNITS)."""
    monkeypatch.setattr(branches, "MIN_UNITS", 1)
    cache.clear()
    root = Unit.objects.create(name="省卫生健康委", kind=UnitKind.ADMIN_DEPT)
    cities, counties, hospitals = [], [], []
    for c in range(2):
        city = Unit.objects.create(name=f"市{c}", kind=UnitKind.ADMIN_DEPT, parent=root)
        cities.append(city)
        for k in range(2):
            county = Unit.objects.create(name=f"县{c}{k}", kind=UnitKind.ADMIN_DEPT, parent=city)
            counties.append(county)
            hospitals += [Unit.objects.create(name=f"医院{c}{k}{h}", kind=UnitKind.INSTITUTION, parent=county)
                          for h in range(2)]
    task = TaskFactory(campaign=CampaignFactory(issuer=root))
    for i, unit in enumerate(hospitals):
        Assignment.objects.create(task=task, unit=unit, due_date=TODAY + dt.timedelta(days=i * 3 - 8))
    people = {
        "root": person_with_role(Role.OFFICE, root).user,
        "city": person_with_role(Role.OFFICE, cities[0]).user,
        "county": person_with_role(Role.OFFICE, counties[3]).user,
        "liaison": person_with_role(Role.LIAISON, counties[0]).user,
        "admin": get_user_model().objects.create_superuser("admin-branches", password="Fazhi-test-1"),
    }
    return {"province": root, "cities": cities, "counties": counties, "hospitals": hospitals, "task": task, **people}


def _colours_from_scratch(user) -> dict:
    qs = with_colour(scope(Assignment.objects.exclude(status=AssignmentStatus.WITHDRAWN), user), day=TODAY)
    return dict(qs.order_by().values_list("colour").annotate(n=Count("id")))


def _figures(p, user) -> dict:
    cal = WorkCalendar()
    return {
        "colours": {k: v for k, v in selectors.colour_counts(actor=user, cal=cal).items() if v},
        "bars": selectors.progress_bars(actor=user),
        "review": reports_to_review(user, cal).count,
        "piles": _office_counts(user, cal),
    }


def _from_scratch(p, user) -> dict:
    """The same figures with nothing cached and nothing split, and the colours by the plain rule."""
    saved = dict(cache._cache), dict(cache._expire_info)
    cache.clear()
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(branches, "MIN_UNITS", 10 ** 9)
            figures = _figures(p, user)
    finally:
        cache.clear()
        cache._cache.update(saved[0])
        cache._expire_info.update(saved[1])
    figures["colours_by_rule"] = _colours_from_scratch(user)
    return figures


def _check(p) -> None:
    for who in ("root", "city", "county", "admin"):
        got, want = _figures(p, p[who]), _from_scratch(p, p[who])
        assert got["colours"] == want["colours"] == want["colours_by_rule"], who
        assert (got["bars"], got["review"], got["piles"]) == (want["bars"], want["review"], want["piles"]), who


def test_a_report_from_one_county_counts_that_county_again_and_no_other(prov):
    p = prov
    office = p["root"]
    selectors.colour_counts(actor=office, cal=WorkCalendar())  # the province by city
    # A first write in the city counts that city by county (its counties are then kept apart too).
    Assignment.objects.get(unit=p["hospitals"][2]).save()
    first = selectors.colour_counts(actor=office, cal=WorkCalendar())
    assignment = Assignment.objects.get(unit=p["hospitals"][0])
    services.progress_report_submit(actor=p["liaison"], assignment=assignment, text="已制定方案")
    with CaptureQueriesContext(connection) as queries:
        again = selectors.colour_counts(actor=office, cal=WorkCalendar())
    counted = [q["sql"] for q in queries if '"campaigns_assignment"' in q["sql"]]
    # One query, over the county the report lies in: not the province, not the other city.
    assert len(counted) == 1
    assert p["counties"][0].path in counted[0] and f"'{p['province'].path}%'" not in counted[0]
    assert sum(again.values()) == sum(first.values())
    _check(p)


def test_the_figures_are_never_stale_whatever_is_written_where(prov):
    """Every kind of write, in one branch or across many, then every figure of every scope compared
    with the same figure counted from nothing."""
    p = prov
    _check(p)  # everything cached from here on
    h = p["hospitals"]
    # Located writes: a report, its review, in two counties of two cities.
    for unit in (h[0], h[5]):
        services.progress_report_submit(actor=person_with_role(Role.LIAISON, unit).user,
                                                 assignment=Assignment.objects.get(unit=unit), text="已完成")
        _check(p)
    services.progress_report_review(actor=p["root"], report=ProgressReport.objects.get(assignment__unit=h[0]), accept=True)
    _check(p)
    # A bulk write across the tree (one audit row for many rows, no signal per row).
    task = TaskFactory(campaign=p["task"].campaign)
    _check(p)
    services.assignments_create(actor=p["root"], task=task, units=[h[1], h[6], h[7]], due_date=TODAY)
    _check(p)
    # A withdrawal, a deletion, the unit tree changed, a problem of the ledger reported.
    services.assignment_withdraw(actor=p["root"], assignment=Assignment.objects.get(task=task, unit=h[6]), reason="调整")
    _check(p)
    Assignment.objects.filter(task=task, unit=h[7]).get().delete()
    _check(p)
    extra = UnitFactory(name="新医院", parent=p["counties"][2])
    Assignment.objects.create(task=task, unit=extra, due_date=TODAY - dt.timedelta(days=1))
    _check(p)
    problem = ledger.problem_create(actor=p["root"], unit=h[2], description="制度未公开", found_on=TODAY)
    Problem.objects.filter(pk=problem.pk).get().save()
    problem.status = ProblemStatus.REPORTED
    problem.save(update_fields=["status"])
    _check(p)


def test_a_case_of_the_public_leaves_the_assignments_figures_cached(prov):
    p = prov
    cal = WorkCalendar()
    selectors.colour_counts(actor=p["root"], cal=cal)
    selectors.progress_bars(actor=p["root"])
    Submission.objects.create(case_number="2026-0001", kind="complaint", text="反映问题", received_by=p["province"],
                              ack_due=TODAY, conclude_due=TODAY + dt.timedelta(days=30))
    with CaptureQueriesContext(connection) as queries:
        selectors.colour_counts(actor=p["root"], cal=cal)
        selectors.progress_bars(actor=p["root"])
    assert len(queries) == 0
    # A change of the tasks the figures count is another matter.
    TaskFactory(campaign=p["task"].campaign)
    with CaptureQueriesContext(connection) as queries:
        selectors.colour_counts(actor=p["root"], cal=cal)
    assert len(queries) > 0


def test_a_message_stales_only_its_recipients_count(prov):
    p = prov
    unread_count(p["root"]), unread_count(p["city"])
    deliver([p["city"].pk], "请报送进展", key="branches:1")
    with CaptureQueriesContext(connection) as queries:
        assert unread_count(p["root"]) == 0
    assert len(queries) == 0
    assert unread_count(p["city"]) == 1


def test_a_change_of_relations_is_a_write(prov):
    """A many-to-many change sends no save: it is a write of its app all the same."""
    from django.db.models.signals import m2m_changed

    from fazhi.learning.models import Exam

    counted = itertools.count()

    def figure():
        return rollups.cached(("relations",), lambda: next(counted), tags=[], apps=["learning"])

    assert figure() == figure() == 0
    m2m_changed.send(sender=Exam.candidates.through, instance=Exam(), action="post_add", reverse=False,
                     model=Exam.candidates.field.related_model, pk_set={1}, using="default")
    assert figure() == 1
