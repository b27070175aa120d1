"""API of the problem ledger: the same selectors as the pages for reads, the same services
for writes. `register(router)` adds problems, rectifications and supervision-notices."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from django.core.exceptions import PermissionDenied
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core.api import IntegerFilter, LabelField, ServiceErrorsMixin, validated_input
from fazhi.org.apibase import ReadOnlyScopedViewSet, ScopedRelatedField, SubtreeFilter
from fazhi.org.api import unit_field
from fazhi.org.choices import Role
from fazhi.org.scoping import visible_units

from . import messages as m
from . import selectors, services
from .choices import (Cause, EntryType, Evaluation, FourNots, PlanReview, ProblemSource, ProblemStatus, ReportStatus,
                      Responsibility, Severity, Tier)
from .excel import import_check, problems_import
from .models import Problem, ProblemCategory, Rectification, RectificationPlan, SupervisionNotice


def problems_of(user):
    return selectors.problem_list(actor=user)


def problem_field(**kwargs):
    return ScopedRelatedField(model=Problem, scoped=problems_of, **kwargs)


class RectificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rectification
        fields = ["id", "problem", "measures", "responsible_person", "deadline", "deadline_days", "updated_at"]
        read_only_fields = fields


class ProblemSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    category = serializers.CharField(source="category.name", read_only=True)
    source_display = LabelField("source")
    status_display = LabelField("status")
    tier = serializers.CharField(read_only=True, allow_null=True)
    overdue = serializers.BooleanField(read_only=True)
    rectification = serializers.SerializerMethodField()
    campaign_title = serializers.CharField(source="campaign.title", read_only=True, allow_null=True, default=None)
    entry_type_display = LabelField("entry_type")

    class Meta:
        model = Problem
        fields = ["id", "number", "campaign", "campaign_title", "entry_type", "entry_type_display", "unit", "unit_name", "source", "source_display", "source_type", "source_id", "category",
                  "cause", "responsibility", "severity", "description", "found_on", "four_nots", "plan", "status",
                  "status_display", "tier", "overdue", "rectification", "closed_at", "close_note", "explanation",
                  "explained_at", "is_published", "published_at", "lead_department", "lead_person", "check_note",
                  "checked_on", "evaluation", "evaluation_note", "evaluated_on", "created_at"]
        read_only_fields = fields

    def get_rectification(self, obj) -> dict | None:
        rect = getattr(obj, "rectification", None)
        return RectificationSerializer(rect).data if rect else None


class ProblemCreateSerializer(serializers.Serializer):
    unit = unit_field(label=_("责任单位"))
    description = serializers.CharField(label=_("问题描述"))
    category = serializers.SlugRelatedField(slug_field="name", queryset=ProblemCategory.objects.all(), required=False,
                                            allow_null=True, default=None, label=_("问题类别"))
    source = serializers.ChoiceField(choices=ProblemSource.choices, default=ProblemSource.SELF_CHECK, label=_("问题来源"))
    cause = serializers.ChoiceField(choices=Cause.choices, default=Cause.OTHER, label=_("原因性质"))
    responsibility = serializers.ChoiceField(choices=Responsibility.choices, required=False, allow_blank=True, default="",
                                             label=_("管辖责任"))
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.GENERAL, label=_("严重程度"))
    entry_type = serializers.ChoiceField(choices=EntryType.choices, default=EntryType.SPECIFIC, label=_("条目类型"))
    lead_department = serializers.CharField(required=False, allow_blank=True, default="", label=_("牵头部门"))
    lead_person = serializers.CharField(required=False, allow_blank=True, default="", label=_("具体责任人"))
    found_on = serializers.DateField(required=False, allow_null=True, default=None, label=_("发现日期"))
    four_nots = serializers.BooleanField(default=False, label=_("适用“四个不放过”"))
    measures = serializers.CharField(required=False, allow_blank=True, default="", label=_("整改措施"))
    responsible_person = serializers.CharField(required=False, allow_blank=True, default="", label=_("责任人"))
    deadline = serializers.DateField(required=False, allow_null=True, default=None, label=_("整改时限"))
    deadline_days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=365,
                                             label=_("整改时限（工作日）"))


class RectifySerializer(serializers.Serializer):
    measures = serializers.CharField(label=_("整改措施"))
    responsible_person = serializers.CharField(label=_("责任人"))
    deadline = serializers.DateField(required=False, allow_null=True, default=None, label=_("整改时限"))
    deadline_days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=365)


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(label=_("内容"))


class VerifySerializer(serializers.Serializer):
    accept = serializers.BooleanField(label=_("通过"))
    comment = serializers.CharField(required=False, allow_blank=True, default="", label=_("核验意见"))


class ConfirmSerializer(serializers.Serializer):
    item = serializers.ChoiceField(choices=FourNots.choices, label=_("事项"))
    note = serializers.CharField(required=False, allow_blank=True, default="", label=_("情况说明"))


class CloseSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", label=_("销号意见"))


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("理由"))


class ExplainSerializer(serializers.Serializer):
    explanation = serializers.CharField(label=_("解释说明"))


class LeadSerializer(serializers.Serializer):
    lead_department = serializers.CharField(label=_("牵头部门"))
    lead_person = serializers.CharField(label=_("具体责任人"))


class CheckSerializer(serializers.Serializer):
    note = serializers.CharField(label=_("检查情况"))


class SpecialEvaluationSerializer(serializers.Serializer):
    evaluation = serializers.ChoiceField(choices=Evaluation.choices, label=_("评估结论"))
    note = serializers.CharField(required=False, allow_blank=True, default="", label=_("评估意见"))


class GroupRowSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField())
    total = serializers.IntegerField()


class LedgerGroupsSerializer(serializers.Serializer):
    responsibility = GroupRowSerializer(many=True)
    cause = GroupRowSerializer(many=True)
    totals = serializers.DictField(child=serializers.IntegerField())
    total = serializers.IntegerField()


class ProblemFilter(django_filters.FilterSet):
    unit = SubtreeFilter(path_field="unit__path")
    campaign = IntegerFilter(field_name="campaign_id", label=_("所属活动"))
    category = django_filters.CharFilter(field_name="category__name", label=_("问题类别"))
    tier = django_filters.ChoiceFilter(choices=Tier.choices, label=_("督办等级"))
    overdue = django_filters.BooleanFilter(label=_("逾期"))

    class Meta:
        model = Problem
        fields = ["unit", "campaign", "entry_type", "source", "status", "category", "tier", "overdue", "responsibility",
                  "cause", "source_type", "source_id"]


class ProblemViewSet(mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """Problems in the caller's subtrees, with the actions of their life cycle."""

    queryset = Problem.objects.none()
    serializer_class = ProblemSerializer
    filterset_class = ProblemFilter
    search_fields = ["number", "description", "unit__name"]
    ordering_fields = ["found_on", "number", "status", "rectification__deadline"]
    ordering = ["-found_on", "-id"]

    def get_queryset(self):
        return problems_of(self.request.user)

    def _done(self, problem, code=status.HTTP_200_OK):
        return Response(ProblemSerializer(self.get_queryset().get(pk=problem.pk)).data, status=code)

    @extend_schema(request=ProblemCreateSerializer, responses={201: ProblemSerializer})
    def create(self, request, *args, **kwargs):
        problem = services.problem_create(actor=request.user, **validated_input(ProblemCreateSerializer, request))
        return self._done(problem, status.HTTP_201_CREATED)

    @extend_schema(request=RectifySerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def rectification(self, request, pk=None):
        problem = self.get_object()
        services.rectification_set(actor=request.user, problem=problem, **validated_input(RectifySerializer, request))
        return self._done(problem)

    @extend_schema(request=TextSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        problem = self.get_object()
        services.progress_add(actor=request.user, problem=problem, **validated_input(TextSerializer, request))
        return self._done(problem)

    @extend_schema(request=TextSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"], url_path="completion-report")
    def completion_report(self, request, pk=None):
        problem = self.get_object()
        services.completion_report_submit(actor=request.user, problem=problem, **validated_input(TextSerializer, request))
        return self._done(problem)

    @extend_schema(request=VerifySerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        problem = self.get_object()
        data = validated_input(VerifySerializer, request)
        report = problem.reports.filter(status=ReportStatus.SUBMITTED).first()
        if report is None:
            raise ValidationError(m.REPORT_NOT_PENDING)
        services.completion_report_verify(actor=request.user, report=report, **data)
        return self._done(problem)

    @extend_schema(request=ConfirmSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        problem = self.get_object()
        services.four_nots_confirm(actor=request.user, problem=problem, **validated_input(ConfirmSerializer, request))
        return self._done(problem)

    @extend_schema(request=CloseSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        problem = self.get_object()
        services.problem_close(actor=request.user, problem=problem, **validated_input(CloseSerializer, request))
        return self._done(problem)

    @extend_schema(request=ReopenSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        problem = self.get_object()
        services.problem_reopen(actor=request.user, problem=problem, **validated_input(ReopenSerializer, request))
        return self._done(problem)

    @extend_schema(request=ExplainSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def explain(self, request, pk=None):
        """End the problem 已解释说明; the explanation goes back to whoever raised it."""
        problem = self.get_object()
        services.problem_explain(actor=request.user, problem=problem, **validated_input(ExplainSerializer, request))
        return self._done(problem)

    @extend_schema(request=None, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """上墙公开: show the problem and its measures on the public portal."""
        problem = self.get_object()
        services.problem_publish(actor=request.user, problem=problem, publish=True)
        return self._done(problem)

    @extend_schema(request=None, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def unpublish(self, request, pk=None):
        problem = self.get_object()
        services.problem_publish(actor=request.user, problem=problem, publish=False)
        return self._done(problem)

    @extend_schema(request=LeadSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"], url_path="special-lead")
    def special_lead(self, request, pk=None):
        problem = self.get_object()
        services.special_lead_set(actor=request.user, problem=problem, **validated_input(LeadSerializer, request))
        return self._done(problem)

    @extend_schema(request=CheckSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"], url_path="special-check")
    def special_check(self, request, pk=None):
        problem = self.get_object()
        services.special_check(actor=request.user, problem=problem, **validated_input(CheckSerializer, request))
        return self._done(problem)

    @extend_schema(request=SpecialEvaluationSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"], url_path="special-evaluate")
    def special_evaluate(self, request, pk=None):
        problem = self.get_object()
        services.special_evaluate(actor=request.user, problem=problem, **validated_input(SpecialEvaluationSerializer, request))
        return self._done(problem)

    @extend_schema(responses=LedgerGroupsSerializer)
    @action(detail=False, methods=["get"])
    def summary(self, request):
        """Counts per 管辖责任 × status and per 原因性质 × status, under the list's filters."""
        qs = self.filter_queryset(self.get_queryset())
        return Response(LedgerGroupsSerializer(selectors.ledger_groups(qs)).data)


class RectificationViewSet(ReadOnlyScopedViewSet):
    queryset = Rectification.objects.none()
    serializer_class = RectificationSerializer
    filterset_fields = ["problem"]
    ordering_fields = ["deadline"]
    ordering = ["deadline", "id"]

    def get_queryset(self):
        return selectors.rectification_list(actor=self.request.user)


class SupervisionNoticeSerializer(serializers.ModelSerializer):
    tier_display = LabelField("tier")
    status_display = LabelField("status")
    trigger_display = LabelField("trigger")
    addressed_to_name = serializers.CharField(source="addressed_to.name", read_only=True)

    class Meta:
        model = SupervisionNotice
        fields = ["id", "number", "problem", "tier", "tier_display", "addressed_to", "addressed_to_name", "reason",
                  "issued_on", "issued_by", "automatic", "trigger", "trigger_display", "status", "status_display",
                  "previous", "closed_on"]
        read_only_fields = fields


class NoticeCreateSerializer(serializers.Serializer):
    problem = problem_field(label=_("问题"))
    tier = serializers.ChoiceField(choices=Tier.choices, label=_("督办等级"))
    reason = serializers.CharField(label=_("督办事由"))


class SupervisionNoticeViewSet(mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """Supervision notices (督办单); a notice issued here is one issued by hand."""

    queryset = SupervisionNotice.objects.none()
    serializer_class = SupervisionNoticeSerializer
    filterset_fields = ["problem", "tier", "status", "trigger"]
    ordering_fields = ["issued_on"]
    ordering = ["-issued_on", "-id"]

    def get_queryset(self):
        return selectors.notice_list(actor=self.request.user)

    @extend_schema(request=NoticeCreateSerializer, responses={201: SupervisionNoticeSerializer})
    def create(self, request, *args, **kwargs):
        notice = services.notice_issue(actor=request.user, **validated_input(NoticeCreateSerializer, request))
        return Response(SupervisionNoticeSerializer(notice).data, status=status.HTTP_201_CREATED)


class RectificationPlanSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind_display = LabelField("kind")
    review_status_display = LabelField("review_status")
    problem_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = RectificationPlan
        fields = ["id", "unit", "unit_name", "kind", "kind_display", "title", "text", "created_at", "filed_at", "is_public",
                  "review_status", "review_status_display", "review_reason", "reviewed_by", "reviewed_at", "revision",
                  "problem_count"]
        read_only_fields = fields


class PlanReviewSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", label=_("审核意见"))


class PlanReviseSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, label=_("标题"))
    text = serializers.CharField(required=False, allow_blank=True, default="", label=_("内容"))


class RectificationPlanViewSet(ReadOnlyScopedViewSet):
    """Rectification plans ("两方案一计划"): the unit files and revises, the office above approves or returns."""

    queryset = RectificationPlan.objects.none()
    serializer_class = RectificationPlanSerializer
    filterset_fields = ["unit", "kind", "review_status"]
    ordering_fields = ["filed_at", "reviewed_at"]
    ordering = ["unit__path", "kind", "id"]

    def get_queryset(self):
        return selectors.plan_list(actor=self.request.user)

    def _done(self, plan):
        return Response(RectificationPlanSerializer(self.get_queryset().get(pk=plan.pk)).data)

    @extend_schema(request=None, responses=RectificationPlanSerializer)
    @action(detail=True, methods=["post"], url_path="file")
    def file_plan(self, request, pk=None):
        plan = self.get_object()
        services.plan_file(actor=request.user, plan=plan)
        return self._done(plan)

    @extend_schema(request=PlanReviseSerializer, responses=RectificationPlanSerializer)
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        plan = self.get_object()
        services.plan_revise(actor=request.user, plan=plan, **validated_input(PlanReviseSerializer, request))
        return self._done(plan)

    @extend_schema(request=PlanReviewSerializer, responses=RectificationPlanSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        plan = self.get_object()
        services.plan_approve(actor=request.user, plan=plan, note=validated_input(PlanReviewSerializer, request)["reason"])
        return self._done(plan)

    @extend_schema(request=PlanReviewSerializer, responses=RectificationPlanSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_plan(self, request, pk=None):
        plan = self.get_object()
        services.plan_return(actor=request.user, plan=plan, reason=validated_input(PlanReviewSerializer, request)["reason"])
        return self._done(plan)


class ProblemImportSerializer(serializers.Serializer):
    file = serializers.FileField(label=_("Excel 文件（.xlsx）"))
    dry_run = serializers.BooleanField(default=False, label=_("仅预览，不写入"))
    valid_only = serializers.BooleanField(default=False, label=_("仅导入无误的行"))


class ImportRowSerializer(serializers.Serializer):
    row = serializers.IntegerField(source="number")
    action = serializers.CharField()
    problem = serializers.CharField(source="problem.number", allow_null=True, default=None)
    changes = serializers.ListField(child=serializers.CharField())
    errors = serializers.ListField(child=serializers.CharField())
    notes = serializers.ListField(child=serializers.CharField())


class ImportResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    written = serializers.BooleanField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    refused = serializers.IntegerField()
    errors = serializers.ListField(child=serializers.CharField())
    rows = ImportRowSerializer(many=True)


class ProblemImportViewSet(ServiceErrorsMixin, viewsets.GenericViewSet):
    """The ledger import of the page (导入 Excel 台账): rows with a known problem number update it,
    the others register new problems; `dry_run` answers what would happen and writes nothing."""

    parser_classes = [MultiPartParser, FormParser]
    serializer_class = ProblemImportSerializer

    @extend_schema(request={"multipart/form-data": ProblemImportSerializer}, responses={200: ImportResultSerializer,
                                                                                       201: ImportResultSerializer})
    def create(self, request, *args, **kwargs):
        data = validated_input(ProblemImportSerializer, request)
        if not visible_units(request.user, roles=[Role.OFFICE]).exists():
            raise PermissionDenied(m.NOT_OFFICE)
        report = import_check(data["file"], actor=request.user)
        counts = report.counts()
        if not data["dry_run"] and not report.errors and report.bad and not data["valid_only"]:
            report.errors.append(str(m.IMPORT_REFUSED).format(total=len(report.rows), bad=len(report.bad)))
        written = not data["dry_run"] and not report.errors
        if written:
            problems_import(actor=request.user, report=report, valid_only=data["valid_only"])
        body = {"dry_run": data["dry_run"], "written": written, **counts, "errors": report.errors, "rows": report.rows}
        code = status.HTTP_400_BAD_REQUEST if report.errors else (status.HTTP_201_CREATED if written else status.HTTP_200_OK)
        return Response(ImportResultSerializer(body).data, status=code)


def register(router) -> None:
    router.register("problem-imports", ProblemImportViewSet, basename="problem-import")
    router.register("problems", ProblemViewSet, basename="problem")
    router.register("rectifications", RectificationViewSet, basename="rectification")
    router.register("rectification-plans", RectificationPlanViewSet, basename="rectification-plan")
    router.register("supervision-notices", SupervisionNoticeViewSet, basename="supervision-notice")


__all__ = ["register", "ProblemViewSet", "RectificationViewSet", "RectificationPlanViewSet", "SupervisionNoticeViewSet", "ProblemStatus"]
