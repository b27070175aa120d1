"""The scoped API base classes: related fields and viewsets that see only what the caller's
grants reach, and the filter by unit subtree. Every API module of the product builds on these
(core's fazhi.core.api has the pieces that need no unit).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound

from fazhi.core.api import IntegerFilter, ServiceErrorsMixin

from .models import Unit
from .scoping import NOT_FOUND, access, subtree_q


# --- scoped relations ---------------------------------------------------------------------

class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key resolved inside the caller's scope.

    `scoped(user)` returns the queryset the caller may see. An id outside it answers 404,
    exactly like a detail URL out of scope, so that a write cannot be used to probe which
    ids exist in another unit's subtree.
    """

    def __init__(self, *, model, scoped, **kwargs):
        self.scoped = scoped
        # An empty queryset only tells the schema generator what the key is; lookups go
        # through get_queryset.
        super().__init__(queryset=model._default_manager.none(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.scoped(getattr(request, "user", None))

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("incorrect_type", data_type=type(data).__name__)
        qs = self.get_queryset()
        try:
            return qs.get(pk=data)
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        except qs.model.DoesNotExist:
            raise NotFound(NOT_FOUND)


# --- base viewset ---------------------------------------------------------------------------

class ScopedViewSet(ServiceErrorsMixin, viewsets.GenericViewSet):
    """A viewset whose `get_queryset` is a selector's scoped queryset.

    Detail URLs go through `access`, so a missing object and one outside the caller's scope
    answer the same 404 and the same message. A subclass's `queryset = Model.objects.none()`
    only names the model for the schema generator; rows always come from `get_queryset`.
    """

    lookup_value_converter = "int"

    def get_object(self):
        obj = access(self.get_queryset(), self.kwargs[self.lookup_url_kwarg or self.lookup_field])
        self.check_object_permissions(self.request, obj)
        return obj


class ReadOnlyScopedViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    pass


class SubtreeFilter(IntegerFilter):
    """Rows whose unit lies in the subtree of the unit given by id (the unit itself included)."""

    def __init__(self, *, path_field: str, **kwargs):
        self.path_field = path_field
        kwargs.setdefault("label", _("单位（含下级）"))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        path = Unit.objects.filter(pk=value).values_list("path", flat=True).first()
        return qs.filter(subtree_q(path, self.path_field)) if path else qs.none()
