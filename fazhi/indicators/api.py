"""API of indicators: each with its current figure and colour for its own unit; the per-unit
evaluation at /api/indicators/{id}/results/. `register(router)` adds the resource."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core.api import LabelField, validated_input
from fazhi.org.apibase import ReadOnlyScopedViewSet
from fazhi.org.api import unit_field
from fazhi.org.choices import UnitKind

from . import selectors, services
from .choices import Operator, Period
from .models import Indicator


class EvaluationSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    period_start = serializers.DateField(source="start")
    period_end = serializers.DateField(source="end")
    value = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    numerator = serializers.DecimalField(source="figure.numerator", max_digits=14, decimal_places=2)
    denominator = serializers.DecimalField(source="figure.denominator", max_digits=14, decimal_places=2, allow_null=True)
    colour = serializers.CharField()


class IndicatorSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    op_display = LabelField("op")
    period_display = LabelField("period")
    current = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = ["id", "title", "text", "campaign", "unit", "unit_name", "measure", "op", "op_display", "threshold",
                  "period", "period_display", "applies_to", "is_active", "current"]
        read_only_fields = fields

    @extend_schema(responses=EvaluationSerializer)
    def get_current(self, obj) -> dict | None:
        """The indicator's own unit in the period holding today: value, colour, numbers behind it."""
        if not obj.is_active:
            return None
        current = self.context.get("current")  # the list's, evaluated together (IndicatorViewSet.list)
        if current is not None:
            return EvaluationSerializer(current[obj.pk]).data if obj.pk in current else None
        evaluations = selectors.evaluate(actor=self.context["request"].user, indicator=obj, units=[obj.unit])
        return EvaluationSerializer(evaluations[0]).data if evaluations else None


class IndicatorCreateSerializer(serializers.Serializer):
    unit = unit_field()
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(required=False, allow_blank=True, default="")
    measure = serializers.CharField(max_length=60)
    op = serializers.ChoiceField(choices=Operator.choices, default=Operator.AT_LEAST)
    threshold = serializers.DecimalField(max_digits=12, decimal_places=4)
    period = serializers.ChoiceField(choices=Period.choices, default=Period.YEAR)
    applies_to = serializers.ListField(child=serializers.ChoiceField(choices=UnitKind.choices), required=False, default=list)


class IndicatorViewSet(mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    queryset = Indicator.objects.none()
    serializer_class = IndicatorSerializer
    search_fields = ["title", "text"]
    ordering = ["id"]

    def get_queryset(self):
        return selectors.indicator_list(actor=self.request.user, filters={"active": False}).order_by("id")

    def list(self, request, *args, **kwargs):
        """The page's indicators evaluated together: as many queries as kinds of measure on it."""
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = page if page is not None else list(queryset)
        current = selectors.evaluate_many(actor=request.user, pairs=[(i, i.unit) for i in rows if i.is_active])
        context = {**self.get_serializer_context(), "current": {ev.indicator.pk: ev for ev in current}}
        data = self.get_serializer(rows, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(request=IndicatorCreateSerializer, responses={201: IndicatorSerializer})
    def create(self, request, *args, **kwargs):
        indicator = services.indicator_create(actor=request.user, **validated_input(IndicatorCreateSerializer, request))
        return Response(IndicatorSerializer(indicator, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=EvaluationSerializer(many=True))
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        indicator = self.get_object()
        return Response(EvaluationSerializer(selectors.evaluate(actor=request.user, indicator=indicator), many=True).data)


def register(router) -> None:
    router.register("indicators", IndicatorViewSet, basename="indicator")
