"""Two workers at once send each notice once: the day's ladders run once (a unique row per day),
a message reaches a person once (a unique key per person), a queued task runs once.

Real concurrency needs real connections: threads, each with its own database connection, on
the PostgreSQL test database (run with DATABASE_URL=postgres://…). On SQLite the once-a-day
guard is tested in sequence (tests/campaigns/test_supervision.py).
"""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from fazhi.campaigns import services
from fazhi.notices.delivery import deliver
from fazhi.notices.ladder import run_day
from fazhi.notices.models import LadderRun, Notification
from fazhi.org.choices import Role, UnitKind
from tests.factories import CampaignFactory, PhaseFactory, TaskFactory, UnitFactory, person_with_role

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(connection.vendor != "postgresql",
                                 reason="concurrent writers need PostgreSQL (the in-memory test SQLite locks whole tables)")]


def _together(n, target):
    barrier = threading.Barrier(n)
    errors = []

    def run():
        try:
            barrier.wait(timeout=30)
            target()
        except Exception as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors


@pytest.fixture
def world():
    city = UnitFactory(name="市卫健委", kind=UnitKind.ADMIN_DEPT)
    counties = [UnitFactory(name=f"县{n}卫健局", kind=UnitKind.ADMIN_DEPT, parent=city) for n in range(4)]
    office = person_with_role(Role.OFFICE, city, username="office").user
    liaisons = [person_with_role(Role.LIAISON, c, username=f"liaison{n}").user for n, c in enumerate(counties)]
    campaign = CampaignFactory(issuer=city, start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 12, 31))
    PhaseFactory(campaign=campaign, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    task = TaskFactory(campaign=campaign)
    services.assignments_create(actor=office, task=task, units=counties, due_date=dt.date(2026, 9, 30))
    return dict(office=office, liaisons=liaisons)


def test_two_workers_run_the_day_once_and_send_each_notice_once(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    results = []
    _together(2, lambda: results.append(run_day(dt.date(2026, 10, 8))))
    assert sorted(r is None for r in results) == [False, True]  # one ran the day, the other found it done
    assert LadderRun.objects.count() == 1
    # Each liaison: one red notice and one +1 reminder, once.
    for liaison in world["liaisons"]:
        keys = list(Notification.objects.filter(recipient=liaison).exclude(key__startswith="task-assigned:")
                    .values_list("key", flat=True))
        assert len(keys) == 2 and len(set(keys)) == 2


def test_two_deliveries_of_one_message_leave_one_row_each(world):
    ids = [u.pk for u in world["liaisons"]]
    counts = []
    _together(4, lambda: counts.append(deliver(ids, "提醒：请按时报送。", "same-key")))
    assert Notification.objects.filter(key="same-key").count() == len(ids)
    assert set(Notification.objects.filter(key="same-key").values_list("recipient_id", flat=True)) == set(ids)


def test_two_queue_workers_run_each_queued_task_once(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    from fazhi.notices.tasks import send_notifications

    ids = [u.pk for u in world["liaisons"]]
    for n in range(20):
        send_notifications.enqueue(ids, f"第 {n} 条", f"k{n}")
    from django_tasks_db.management.commands.db_worker import Worker

    def work(n=[0]):
        n[0] += 1
        Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False, max_tasks=None,
               worker_id=f"host{n[0]}", excluded_queue_names=[]).run()

    _together(2, work)
    assert Notification.objects.filter(key__startswith="k").count() == 20 * len(ids)
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 20
