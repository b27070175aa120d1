"""A page of a list whose total the view already has."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CountedPaginator(Paginator):
    """A paginator told its total: a list page that counts its rows per status or colour for its
    tabs has the total of the rows it lists among those counts, and need not count them again
    (at province scale a second count over a county's problems cost as much as the page)."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count
