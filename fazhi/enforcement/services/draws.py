"""双随机、一公开: random draws of inspection objects and inspectors from the unit's lists.

The draw is a pure function of the recorded seed and the two lists (ordered by id), so the
same seed on the same lists gives the same result, on any machine, at any later time. An
inspector is never drawn for an object of their own unit.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import messages as m
from ..choices import DrawStatus
from ..models import DrawPick, InspectionObject, Inspector, RandomDraw
from .common import past_date, require_office, required, saved, snapshot
from fazhi.core.formats import cn_date
from fazhi.core import rollups


def compute_draw(seed: str, objects: list, inspectors: list, object_count: int, per_object: int) -> list[tuple]:
    """[(object, [inspectors…]), …]: `object_count` objects, `per_object` inspectors each, none
    from the object's own unit. Raises ValidationError when a list is too short."""
    if object_count < 1 or per_object < 1:
        raise ValidationError(m.DRAW_COUNTS)
    objects = sorted(objects, key=lambda o: o.pk)
    inspectors = sorted(inspectors, key=lambda i: i.pk)
    if len(objects) < object_count:
        raise ValidationError(str(m.DRAW_TOO_FEW_OBJECTS).format(have=len(objects), need=object_count))
    rng = random.Random(f"fazhi-draw:{seed}")
    chosen = sorted(rng.sample(objects, object_count), key=lambda o: o.pk)
    result = []
    for obj in chosen:
        eligible = [i for i in inspectors if obj.belongs_to_id is None or i.home_unit_id != obj.belongs_to_id]
        if len(eligible) < per_object:
            raise ValidationError(str(m.DRAW_TOO_FEW_INSPECTORS).format(object=obj.name, have=len(eligible), need=per_object))
        result.append((obj, sorted(rng.sample(eligible, per_object), key=lambda i: i.pk)))
    return result


def draw_pool(unit) -> tuple[list, list]:
    return (list(InspectionObject.objects.filter(unit=unit, is_active=True)),
            list(Inspector.objects.filter(unit=unit, is_active=True)))


@transaction.atomic
def inspection_object_create(*, actor, unit, name: str, belongs_to=None, category: str = "") -> InspectionObject:
    require_office(actor, unit)
    return saved(InspectionObject(unit=unit, name=required(name, "name", _("检查对象")), belongs_to=belongs_to,
                                  category=(category or "").strip()), actor=actor, action="inspection_object.create", unit=unit)


@transaction.atomic
def inspector_create(*, actor, unit, name: str, home_unit, certificate: str = "") -> Inspector:
    require_office(actor, unit)
    return saved(Inspector(unit=unit, name=required(name, "name", _("姓名")), home_unit=home_unit,
                           certificate=(certificate or "").strip()), actor=actor, action="inspector.create", unit=unit)


@transaction.atomic
def draw_make(*, actor, unit, title: str, object_count: int, inspectors_per_object: int = 2, seed: str = "",
              drawn_on: dt.date | None = None) -> RandomDraw:
    require_office(actor, unit)
    seed = (seed or "").strip() or secrets.token_hex(8)
    objects, inspectors = draw_pool(unit)
    picks = compute_draw(seed, objects, inspectors, object_count, inspectors_per_object)  # refuses before any write
    draw = saved(RandomDraw(unit=unit, title=required(title, "title", _("抽查事项")),
                            drawn_on=past_date(drawn_on, "drawn_on", _("抽取日期")), seed=seed, object_count=object_count,
                            inspectors_per_object=inspectors_per_object, drawn_by=actor if actor.is_authenticated else None),
                 actor=actor, action="random_draw.create", unit=unit)
    DrawPick.objects.bulk_create([DrawPick(draw=draw, object=obj, inspector=i) for obj, chosen in picks for i in chosen])
    rollups.bump()  # a write that sends no signal (fazhi.core.rollups)
    return draw


def draw_replay(draw: RandomDraw) -> list[tuple]:
    """The draw computed again from its recorded seed on the current lists."""
    objects, inspectors = draw_pool(draw.unit)
    return compute_draw(draw.seed, objects, inspectors, draw.object_count, draw.inspectors_per_object)


@transaction.atomic
def draw_publish(*, actor, draw: RandomDraw, results: str, on: dt.date | None = None) -> RandomDraw:
    draw = RandomDraw.objects.select_for_update(of=("self",)).select_related("unit").get(pk=draw.pk)
    require_office(actor, draw.unit)
    if draw.status == DrawStatus.PUBLISHED:
        raise ValidationError(str(m.DRAW_ALREADY_PUBLISHED).format(on=cn_date(draw.published_on)))
    before = snapshot(draw)
    draw.status, draw.published_on = DrawStatus.PUBLISHED, past_date(on, "published_on", _("结果公开日期"))
    draw.results = required(results, "results", _("检查结果"))
    return saved(draw, actor=actor, action="random_draw.publish", unit=draw.unit, before=before)
