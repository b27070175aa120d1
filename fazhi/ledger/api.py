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
from .choices import Cause, FourNots, ProblemSource, ProblemStatus, ReportStatus, Responsibility, Severity, Tier
from .excel import import_check, problems_import
from .models import Problem, ProblemCategory, Rectification, SupervisionNotice


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
                  "status_display", "tier", "overdue", "rectification", "closed_at", "close_note", "created_at"]
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
    cause = serializers.ChoiceField(choices=Cause.choices, default=Cause.OTHER, label=_("问题成因"))
    responsibility = serializers.ChoiceField(choices=Responsibility.choices, required=False, allow_blank=True, default="",
                                             label=_("责任类别"))
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.GENERAL, label=_("严重程度"))
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
    router.register("supervision-notices", SupervisionNoticeViewSet, basename="supervision-notice")


__all__ = ["register", "ProblemViewSet", "RectificationViewSet", "SupervisionNoticeViewSet", "ProblemStatus"]
