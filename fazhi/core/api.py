"""Pieces every API module shares that need no unit: error mapping, input parsing, fields and
filters, and the resource of the statutory calendar. The scoped pieces (related fields and
viewsets that see through the caller's grants, the subtree filter) are in fazhi.org.apibase.

The API reuses the pages' selectors and services; what lives here only translates between
HTTP and them: a service's ValidationError becomes 400 with its Chinese message, its
PermissionDenied 403, an object outside the caller's scope 404 with the same message as
a missing one.
"""

from __future__ import annotations

from functools import lru_cache

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, renderers, serializers, viewsets
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from .messages import NOT_FOUND
from .models import StatutoryDay


# --- errors -----------------------------------------------------------------------------

def validation_body(exc: DjangoValidationError) -> dict:
    """A service's ValidationError as a response body.

    `detail` always carries every message as one string, so that a client can show it as
    is; errors tied to a field are also listed under that field, as DRF does for its own.
    """
    body: dict = {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            key = api_settings.NON_FIELD_ERRORS_KEY if field == "__all__" else field
            body[key] = [str(m) for e in errors for m in e.messages]
    body["detail"] = " ".join(str(m) for m in exc.messages)
    return body


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        return Response(validation_body(exc), status=400)
    if isinstance(exc, Http404) and not exc.args:
        exc = Http404(NOT_FOUND)
    return drf_exception_handler(exc, context)


class ServiceErrorsMixin:
    """Use the handler above on this view without touching the global settings."""

    def get_exception_handler(self):
        return exception_handler


def validated_input(serializer_class, request, **context) -> dict:
    """Parse a request body with an input serializer; DRF's 400 on bad input."""
    serializer = serializer_class(data=request.data, context={"request": request, **context})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class PassthroughRenderer(renderers.BaseRenderer):
    """Lets a client that asks for the file's own type reach a download action (no 406).

    The file response itself is never rendered; an error body is still sent as JSON.
    """

    media_type = "*/*"
    format = "file"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, (bytes, str)):
            return data
        return renderers.JSONRenderer().render(data, renderer_context=renderer_context)


@lru_cache(maxsize=None)
def _choice_labels(field) -> dict:
    """value -> label (lazy, translated when read) of a model field's choices, built once per field."""
    return dict(field.flatchoices)


@extend_schema_field(serializers.CharField())
class LabelField(serializers.ReadOnlyField):
    """The translated label of a choice field, as `get_<field>_display()` gives it. Read from the
    field's choices mapped once per process: Django's display method rebuilds the map and
    translates every label of the field for each row (with DRF inspecting the method's signature
    too), which was a quarter of the time of an API list page."""

    def __init__(self, source_field: str, **kwargs):
        super().__init__(source=source_field, **kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        self.labels = _choice_labels(parent.Meta.model._meta.get_field(self.source))

    def to_representation(self, value):
        return force_str(self.labels.get(value, value), strings_only=True)


class IntegerFilter(django_filters.NumberFilter):
    """A whole number within the database's integer range. django-filter's NumberFilter takes any
    decimal (0.0, 1e5, twenty digits) and lets the query fail; this one answers 400 with the form's message."""

    field_class = forms.IntegerField

    def __init__(self, *, min_value: int = 1, max_value: int = 2**63 - 1, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


# --- statutory calendar ----------------------------------------------------------------------

class StatutoryDaySerializer(serializers.ModelSerializer):
    kind_display = LabelField("kind")

    class Meta:
        model = StatutoryDay
        fields = ["id", "date", "kind", "kind_display", "name"]


class StatutoryDayFilter(django_filters.FilterSet):
    year = IntegerFilter(field_name="date__year", min_value=1, max_value=9999, label=_("年度"))

    class Meta:
        model = StatutoryDay
        fields = ["year", "kind"]


class StatutoryDayViewSet(ServiceErrorsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The office's holiday table (放假安排) for years the bundled calendar does not know.

    The table is the same for everyone and holds no unit's data, so any signed-in user reads it.
    """

    queryset = StatutoryDay.objects.all()
    lookup_value_converter = "int"
    serializer_class = StatutoryDaySerializer
    filterset_class = StatutoryDayFilter
    ordering_fields = ["date"]
    ordering = ["date"]
    search_fields = ["name"]
