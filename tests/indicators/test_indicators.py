"""Indicators: periods, the colour rule, figures per unit subtree, services with their guards.

Every test runs at a fixed day, 2026-06-15 (time-machine), so that periods and colours do not
depend on the day the suite is run."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fazhi.audit.models import AuditEntry
from fazhi.campaigns.choices import AssignmentStatus, Colour
from fazhi.indicators import messages as m
from fazhi.indicators import periods, selectors, services
from fazhi.indicators.evaluation import colour_of
from fazhi.indicators.models import Indicator, IndicatorResult
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Unit
from tests.factories import AssignmentFactory, CampaignFactory, TaskFactory, UnitFactory, person_with_role

TODAY = dt.date(2026, 6, 15)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        yield


@pytest.fixture
def tree():
    city = Unit.objects.create(name="市卫健委", kind=UnitKind.ADMIN_DEPT)
    county_a = Unit.objects.create(name="甲县卫健局", kind=UnitKind.ADMIN_DEPT, parent=city)
    county_b = Unit.objects.create(name="乙县卫健局", kind=UnitKind.ADMIN_DEPT, parent=city)
    hospital_a = Unit.objects.create(name="甲县人民医院", kind=UnitKind.INSTITUTION, parent=county_a)
    other_city = Unit.objects.create(name="外市卫健委", kind=UnitKind.ADMIN_DEPT)
    office = person_with_role(Role.OFFICE, city, "office").user
    liaison = person_with_role(Role.LIAISON, county_a, "liaison").user
    outsider = person_with_role(Role.OFFICE, other_city, "outsider").user
    return dict(city=city, a=county_a, b=county_b, hospital=hospital_a, other=other_city,
                office=office, liaison=liaison, outsider=outsider)


def test_period_bounds_and_labels():
    assert periods.bounds("year", TODAY) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert periods.bounds("quarter", TODAY) == (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    assert periods.bounds("quarter", dt.date(2026, 12, 31)) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert periods.bounds("month", dt.date(2028, 2, 10)) == (dt.date(2028, 2, 1), dt.date(2028, 2, 29))
    assert periods.previous("quarter", dt.date(2026, 1, 1)) == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    assert periods.label("quarter", dt.date(2026, 4, 1)) == "2026年第2季度"


@pytest.mark.parametrize("value, op, over, expected", [
    (Decimal("2"), ">=", False, Colour.GREEN),
    (Decimal("1"), ">=", False, Colour.AMBER),   # still time in the period
    (Decimal("1"), ">=", True, Colour.RED),      # the period is over
    (Decimal("0.25"), "<=", False, Colour.RED),  # an upper limit exceeded is red at once
    (Decimal("0.2"), "<=", False, Colour.GREEN),
    (None, ">=", True, ""),
])
def test_colour_rule(value, op, over, expected):
    threshold = Decimal("2") if op == ">=" else Decimal("0.2")
    assert colour_of(value, op=op, threshold=threshold, period_over=over) == expected


def _assign(unit, due, status=AssignmentStatus.NOT_STARTED, completed=None, campaign=None):
    a = AssignmentFactory(unit=unit, due_date=due, status=status, task=TaskFactory(campaign=campaign))
    if completed:
        a.completed_at = timezone.make_aware(dt.datetime.combine(completed, dt.time(10)))
        a.save(update_fields=["completed_at"])
    return a


def test_on_time_ratio_per_unit_subtree(tree):
    campaign = CampaignFactory(issuer=tree["city"])
    # 甲县 subtree: two due this year, one done in time, one done late; one due last year (outside the period).
    _assign(tree["a"], dt.date(2026, 3, 1), AssignmentStatus.DONE, dt.date(2026, 2, 28), campaign)
    _assign(tree["hospital"], dt.date(2026, 3, 1), AssignmentStatus.DONE, dt.date(2026, 3, 5), campaign)
    _assign(tree["hospital"], dt.date(2025, 12, 1), AssignmentStatus.DONE, dt.date(2025, 11, 1), campaign)
    # 乙县: one due, not done.
    _assign(tree["b"], dt.date(2026, 5, 1), campaign=campaign)
    ind = services.indicator_create(actor=tree["office"], unit=tree["city"], title="任务按期完成率不低于90%",
                                    measure="campaigns.assignments_on_time", threshold="0.9",
                                    applies_to=[UnitKind.ADMIN_DEPT])
    evs = {ev.unit.name: ev for ev in selectors.evaluate(actor=tree["office"], indicator=ind)}
    assert list(evs) == ["市卫健委", "甲县卫健局", "乙县卫健局"]
    assert (evs["甲县卫健局"].figure.numerator, evs["甲县卫健局"].figure.denominator) == (1, 2)
    assert evs["甲县卫健局"].value == Decimal("0.5000")
    assert evs["乙县卫健局"].value == Decimal("0")
    assert evs["市卫健委"].value == Decimal("0.3333")  # 1 of the 3 due in 2026 across the city
    assert {ev.colour for ev in evs.values()} == {Colour.AMBER}  # the year is still running


def test_overdue_count_is_red_for_an_upper_limit(tree):
    campaign = CampaignFactory(issuer=tree["city"])
    _assign(tree["hospital"], dt.date(2026, 6, 1), campaign=campaign)          # overdue
    _assign(tree["hospital"], TODAY, campaign=campaign)                         # due today: not overdue
    _assign(tree["b"], dt.date(2026, 6, 1), AssignmentStatus.DONE, dt.date(2026, 5, 30), campaign)
    ind = services.indicator_create(actor=tree["office"], unit=tree["city"], title="逾期任务为零",
                                    measure="campaigns.assignments_overdue", op="<=", threshold=0,
                                    applies_to=[UnitKind.ADMIN_DEPT])
    evs = {ev.unit.name: ev for ev in selectors.evaluate(actor=tree["office"], indicator=ind)}
    assert evs["甲县卫健局"].value == 1 and evs["甲县卫健局"].colour == Colour.RED
    assert evs["乙县卫健局"].value == 0 and evs["乙县卫健局"].colour == Colour.GREEN


def test_a_past_period_not_reached_is_red(tree):
    ind = services.indicator_create(actor=tree["office"], unit=tree["city"], title="进展报送",
                                    measure="campaigns.reports_filed", threshold=2, period="quarter")
    [ev] = selectors.evaluate(actor=tree["office"], indicator=ind, day=dt.date(2026, 2, 1))
    assert ev.period_label == "2026年第1季度"
    assert ev.value == 0 and ev.colour == Colour.RED


def test_evaluation_costs_the_same_queries_for_3_or_30_units(tree):
    campaign = CampaignFactory(issuer=tree["city"])
    ind = services.indicator_create(actor=tree["office"], unit=tree["city"], title="按期完成率",
                                    measure="campaigns.assignments_on_time", threshold="0.9",
                                    applies_to=[UnitKind.INSTITUTION])

    def queries():
        # Each count from an empty cache: the rows added between the two counts (units, tasks) make some
        # cached roll-ups stale, not others (fazhi.core.rollups), which would be counted once only.
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            evs = selectors.evaluate(actor=tree["office"], indicator=ind)
        return len(ctx), len(evs)

    few = queries()
    for i in range(27):
        unit = UnitFactory(parent=tree["a"] if i % 2 else tree["b"], kind=UnitKind.INSTITUTION)
        _assign(unit, dt.date(2026, 4, 1), campaign=campaign)
    many = queries()
    assert many[1] == few[1] + 27
    assert many[0] == few[0]


def test_scope_limits_what_is_evaluated_and_listed(tree):
    ind = services.indicator_create(actor=tree["office"], unit=tree["city"], title="销号率",
                                    measure="ledger.problems_closed", threshold="0.8", applies_to=[UnitKind.ADMIN_DEPT])
    names = [ev.unit.name for ev in selectors.evaluate(actor=tree["liaison"], indicator=ind)]
    assert names == ["甲县卫健局"]
    assert list(selectors.indicator_list(actor=tree["outsider"])) == []
    with pytest.raises(Exception):
        selectors.indicator_get(actor=tree["outsider"], pk=ind.pk)


def test_create_refuses_bad_input_and_writes_nothing(tree):
    with pytest.raises(ValidationError) as exc:
        services.indicator_create(actor=tree["office"], unit=tree["city"], title="x", measure="nope", threshold=1)
    assert str(m.UNKNOWN_MEASURE).format(code="nope") in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.indicator_create(actor=tree["office"], unit=tree["city"], title="x",
                                  measure="ledger.problems_closed", threshold=20)
    assert str(m.RATIO_THRESHOLD) in str(exc.value)
    with pytest.raises(ValidationError):
        services.indicator_create(actor=tree["office"], unit=tree["city"], title="x",
                                  measure="campaigns.reports_filed", threshold=-1)
    with pytest.raises(PermissionDenied):
        services.indicator_create(actor=tree["liaison"], unit=tree["a"], title="x",
                                  measure="campaigns.reports_filed", threshold=1)
    with pytest.raises(PermissionDenied):
        services.indicator_create(actor=tree["outsider"], unit=tree["city"], title="x",
                                  measure="campaigns.reports_filed", threshold=1)
    assert Indicator.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="indicator.").exists()


def test_update_changes_only_listed_fields_and_is_audited(tree):
    ind = services.indicator_create(actor=tree["office"], unit=tree["city"], title="培训",
                                    measure="campaigns.reports_filed", threshold=2)
    with pytest.raises(ValidationError):
        services.indicator_update(actor=tree["office"], indicator=ind, unit=tree["other"])
    services.indicator_update(actor=tree["office"], indicator=ind, threshold=3, title="培训（修订）")
    saved = Indicator.objects.get(pk=ind.pk)
    assert (saved.threshold, saved.title, saved.unit_id) == (Decimal("3"), "培训（修订）", tree["city"].pk)
    entry = AuditEntry.objects.get(action="indicator.update")
    assert entry.before["threshold"] != entry.after["threshold"]
    with pytest.raises(PermissionDenied):
        services.indicator_update(actor=tree["liaison"], indicator=ind, threshold=1)
    assert Indicator.objects.get(pk=ind.pk).threshold == Decimal("3")


def test_withdraw_needs_a_reason_and_happens_once(tree):
    ind = services.indicator_create(actor=tree["office"], unit=tree["city"], title="培训",
                                    measure="campaigns.reports_filed", threshold=2)
    with pytest.raises(ValidationError):
        services.indicator_withdraw(actor=tree["office"], indicator=ind, reason=" ")
    services.indicator_withdraw(actor=tree["office"], indicator=ind, reason="方案修订")
    saved = Indicator.objects.get(pk=ind.pk)
    assert not saved.is_active and saved.withdrawn_reason == "方案修订"
    with pytest.raises(ValidationError):
        services.indicator_withdraw(actor=tree["office"], indicator=ind, reason="再次")
    assert list(selectors.indicator_list(actor=tree["office"])) == []


def test_results_are_recorded_once_per_period_for_history(tree):
    ind = services.indicator_create(actor=tree["office"], unit=tree["city"], title="进展报送",
                                    measure="campaigns.reports_filed", threshold=1, period="quarter",
                                    applies_to=[UnitKind.ADMIN_DEPT])
    services.indicator_results_record(actor=tree["office"], indicator=ind, day=dt.date(2026, 3, 31))
    services.indicator_results_record(actor=tree["office"], indicator=ind, day=dt.date(2026, 3, 31))
    services.indicator_results_record(actor=tree["office"], indicator=ind, day=TODAY)
    rows = list(selectors.history(actor=tree["office"], indicator=ind, unit=tree["a"]))
    assert [(r.period_start, r.colour) for r in rows] == [(dt.date(2026, 4, 1), Colour.AMBER),
                                                         (dt.date(2026, 1, 1), Colour.RED)]
    assert IndicatorResult.objects.filter(indicator=ind).count() == 6
