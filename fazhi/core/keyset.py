"""Keyset pagination for long logs ordered newest first by (time, id).

An offset page (`LIMIT 25 OFFSET 100000`) makes the database read and throw away every row
before it, so the hundredth thousand row costs a hundred thousand reads. A keyset page starts
from the last row seen (`?before=<id>`) or the first (`?after=<id>`) and reads only its own
rows through the index on (time, id), however deep it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet


@dataclass
class KeysetPage:
    object_list: list
    newer: int | None = None  # id to pass as ?after= for the page before (newer rows)
    older: int | None = None  # id to pass as ?before= for the page after (older rows)
    extra: dict = field(default_factory=dict)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_other_pages(self) -> bool:
        return self.newer is not None or self.older is not None


def _int(value) -> int | None:
    return int(value) if value is not None and str(value).isdigit() else None


def keyset_page(qs: QuerySet, *, size: int, before=None, after=None, time_field: str = "at") -> KeysetPage:
    """One page of `qs` ordered by (-time_field, -id); `before`/`after`: the id of a row in `qs`
    (a stale or foreign id falls back to the first page)."""
    before, after = _int(before), _int(after)
    anchor_id = before or after
    anchor = qs.filter(pk=anchor_id).values_list(time_field, "pk").first() if anchor_id else None
    ordered = qs.order_by(f"-{time_field}", "-id")
    if anchor and before:
        t, pk = anchor
        rows = list(ordered.filter(Q(**{f"{time_field}__lt": t}) | Q(**{time_field: t, "pk__lt": pk}))[:size + 1])
        has_older, has_newer = len(rows) > size, True
        rows = rows[:size]
    elif anchor and after:
        t, pk = anchor
        rows = list(qs.order_by(time_field, "id").filter(Q(**{f"{time_field}__gt": t}) | Q(**{time_field: t, "pk__gt": pk}))[:size + 1])
        has_newer, has_older = len(rows) > size, True
        rows = list(reversed(rows[:size]))
    else:
        rows = list(ordered[:size + 1])
        has_older, has_newer = len(rows) > size, False
        rows = rows[:size]
    return KeysetPage(rows, newer=rows[0].pk if rows and has_newer else None,
                      older=rows[-1].pk if rows and has_older else None)
