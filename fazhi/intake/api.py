"""Office API of the intake app: `submissions` and `meetings`, scoped like the pages.

No serializer here has a field for the reporter's identity; the intake role of the
receiving office reads it through the `reporter` action, which is audited like the page.
`register(router)` is called by the project's API module.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core.api import LabelField, validated_input
from fazhi.org.apibase import ScopedViewSet, SubtreeFilter
from fazhi.org.api import unit_field

from . import selectors, services
from .choices import Colour, MeetingKind, Rating, Source, SubmissionKind, SubmissionStatus
from .models import Meeting, Submission


def enum_field(choices, **kwargs):
    """A choice field whose schema is an inline enum: several apps have a "kind" or a "status",
    and named enum components of the same name would collide in the schema."""
    schema = {"type": "string" if isinstance(choices.values[0], str) else "integer", "enum": list(choices.values)}
    field_class = extend_schema_field(schema)(type(f"{choices.__name__}Field", (serializers.ChoiceField,), {}))
    return field_class(choices=choices.choices, **kwargs)


class SubmissionSerializer(serializers.ModelSerializer):
    kind = enum_field(SubmissionKind, read_only=True)
    source = enum_field(Source, read_only=True)
    status = enum_field(SubmissionStatus, read_only=True)
    rating = enum_field(Rating, read_only=True)
    kind_display = LabelField("kind")
    source_display = LabelField("source")
    status_display = LabelField("status")
    unit_name = serializers.CharField(source="unit.name", read_only=True, default="")
    received_by_name = serializers.CharField(source="received_by.name", read_only=True)
    assigned_unit_name = serializers.CharField(source="assigned_unit.name", read_only=True, default="")
    current_due = serializers.DateField(read_only=True)
    colour = enum_field(Colour, read_only=True)

    class Meta:
        model = Submission
        fields = ["id", "case_number", "kind", "kind_display", "source", "source_display", "status", "status_display",
                  "unit", "unit_name", "received_by", "received_by_name", "assigned_unit", "assigned_unit_name", "meeting",
                  "title", "text", "anonymous", "received_at", "ack_due", "conclude_due", "current_due", "colour",
                  "acknowledged_on", "concluded_on", "duplicate_of", "merged_into", "reason", "problem_id", "rating"]
        read_only_fields = fields


class SubmissionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=SubmissionKind.choices)
    source = django_filters.ChoiceFilter(choices=Source.choices)
    status = django_filters.ChoiceFilter(choices=SubmissionStatus.choices)
    colour = django_filters.ChoiceFilter(choices=Colour.choices)
    unit = SubtreeFilter(path_field="unit__path")
    assigned_unit = SubtreeFilter(path_field="assigned_unit__path", label=_("承办单位（含下级）"))

    class Meta:
        model = Submission
        fields = ["kind", "source", "status", "colour", "unit", "assigned_unit", "meeting"]


class SubmissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Cases from the public, with their deadlines and colours; never who sent them."""

    queryset = Submission.objects.none()
    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilter
    search_fields = ["case_number", "title", "text"]
    ordering_fields = ["received_at", "current_due", "status", "kind"]
    ordering = ["-received_at"]

    def get_queryset(self):
        return selectors.submission_list(actor=self.request.user)

    @extend_schema(request=None, responses={200: inline_serializer("ReporterIdentity", {
        "name": serializers.CharField(), "phone": serializers.CharField(), "ip": serializers.CharField()})})
    @action(detail=True, methods=["get"])
    def reporter(self, request, pk=None):
        """The reporter's identity: the intake role of the receiving office only; audited."""
        return Response(services.reporter_read(actor=request.user, submission=self.get_object()))

    @extend_schema(request=inline_serializer("RouteInput", {"unit": serializers.IntegerField()}), responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def route(self, request, pk=None):
        class RouteInput(serializers.Serializer):
            unit = unit_field()

        data = validated_input(RouteInput, request)
        sub = services.submission_route(actor=request.user, submission=self.get_object(), unit=data["unit"])
        return Response(self.get_serializer(self.get_queryset().get(pk=sub.pk)).data)


class MeetingSerializer(serializers.ModelSerializer):
    kind = enum_field(MeetingKind)
    kind_display = LabelField("kind")
    organizer = unit_field()
    organizer_name = serializers.CharField(source="organizer.name", read_only=True)
    opinion_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "kind", "kind_display", "title", "organizer", "organizer_name", "campaign", "starts_at", "ends_at",
                  "place", "attendees", "agenda", "opinion_count"]
        read_only_fields = ["campaign"]


class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    """动员大会、座谈会、评议会: time, place, attendees, agenda."""

    queryset = Meeting.objects.none()
    serializer_class = MeetingSerializer
    filterset_fields = ["kind"]
    search_fields = ["title", "place"]
    ordering_fields = ["starts_at"]
    ordering = ["-starts_at"]

    def get_queryset(self):
        return selectors.meeting_list(actor=self.request.user)

    def create(self, request, *args, **kwargs):
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        meeting = services.meeting_create(actor=request.user, **ser.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=meeting.pk)).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("submissions", SubmissionViewSet, basename="submission")
    router.register("meetings", MeetingViewSet, basename="meeting")


