"""双随机、一公开: the draw is reproduced from its recorded seed; the conflict rule holds; a draw
with too few inspectors is refused and nothing is written."""

import pytest
from django.core.exceptions import ValidationError

from fazhi.enforcement import services
from fazhi.enforcement.models import DrawPick, InspectionObject, Inspector, RandomDraw
from fazhi.org.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(w):
    hospitals = [Unit.objects.create(name=f"泽州县第{i}医院", kind="institution", parent=w.zezhou) for i in range(6)]
    for i, h in enumerate(hospitals):
        services.inspection_object_create(actor=w.office, unit=w.city, name=h.name, belongs_to=h, category="医疗机构")
    for i in range(5):
        services.inspector_create(actor=w.office, unit=w.city, name=f"检查员{i}", home_unit=hospitals[i % 2])
    return hospitals


def test_same_seed_same_result_and_the_conflict_rule(w, lists):
    draw = services.draw_make(actor=w.office, unit=w.city, title="2026 年医疗机构双随机抽查", object_count=4,
                              inspectors_per_object=2, seed="20260615-01")
    picks = [(p.object_id, p.inspector_id) for p in DrawPick.objects.filter(draw=draw).order_by("object_id", "inspector_id")]
    replay = [(o.pk, i.pk) for o, chosen in services.draw_replay(draw) for i in chosen]
    assert sorted(replay) == picks and len(picks) == 8
    for p in DrawPick.objects.filter(draw=draw).select_related("object", "inspector"):
        assert p.inspector.home_unit_id != p.object.belongs_to_id
    other = services.draw_make(actor=w.office, unit=w.city, title="再抽一次", object_count=4, inspectors_per_object=2,
                               seed="another-seed")
    assert sorted((p.object_id, p.inspector_id) for p in other.picks.all()) != picks
    # The pure function on the lists in any order gives the same draw as the recorded one.
    again = services.compute_draw("20260615-01", list(InspectionObject.objects.order_by("-id")),
                                  list(Inspector.objects.order_by("?")), 4, 2)
    assert sorted((o.pk, i.pk) for o, chosen in again for i in chosen) == picks


def test_too_few_inspectors_refused_nothing_written(w, lists):
    with pytest.raises(ValidationError) as e:
        services.draw_make(actor=w.office, unit=w.city, title="抽查", object_count=6, inspectors_per_object=3, seed="x")
    # 泽州县第0医院 has three of the five inspectors: two are left for it.
    assert e.value.messages == ["检查对象“泽州县第0医院”可抽取的检查人员只有 2 名（已排除本单位人员），少于每个对象所需的 3 名。"]
    assert not RandomDraw.objects.exists() and not DrawPick.objects.exists()


def test_publish_once(w, lists):
    draw = services.draw_make(actor=w.office, unit=w.city, title="抽查", object_count=2, seed="s")
    services.draw_publish(actor=w.office, draw=draw, results="均未发现违法行为")
    with pytest.raises(ValidationError):
        services.draw_publish(actor=w.office, draw=draw, results="再公开")
