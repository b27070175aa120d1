"""API of law study, exams and outreach: the same selectors as the pages for reads, the same
services for writes. `register(router)` adds study-sessions, study-lists, questions, exams,
exam-attempts, outreach-events and learning-figures."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core.api import IntegerFilter, LabelField, ServiceErrorsMixin, validated_input
from fazhi.org.apibase import ReadOnlyScopedViewSet, ScopedRelatedField, SubtreeFilter
from fazhi.core.workdays import today as local_today
from fazhi.org.api import people_of, unit_field
from fazhi.org.models import Person
from fazhi.org.scoping import access

from . import selectors, services
from .choices import Audience, ExamKind, ListKind, MaterialKind, OutreachKind, QuestionKind, SessionKind
from .models import Exam, ExamAttempt, OutreachEvent, Question, StudyList, StudySession


def person_field(**kwargs):
    return ScopedRelatedField(model=Person, scoped=people_of, **kwargs)


# --- study lists ---------------------------------------------------------------------------------

class StudyListItemSerializer(serializers.Serializer):
    law = serializers.CharField(max_length=200, label=_("法律法规"))
    articles = serializers.CharField(max_length=200, required=False, allow_blank=True, default="", label=_("条款"))


class StudyListSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind_display = LabelField("kind")
    audience_display = LabelField("audience")
    items = StudyListItemSerializer(many=True, read_only=True)

    class Meta:
        model = StudyList
        fields = ["id", "unit", "unit_name", "year", "kind", "kind_display", "audience", "audience_display", "title", "items"]
        read_only_fields = fields


class StudyListCreateSerializer(serializers.Serializer):
    unit = unit_field(label=_("制定单位"))
    year = serializers.IntegerField(min_value=2000, max_value=2100, label=_("年度"))
    kind = serializers.ChoiceField(choices=ListKind.choices, label=_("清单类别"))
    audience = serializers.ChoiceField(choices=Audience.choices, label=_("学习对象"))
    title = serializers.CharField(max_length=200, label=_("清单名称"))
    items = StudyListItemSerializer(many=True, required=False, default=list)


class StudyListViewSet(mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """学法清单 / 应知应会清单 of the caller's units, with laws and article references."""

    queryset = StudyList.objects.none()
    serializer_class = StudyListSerializer
    filterset_fields = ["year", "kind", "audience"]
    search_fields = ["title"]

    def get_queryset(self):
        return selectors.study_list_list(actor=self.request.user)

    @extend_schema(request=StudyListCreateSerializer, responses={201: StudyListSerializer})
    def create(self, request, *args, **kwargs):
        data = validated_input(StudyListCreateSerializer, request)
        data["items"] = [(i["law"], i["articles"]) for i in data.get("items", [])]
        obj = services.study_list_create(actor=request.user, **data)
        return Response(StudyListSerializer(self.get_queryset().get(pk=obj.pk)).data, status=status.HTTP_201_CREATED)


# --- study sessions ------------------------------------------------------------------------------

class StudySessionSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind_display = LabelField("kind")
    attendee_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = StudySession
        fields = ["id", "unit", "unit_name", "kind", "kind_display", "topic", "date", "hours", "law_hours", "laws",
                  "speaker", "place", "campaign", "study_list", "attendee_count", "created_at"]
        read_only_fields = fields


class StudySessionCreateSerializer(serializers.Serializer):
    unit = unit_field(label=_("组织单位"))
    kind = serializers.ChoiceField(choices=SessionKind.choices, label=_("类别"))
    topic = serializers.CharField(max_length=200, label=_("主题"))
    date = serializers.DateField(label=_("日期"))
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, label=_("学时"))
    law_hours = serializers.DecimalField(max_digits=5, decimal_places=1, label=_("法律学时"))
    laws = serializers.CharField(required=False, allow_blank=True, default="", label=_("学习的法律法规"))
    speaker = serializers.CharField(required=False, allow_blank=True, default="", label=_("主讲人"))
    place = serializers.CharField(required=False, allow_blank=True, default="", label=_("地点"))
    attendees = person_field(many=True, required=False, default=list, label=_("参训人员"))


class AttendeesSerializer(serializers.Serializer):
    people = person_field(many=True, label=_("参训人员"))


class StudySessionFilter(django_filters.FilterSet):
    unit = SubtreeFilter(path_field="unit__path")
    year = IntegerFilter(field_name="date__year", label=_("年度"), min_value=1900, max_value=2999)

    class Meta:
        model = StudySession
        fields = ["unit", "year", "kind", "campaign"]


class StudySessionViewSet(mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """Study sessions and trainings organised in the caller's subtrees."""

    queryset = StudySession.objects.none()
    serializer_class = StudySessionSerializer
    filterset_class = StudySessionFilter
    search_fields = ["topic", "laws", "speaker", "unit__name"]
    ordering_fields = ["date"]
    ordering = ["-date", "-id"]

    def get_queryset(self):
        return selectors.session_list(actor=self.request.user)

    def _done(self, session, code=status.HTTP_200_OK):
        return Response(StudySessionSerializer(self.get_queryset().get(pk=session.pk)).data, status=code)

    @extend_schema(request=StudySessionCreateSerializer, responses={201: StudySessionSerializer})
    def create(self, request, *args, **kwargs):
        session = services.study_session_create(actor=request.user, **validated_input(StudySessionCreateSerializer, request))
        return self._done(session, status.HTTP_201_CREATED)

    @extend_schema(request=AttendeesSerializer, responses=StudySessionSerializer)
    @action(detail=True, methods=["post"])
    def attendees(self, request, pk=None):
        session = self.get_object()
        services.attendance_add(actor=request.user, session=session, **validated_input(AttendeesSerializer, request))
        return self._done(session)


# --- questions -----------------------------------------------------------------------------------

class QuestionSerializer(serializers.ModelSerializer):
    kind_display = LabelField("kind")

    class Meta:
        model = Question
        fields = ["id", "unit", "kind", "kind_display", "text", "options", "answer", "law", "article", "difficulty",
                  "is_active"]
        read_only_fields = fields


class QuestionCreateSerializer(serializers.Serializer):
    unit = unit_field(label=_("题库单位"))
    kind = serializers.ChoiceField(choices=QuestionKind.choices, label=_("题型"))
    text = serializers.CharField(label=_("题干"))
    options = serializers.ListField(child=serializers.CharField(), required=False, default=list, label=_("选项"))
    answer = serializers.ListField(child=serializers.IntegerField(min_value=0), label=_("答案"))
    law = serializers.CharField(max_length=200, label=_("法律法规"))
    article = serializers.CharField(max_length=100, required=False, allow_blank=True, default="", label=_("条款"))
    difficulty = serializers.IntegerField(min_value=1, max_value=3, default=1, label=_("难度"))


class QuestionViewSet(mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """The question bank of the caller's units (with the answers: it is the office's bank)."""

    queryset = Question.objects.none()
    serializer_class = QuestionSerializer
    filterset_fields = ["kind", "law", "difficulty", "is_active"]
    search_fields = ["text", "law"]

    def get_queryset(self):
        return selectors.question_list(actor=self.request.user)

    @extend_schema(request=QuestionCreateSerializer, responses={201: QuestionSerializer})
    def create(self, request, *args, **kwargs):
        q = services.question_create(actor=request.user, **validated_input(QuestionCreateSerializer, request))
        return Response(QuestionSerializer(q).data, status=status.HTTP_201_CREATED)


# --- exams and attempts ----------------------------------------------------------------------------

def exams_for(user):
    """Exams organised in the user's subtrees, and those the user is a candidate of."""
    scoped = selectors.exam_list(actor=user).values("pk")
    return Exam.objects.filter(Q(pk__in=scoped) | Q(candidates__user=user)).distinct().select_related(
        "unit").order_by("-opens_at", "-id")


class ExamSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind_display = LabelField("kind")

    class Meta:
        model = Exam
        fields = ["id", "unit", "unit_name", "kind", "kind_display", "title", "opens_at", "closes_at", "time_limit",
                  "pass_mark", "max_attempts", "partial_credit", "rule", "seed", "paper"]
        read_only_fields = fields


class RuleSerializer(serializers.Serializer):
    law = serializers.CharField(required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=QuestionKind.choices, required=False, allow_blank=True, default="")
    difficulty = serializers.IntegerField(min_value=1, max_value=3, required=False, allow_null=True, default=None)
    count = serializers.IntegerField(min_value=1)


class ExamCreateSerializer(serializers.Serializer):
    unit = unit_field(label=_("组织单位"))
    kind = serializers.ChoiceField(choices=ExamKind.choices, label=_("考试类别"))
    title = serializers.CharField(max_length=200, label=_("考试名称"))
    opens_at = serializers.DateTimeField(label=_("开始时间"))
    closes_at = serializers.DateTimeField(label=_("截止时间"))
    time_limit = serializers.IntegerField(min_value=1, max_value=600, label=_("答题时限（分钟）"))
    pass_mark = serializers.IntegerField(min_value=0, max_value=100, default=60, label=_("及格分"))
    max_attempts = serializers.IntegerField(min_value=1, max_value=10, default=1, label=_("允许考试次数"))
    partial_credit = serializers.BooleanField(default=False, label=_("多选题少选得一半分"))
    rule = RuleSerializer(many=True, label=_("组卷规则"))
    candidates = person_field(many=True, label=_("应考人员"))
    seed = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None, label=_("组卷种子"))


class ExamViewSet(mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """Exams organised in the caller's subtrees, and those the caller is a candidate of."""

    queryset = Exam.objects.none()
    serializer_class = ExamSerializer
    filterset_fields = ["kind"]
    search_fields = ["title"]

    def get_queryset(self):
        return exams_for(self.request.user)

    @extend_schema(request=ExamCreateSerializer, responses={201: ExamSerializer})
    def create(self, request, *args, **kwargs):
        data = validated_input(ExamCreateSerializer, request)
        data["rule"] = [dict(r) for r in data["rule"]]
        exam = services.exam_create(actor=request.user, **data)
        return Response(ExamSerializer(exam).data, status=status.HTTP_201_CREATED)


class PaperQuestionSerializer(serializers.ModelSerializer):
    """A question as the candidate sees it: no answer."""

    class Meta:
        model = Question
        fields = ["id", "kind", "text", "options", "law", "article"]
        read_only_fields = fields


class ExamAttemptSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    exam_title = serializers.CharField(source="exam.title", read_only=True)

    class Meta:
        model = ExamAttempt
        fields = ["id", "exam", "exam_title", "person", "person_name", "number", "started_at", "deadline", "answers",
                  "submitted_at", "score", "passed"]
        read_only_fields = fields


class AttemptStartSerializer(serializers.Serializer):
    exam = serializers.IntegerField(label=_("考试"))


class AnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(child=serializers.ListField(child=serializers.IntegerField(min_value=0)),
                                    label=_("作答"), help_text=_("题目编号 → 所选选项序号（从 0 起）"))


class ExamAttemptViewSet(ReadOnlyScopedViewSet):
    """Attempts of people in the caller's subtrees and the caller's own; a candidate starts,
    saves and hands in here. The deadline is the server's."""

    queryset = ExamAttempt.objects.none()
    serializer_class = ExamAttemptSerializer
    filterset_fields = ["exam", "person", "passed"]
    ordering = ["-started_at", "-id"]

    def get_queryset(self):
        return selectors.attempt_list(actor=self.request.user)

    @extend_schema(request=AttemptStartSerializer, responses={201: ExamAttemptSerializer})
    def create(self, request, *args, **kwargs):
        exam_id = validated_input(AttemptStartSerializer, request)["exam"]
        attempt = services.attempt_start(actor=request.user, exam=access(exams_for(request.user), exam_id))
        return Response(ExamAttemptSerializer(attempt).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=PaperQuestionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def paper(self, request, pk=None):
        attempt = self.get_object()
        qs = Question.objects.in_bulk(attempt.exam.paper)
        return Response(PaperQuestionSerializer([qs[i] for i in attempt.exam.paper if i in qs], many=True).data)

    @extend_schema(request=AnswersSerializer, responses=ExamAttemptSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        attempt = services.attempt_answer(actor=request.user, attempt=self.get_object(),
                                          **validated_input(AnswersSerializer, request))
        return Response(ExamAttemptSerializer(attempt).data)

    @extend_schema(request=AnswersSerializer, responses=ExamAttemptSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        attempt = services.attempt_submit(actor=request.user, attempt=self.get_object(),
                                          **validated_input(AnswersSerializer, request))
        return Response(ExamAttemptSerializer(attempt).data)


# --- outreach ------------------------------------------------------------------------------------

class MaterialSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MaterialKind.choices, label=_("资料类别"))
    count = serializers.IntegerField(min_value=1, label=_("数量"))


class OutreachEventSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind_display = LabelField("kind")
    materials = MaterialSerializer(many=True, read_only=True)
    material_count = serializers.IntegerField(read_only=True)
    photo_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = OutreachEvent
        fields = ["id", "unit", "unit_name", "kind", "kind_display", "title", "place", "date", "participants", "laws",
                  "duty", "campaign", "materials", "material_count", "photo_count"]
        read_only_fields = fields


class OutreachEventCreateSerializer(serializers.Serializer):
    unit = unit_field(label=_("组织单位"))
    kind = serializers.ChoiceField(choices=OutreachKind.choices, label=_("活动形式"))
    title = serializers.CharField(max_length=200, label=_("活动名称"))
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="", label=_("地点"))
    date = serializers.DateField(label=_("日期"))
    participants = serializers.IntegerField(min_value=0, default=0, label=_("参与人数"))
    laws = serializers.CharField(max_length=300, required=False, allow_blank=True, default="", label=_("宣传的法律法规"))
    materials = MaterialSerializer(many=True, required=False, default=list)


class OutreachEventFilter(django_filters.FilterSet):
    unit = SubtreeFilter(path_field="unit__path")
    year = IntegerFilter(field_name="date__year", label=_("年度"), min_value=1900, max_value=2999)

    class Meta:
        model = OutreachEvent
        fields = ["unit", "year", "kind", "duty"]


class OutreachEventViewSet(mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """Outreach (普法) events organised in the caller's subtrees."""

    queryset = OutreachEvent.objects.none()
    serializer_class = OutreachEventSerializer
    filterset_class = OutreachEventFilter
    search_fields = ["title", "place", "laws"]
    ordering = ["-date", "-id"]

    def get_queryset(self):
        return selectors.outreach_list(actor=self.request.user).prefetch_related("materials")

    @extend_schema(request=OutreachEventCreateSerializer, responses={201: OutreachEventSerializer})
    def create(self, request, *args, **kwargs):
        data = validated_input(OutreachEventCreateSerializer, request)
        data["materials"] = [(i["kind"], i["count"]) for i in data.get("materials", [])]
        event = services.outreach_event_create(actor=request.user, **data)
        return Response(OutreachEventSerializer(self.get_queryset().get(pk=event.pk)).data, status=status.HTTP_201_CREATED)


# --- figures -------------------------------------------------------------------------------------

class FiguresQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False, label=_("年度"))
    unit = unit_field(required=False, allow_null=True, default=None, label=_("单位（含下级）"))


class LearningFiguresViewSet(ServiceErrorsMixin, viewsets.ViewSet):
    """The figures of `fazhi.learning.selectors.learning_figures` for a year (default: this year)."""

    @extend_schema(parameters=[OpenApiParameter("year", int), OpenApiParameter("unit", int)],
                   responses={200: dict})
    def list(self, request):
        s = FiguresQuerySerializer(data=request.query_params, context={"request": request})
        s.is_valid(raise_exception=True)
        year = s.validated_data.get("year") or local_today().year
        figures = selectors.learning_figures(actor=request.user, year=year, unit=s.validated_data.get("unit"))
        return Response(figures.as_dict())


def register(router) -> None:
    router.register("study-lists", StudyListViewSet, basename="study-list")
    router.register("study-sessions", StudySessionViewSet, basename="study-session")
    router.register("questions", QuestionViewSet, basename="question")
    router.register("exams", ExamViewSet, basename="exam")
    router.register("exam-attempts", ExamAttemptViewSet, basename="exam-attempt")
    router.register("outreach-events", OutreachEventViewSet, basename="outreach-event")
    router.register("learning-figures", LearningFiguresViewSet, basename="learning-figures")
