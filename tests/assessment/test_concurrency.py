"""Two inspectors saving the same item at the same moment lose neither write (PostgreSQL)."""

import threading
from decimal import Decimal as D

import pytest
from django.db import connection, connections

from fazhi.assessment import services
from fazhi.assessment.models import Assessment, ItemScore

from .conftest import assessment

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serialises every writer")
def test_two_inspectors_saving_the_same_item_at_once(world):
    w = world
    a = assessment(w, 1, w.windows[0])
    item = w.items["宣传栏"]
    barrier = threading.Barrier(2)
    errors = []

    def save(user, points):
        try:
            barrier.wait(timeout=10)
            services.item_scores_save(actor=user, assessment=a, entries=[
                services.ScoreEntry(item_id=item.pk, points=points, reason="不足")])
        except Exception as e:  # reported below: a thread cannot fail the test itself
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(w.inspector, "40")), threading.Thread(target=save, args=(w.inspector2, "30"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(ItemScore.objects.filter(assessment=a, item=item).values_list("points", flat=True)) == [D("30"), D("40")]
    a = Assessment.objects.get(pk=a.pk)
    assert a.item_finals[str(item.pk)]["p"] == "35.0"  # the totals saw both marks
