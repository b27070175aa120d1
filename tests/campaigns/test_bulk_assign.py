"""Assigning one task to many units is written in bulk: its cost does not grow with the units."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.audit.models import AuditEntry
from fazhi.campaigns import messages as m
from fazhi.campaigns import services
from fazhi.campaigns.models import Assignment
from fazhi.notices.models import Notification
from fazhi.org.choices import Role, UnitKind
from tests.factories import CampaignFactory, PhaseFactory, TaskFactory, UnitFactory, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    city = UnitFactory(name="市卫健委", kind=UnitKind.ADMIN_DEPT)
    county = UnitFactory(name="泽州县卫健局", kind=UnitKind.ADMIN_DEPT, parent=city)
    other = UnitFactory(name="高平市卫健局", kind=UnitKind.ADMIN_DEPT, parent=city)
    units = [UnitFactory(name=f"泽州县第{n}乡镇卫生院", parent=county) for n in range(60)]
    office = person_with_role(Role.OFFICE, city).user
    campaign = CampaignFactory(issuer=city)
    PhaseFactory(campaign=campaign)
    tasks = [TaskFactory(campaign=campaign) for _ in range(2)]
    return dict(city=city, county=county, other=other, units=units, office=office, tasks=tasks)


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx)


def test_queries_do_not_grow_with_the_units(tree):
    office, (t1, t2), units = tree["office"], tree["tasks"], tree["units"]
    services.assignments_create(actor=office, task=t1, units=units[:1])  # grants and person loaded once
    few = _queries(lambda: services.assignments_create(actor=office, task=t1, units=units[1:4]))
    many = _queries(lambda: services.assignments_create(actor=office, task=t2, units=units))
    assert few == many <= 8
    assert Assignment.objects.filter(task=t2).count() == 60


def test_one_audit_row_lists_the_ids_and_is_filed_under_the_common_unit(tree):
    created, skipped = services.assignments_create(actor=tree["office"], task=tree["tasks"][0], units=tree["units"][:5])
    assert skipped == 0 and all(a.pk for a in created)
    row = AuditEntry.objects.get(action="assignment.create")
    assert sorted(row.after["ids"]) == sorted(a.pk for a in created) == sorted(Assignment.objects.values_list("pk", flat=True))
    assert row.after["units"] == [u.pk for u in tree["units"][:5]]
    assert row.unit_path == tree["county"].path and row.object_id == ""
    assert row.object_repr.endswith(" × 5")


def test_one_unit_is_audited_by_its_assignment_id(tree):
    (made,), _ = services.assignments_create(actor=tree["office"], task=tree["tasks"][0], units=[tree["units"][0]])
    row = AuditEntry.objects.get(action="assignment.create")
    assert row.object_id == str(made.pk) and row.unit_path == tree["units"][0].path


def test_existing_and_repeated_units_are_skipped(tree):
    office, task, units = tree["office"], tree["tasks"][0], tree["units"]
    services.assignments_create(actor=office, task=task, units=units[:3])
    created, skipped = services.assignments_create(actor=office, task=task, units=units[:5] + units[3:5])
    assert len(created) == 2 and skipped == 3
    assert Assignment.objects.filter(task=task).count() == 5
    again, skipped = services.assignments_create(actor=office, task=task, units=units[:5])
    assert again == [] and skipped == 5
    assert AuditEntry.objects.filter(action="assignment.create").count() == 2  # nothing new, nothing audited


def test_one_unit_out_of_scope_refuses_the_set_in_chinese_and_writes_nothing(tree):
    county_office = person_with_role(Role.OFFICE, tree["county"]).user
    campaign = CampaignFactory(issuer=tree["county"])
    PhaseFactory(campaign=campaign)
    task = TaskFactory(campaign=campaign)
    with pytest.raises(ValidationError) as err:
        services.assignments_create(actor=county_office, task=task, units=tree["units"][:30] + [tree["other"]])
    assert err.value.messages == [str(m.UNIT_OUT_OF_SCOPE).format(unit="高平市卫健局")]
    assert not Assignment.objects.exists() and not AuditEntry.objects.filter(action="assignment.create").exists()
    liaison = person_with_role(Role.LIAISON, tree["county"]).user
    with pytest.raises(PermissionDenied):
        services.assignments_create(actor=liaison, task=task, units=tree["units"][:3])
    assert not Assignment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_liaisons_of_the_units_are_told_once(tree, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    office, task, units = tree["office"], tree["tasks"][0], tree["units"]
    liaisons = [person_with_role(Role.LIAISON, u).user for u in units[:3]]
    other = person_with_role(Role.LIAISON, units[10]).user
    services.assignments_create(actor=office, task=task, units=units[:3], due_date=dt.date(2026, 9, 30))
    services.assignments_create(actor=office, task=task, units=units[:3])  # all skipped: no second message
    notes = Notification.objects.filter(key=f"task-assigned:{task.pk}")
    assert sorted(notes.values_list("recipient_id", flat=True)) == sorted(u.pk for u in liaisons)
    assert "2026年9月30日" in notes.first().text and not Notification.objects.filter(recipient=other).exists()


def test_the_audit_log_shows_a_long_list_of_ids_shortened(tree):
    from fazhi.audit.selectors import diff

    services.assignments_create(actor=tree["office"], task=tree["tasks"][0], units=tree["units"])
    row = AuditEntry.objects.get(action="assignment.create")
    shown = {c.field: c.after for c in diff(row)}
    assert shown["ids"].endswith("等 60 项") and shown["ids"].count("、") == 19
