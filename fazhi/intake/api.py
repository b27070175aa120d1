"""Office API of the intake app: `submissions` and `meetings`, scoped like the pages.

No serializer here has a field for the reporter's identity; the intake role of the
receiving office reads it through the `reporter` action, which is audited like the page.
`register(router)` is called by the project's API module.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core.api import LabelField, validated_input
from fazhi.org.apibase import ScopedViewSet, SubtreeFilter
from fazhi.org.api import unit_field

from . import selectors, services
from .forms import MonthField
from .choices import Colour, MeetingKind, Rating, ReporterCategory, Source, SubmissionKind, SubmissionStatus
from .models import Meeting, Question, Questionnaire, Submission


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
    reporter_category = enum_field(ReporterCategory, read_only=True)
    reporter_category_display = LabelField("reporter_category")
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
                  "reporter_category", "reporter_category_display", "title", "text", "anonymous", "received_at", "ack_due", "conclude_due", "current_due", "colour",
                  "acknowledged_on", "concluded_on", "duplicate_of", "merged_into", "reason", "problem_id", "rating"]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.STR)
class MonthFilter(django_filters.Filter):
    """A month as 「2026-03」; another text answers 400 with the form's message."""

    field_class = MonthField


class SubmissionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=SubmissionKind.choices)
    source = django_filters.ChoiceFilter(choices=Source.choices)
    status = django_filters.ChoiceFilter(choices=SubmissionStatus.choices)
    colour = django_filters.ChoiceFilter(choices=Colour.choices)
    reporter_category = django_filters.ChoiceFilter(choices=ReporterCategory.choices)
    unit = SubtreeFilter(path_field="unit__path")
    assigned_unit = SubtreeFilter(path_field="assigned_unit__path", label=_("承办单位（含下级）"))
    received_by = SubtreeFilter(path_field="received_by__path", label=_("受理单位（含下级）"))
    month = MonthFilter(method="received_in", label=_("收到月份（如 2026-03）"))

    class Meta:
        model = Submission
        fields = ["kind", "source", "status", "colour", "reporter_category", "unit", "assigned_unit", "received_by", "meeting",
                  "month"]

    def received_in(self, queryset, name, value):
        return selectors.received_in_month(queryset, value) if value else queryset


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
    attendance_rate = serializers.IntegerField(read_only=True, allow_null=True)
    minutes_file = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "kind", "kind_display", "title", "organizer", "organizer_name", "campaign", "starts_at", "ends_at",
                  "place", "attendees", "agenda", "expected_count", "present_count", "attendance_rate", "present", "minutes",
                  "minutes_file", "opinion_count"]
        read_only_fields = ["campaign"]

    @extend_schema_field({"type": "string", "nullable": True})
    def get_minutes_file(self, obj):
        from django.urls import reverse

        return reverse("intake:meeting_minutes", args=[obj.pk]) if obj.minutes_file else None


class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                     ScopedViewSet):
    """动员大会、座谈会、评议会、民主生活会、通报会、总结大会: time, place, attendees, agenda,
    attendance (expected and present) and minutes. Filter by `kind` and `campaign`."""

    queryset = Meeting.objects.none()
    serializer_class = MeetingSerializer
    filterset_fields = ["kind", "campaign"]
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

    def update(self, request, *args, **kwargs):
        meeting = self.get_object()
        ser = self.get_serializer(meeting, data=request.data, partial=kwargs.pop("partial", False))
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        data.pop("organizer", None)  # a meeting keeps its organiser
        services.meeting_update(actor=request.user, meeting=meeting, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=meeting.pk)).data)


class ReadsIntake(permissions.BasePermission):
    """The roles of the intake office's pages (PAGE_ROLES["intake"]); the others meet 403, as on the pages."""

    message = _("只有投诉受理人员、领导小组办公室和领导可以查看民主评议。")

    def has_permission(self, request, view):
        from fazhi.org.access import may_use

        user = request.user
        return bool(user and user.is_authenticated and may_use(user, "intake"))


class SurveyQuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "text", "order"]


class QuestionnaireSerializer(serializers.ModelSerializer):
    questions = SurveyQuestionSerializer(many=True, read_only=True)
    campaign_title = serializers.CharField(source="campaign.title", read_only=True)
    response_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Questionnaire
        fields = ["id", "campaign", "campaign_title", "title", "intro", "is_open", "created_at", "questions", "response_count"]
        read_only_fields = fields


class QuestionnaireCreateSerializer(serializers.Serializer):
    campaign = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    intro = serializers.CharField(required=False, allow_blank=True)
    questions = serializers.ListField(child=serializers.CharField(max_length=300), allow_empty=True)
    is_open = serializers.BooleanField(required=False, default=True)


class SatisfactionSerializer(serializers.Serializer):
    unit_id = serializers.IntegerField()
    unit_name = serializers.CharField()
    percent = serializers.FloatField(allow_null=True, help_text=_("满意与基本满意占全部答案的百分比"))
    answers = serializers.IntegerField()
    responses = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    very_satisfied = serializers.IntegerField()


class QuestionnaireViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    """民主评议 questionnaires of the campaigns the caller sees, with each unit's satisfaction figure."""

    queryset = Questionnaire.objects.none()
    serializer_class = QuestionnaireSerializer
    permission_classes = [permissions.IsAuthenticated, ReadsIntake]
    filterset_fields = ["campaign", "is_open"]
    ordering = ["-created_at"]

    def get_queryset(self):
        return selectors.questionnaire_list(actor=self.request.user).prefetch_related("questions")

    @extend_schema(request=QuestionnaireCreateSerializer, responses={201: QuestionnaireSerializer})
    def create(self, request, *args, **kwargs):
        from fazhi.campaigns.selectors import campaign_get

        data = validated_input(QuestionnaireCreateSerializer, request)
        campaign = campaign_get(actor=request.user, pk=data.pop("campaign"))
        made = services.questionnaire_create(actor=request.user, campaign=campaign, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=made.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=SatisfactionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def satisfaction(self, request, pk=None):
        """Each unit's share of 满意 and 基本满意 answers, the number of answers and of answer sheets."""
        from fazhi.org.scoping import visible_units

        rows = selectors.satisfaction(self.get_object(), units=visible_units(request.user))
        return Response(SatisfactionSerializer(rows, many=True).data)


def register(router) -> None:
    router.register("submissions", SubmissionViewSet, basename="submission")
    router.register("meetings", MeetingViewSet, basename="meeting")
    router.register("questionnaires", QuestionnaireViewSet, basename="questionnaire")


