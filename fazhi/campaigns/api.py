"""API of campaigns and their work: the same selectors as the pages for reads, the same
services for writes. Nothing here decides who may do what; the scoped querysets and the
services do."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, renderers, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from fazhi.core.api import IntegerFilter, LabelField, PassthroughRenderer, validated_input
from fazhi.org.apibase import ReadOnlyScopedViewSet, ScopedRelatedField, SubtreeFilter
from fazhi.org.api import unit_field
from fazhi.org.choices import UnitKind
from fazhi.org.models import Person
from fazhi.org.scoping import scope

from . import messages as m
from . import selectors, services
from .choices import AssignmentStatus, CampaignStatus, Colour, DemoLevel, QuotaKind, ReportStatus, WorkKind
from .models import Assignment, Campaign, DemoSite, Evidence, Phase, ProgressReport, Quota, Task

# API-only input checks; the services cannot see these mistakes because they receive objects.
PARENT_OTHER_CAMPAIGN = _("上级任务不属于该创建活动。")
PHASE_OTHER_CAMPAIGN = _("所选阶段不属于该创建活动。")
SITE_NOT_LISTED = _("“{unit}”不在示范点名单中。")
EVIDENCE_FILE_MISSING = _("该佐证材料的文件已不在存储中，请联系系统管理员。")


# --- scoped querysets: one place per resource, all built on the selectors -------------------

def campaigns_of(user):
    return selectors.campaign_list(actor=user)


def _of_visible_campaigns(model, user):
    return model.objects.filter(campaign__in=campaigns_of(user).values("pk")).select_related("campaign")


def phases_of(user):
    return _of_visible_campaigns(Phase, user)


def quotas_of(user):
    return _of_visible_campaigns(Quota, user).select_related("scope")


def tasks_of(user):
    return _of_visible_campaigns(Task, user).select_related("phase")


def assignments_of(user):
    return selectors.assignment_list(actor=user)


def reports_of(user):
    return selectors.report_list(actor=user).prefetch_related("evidence")


def evidence_of(user):
    return scope(Evidence.objects.all(), user, path_field=Evidence.scope_path).select_related("report__assignment__unit")


def person_name(user) -> str:
    if user is None:
        return ""
    # A reverse one-to-one that is missing raises an AttributeError subclass: getattr's default covers it.
    person = getattr(user, "person", None)
    return person.name if person else user.get_username()


# --- campaigns, phases, quotas, tasks ---------------------------------------------------------

class DemoSiteSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    level_display = LabelField("level")

    class Meta:
        model = DemoSite
        fields = ["id", "unit", "unit_name", "level", "level_display", "listed_on"]
        read_only_fields = fields


class CampaignSerializer(serializers.ModelSerializer):
    issuer_name = serializers.CharField(source="issuer.name", read_only=True)
    status_display = LabelField("status")
    warnings = serializers.SerializerMethodField()
    demo_sites = DemoSiteSerializer(many=True, read_only=True, help_text=_("示范点名单"))

    class Meta:
        model = Campaign
        fields = ["id", "title", "issuer", "issuer_name", "doc_number", "year", "start_date", "end_date",
                  "status", "status_display", "parent", "plan_text", "created_at", "activated_at", "closed_at", "warnings",
                  "demo_sites"]
        read_only_fields = fields

    def get_warnings(self, obj) -> list[str]:
        return services.phase_warnings(obj) if self.context.get("detail") else []


class CampaignUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, label=_("活动名称"))
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False, label=_("年度"))
    doc_number = serializers.CharField(max_length=60, required=False, allow_blank=True, label=_("文号"))
    plan_text = serializers.CharField(required=False, allow_blank=True, label=_("实施方案"))
    start_date = serializers.DateField(required=False, allow_null=True, label=_("开始日期"))
    end_date = serializers.DateField(required=False, allow_null=True, label=_("结束日期"))
    parent = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.all(), required=False, allow_null=True,
                                                label=_("上级活动"))


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", label=_("理由"))


def _partial(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data, partial=True, context={"request": request})
    serializer.is_valid(raise_exception=True)
    unknown = sorted(set(request.data) - set(serializer.fields))
    if unknown:
        raise serializers.ValidationError({"detail": str(m.FIELD_NOT_EDITABLE).format(fields="、".join(unknown))})
    return dict(serializer.validated_data)


class CampaignCreateSerializer(serializers.Serializer):
    issuer = unit_field(label=_("发文单位"))
    title = serializers.CharField(max_length=200, label=_("活动名称"))
    year = serializers.IntegerField(min_value=2000, max_value=2100, label=_("年度"))
    doc_number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="", label=_("文号"))
    plan_text = serializers.CharField(required=False, allow_blank=True, default="", label=_("实施方案"))
    start_date = serializers.DateField(required=False, allow_null=True, default=None, label=_("开始日期"))
    end_date = serializers.DateField(required=False, allow_null=True, default=None, label=_("结束日期"))
    status = serializers.ChoiceField(choices=CampaignStatus.choices, default=CampaignStatus.DRAFT, label=_("状态"))


class DemoSiteInputSerializer(serializers.Serializer):
    unit = unit_field(label=_("示范点单位"))


class CampaignFilter(django_filters.FilterSet):
    class Meta:
        model = Campaign
        fields = ["status", "year", "issuer"]


class CampaignViewSet(mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """Campaigns issued in the caller's subtrees or by an ancestor of their units (a county works
    on the city's campaign)."""

    queryset = Campaign.objects.none()
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilter
    search_fields = ["title", "doc_number"]
    ordering_fields = ["year", "created_at", "title", "start_date"]
    ordering = ["-year", "-id"]

    def get_queryset(self):
        return campaigns_of(self.request.user).prefetch_related(
            Prefetch("demo_sites", queryset=DemoSite.objects.select_related("unit")))

    @extend_schema(request=CampaignCreateSerializer, responses={201: CampaignSerializer})
    def create(self, request, *args, **kwargs):
        campaign = services.campaign_create(actor=request.user, **validated_input(CampaignCreateSerializer, request))
        return Response(CampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, *args, **kwargs):
        return Response(CampaignSerializer(self.get_object(), context={"detail": True}).data)

    @extend_schema(request=CampaignUpdateSerializer, responses={200: CampaignSerializer})
    def partial_update(self, request, *args, **kwargs):
        campaign = self.get_object()
        data = _partial(CampaignUpdateSerializer, request)
        if data.get("parent") is not None and not campaigns_of(request.user).filter(pk=data["parent"].pk).exists():
            raise Http404
        services.campaign_update(actor=request.user, campaign=campaign, **data)
        return Response(CampaignSerializer(self.get_queryset().get(pk=campaign.pk), context={"detail": True}).data)

    def _step(self, request, call):
        campaign = self.get_object()
        call(campaign)
        return Response(CampaignSerializer(self.get_queryset().get(pk=campaign.pk), context={"detail": True}).data)

    @extend_schema(request=None, responses={200: CampaignSerializer})
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        """草稿 → 进行中, once the campaign has what it needs (else 400 with what is missing)."""
        return self._step(request, lambda c: services.campaign_activate(actor=request.user, campaign=c))

    @extend_schema(request=None, responses={200: CampaignSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """进行中 → 已结束: reporting is frozen."""
        return self._step(request, lambda c: services.campaign_close(actor=request.user, campaign=c))

    @extend_schema(request=ReasonSerializer, responses={200: CampaignSerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """已结束 → 进行中, with a reason."""
        reason = validated_input(ReasonSerializer, request)["reason"]
        return self._step(request, lambda c: services.campaign_reopen(actor=request.user, campaign=c, reason=reason))


    @extend_schema(request=DemoSiteInputSerializer, responses={200: CampaignSerializer})
    @action(detail=True, methods=["post"], url_path="demo-sites")
    def demo_sites(self, request, pk=None):
        """Put a unit on the campaign's 示范点名单 (the office of the issuing unit)."""
        unit = validated_input(DemoSiteInputSerializer, request)["unit"]
        return self._step(request, lambda c: services.demo_site_add(actor=request.user, campaign=c, unit=unit))

    @extend_schema(request=DemoSiteInputSerializer, responses={200: CampaignSerializer})
    @action(detail=True, methods=["post"], url_path="demo-sites/remove")
    def demo_sites_remove(self, request, pk=None):
        """Take a unit off the campaign's 示范点名单."""
        unit = validated_input(DemoSiteInputSerializer, request)["unit"]

        def remove(campaign):
            site = DemoSite.objects.filter(campaign=campaign, unit=unit).select_related("campaign__issuer").first()
            if site is None:
                raise serializers.ValidationError({"unit": str(SITE_NOT_LISTED).format(unit=unit.name)})
            services.demo_site_remove(actor=request.user, site=site)

        return self._step(request, remove)


def campaign_field(**kwargs):
    return ScopedRelatedField(model=Campaign, scoped=campaigns_of, **kwargs)


class PhaseSerializer(serializers.ModelSerializer):
    opens = serializers.ListField(child=serializers.ChoiceField(choices=WorkKind.choices), read_only=True)

    class Meta:
        model = Phase
        fields = ["id", "campaign", "name", "start", "end", "order", "opens"]
        read_only_fields = fields


class PhaseCreateSerializer(serializers.Serializer):
    campaign = campaign_field(label=_("创建活动"))
    name = serializers.CharField(max_length=100, label=_("阶段名称"))
    start = serializers.DateField(label=_("开始日期"))
    end = serializers.DateField(label=_("结束日期"))
    order = serializers.IntegerField(min_value=0, required=False, default=0, label=_("顺序"))
    opens = serializers.ListField(child=serializers.ChoiceField(choices=WorkKind.choices), required=False,
                                  default=list, label=_("开放的工作"))


class PhaseUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False, label=_("阶段名称"))
    start = serializers.DateField(required=False, label=_("开始日期"))
    end = serializers.DateField(required=False, label=_("结束日期"))
    order = serializers.IntegerField(min_value=0, required=False, label=_("顺序"))
    opens = serializers.ListField(child=serializers.ChoiceField(choices=WorkKind.choices), required=False, label=_("开放的工作"))


class PhaseViewSet(mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    queryset = Phase.objects.none()
    serializer_class = PhaseSerializer
    filterset_fields = ["campaign"]
    ordering_fields = ["start", "order"]
    ordering = ["campaign", "order", "start"]

    def get_queryset(self):
        return phases_of(self.request.user)

    @extend_schema(request=PhaseCreateSerializer, responses={201: PhaseSerializer})
    def create(self, request, *args, **kwargs):
        phase = services.phase_create(actor=request.user, **validated_input(PhaseCreateSerializer, request))
        return Response(PhaseSerializer(phase).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PhaseUpdateSerializer, responses={200: PhaseSerializer})
    def partial_update(self, request, *args, **kwargs):
        phase = services.phase_update(actor=request.user, phase=self.get_object(), **_partial(PhaseUpdateSerializer, request))
        return Response(PhaseSerializer(phase).data)

    def destroy(self, request, *args, **kwargs):
        services.phase_delete(actor=request.user, phase=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class QuotaSerializer(serializers.ModelSerializer):
    level_display = LabelField("level")
    kind_display = LabelField("kind")

    class Meta:
        model = Quota
        fields = ["id", "campaign", "level", "level_display", "kind", "kind_display", "scope", "per_child", "count", "note"]
        read_only_fields = fields


class QuotaCreateSerializer(serializers.Serializer):
    campaign = campaign_field(label=_("创建活动"))
    level = serializers.ChoiceField(choices=DemoLevel.choices, label=_("示范类别"))
    count = serializers.IntegerField(min_value=0, max_value=32767, label=_("数量"))
    kind = serializers.ChoiceField(choices=QuotaKind.choices, required=False, default=QuotaKind.CAP, label=_("指标类型"))
    scope = unit_field(required=False, allow_null=True, default=None, label=_("范围"))
    per_child = serializers.BooleanField(required=False, default=False, label=_("按下级单位分别计"))
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="", label=_("说明"))


class QuotaUpdateSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=DemoLevel.choices, required=False, label=_("示范类别"))
    count = serializers.IntegerField(min_value=0, max_value=32767, required=False, label=_("数量"))
    kind = serializers.ChoiceField(choices=QuotaKind.choices, required=False, label=_("指标类型"))
    scope = unit_field(required=False, allow_null=True, label=_("范围"))
    per_child = serializers.BooleanField(required=False, label=_("按下级单位分别计"))
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, label=_("说明"))


class QuotaViewSet(mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    queryset = Quota.objects.none()
    serializer_class = QuotaSerializer
    filterset_fields = ["campaign", "level", "kind", "scope"]
    ordering_fields = ["level", "count"]
    ordering = ["campaign", "per_child", "level"]

    def get_queryset(self):
        return quotas_of(self.request.user)

    @extend_schema(request=QuotaCreateSerializer, responses={201: QuotaSerializer})
    def create(self, request, *args, **kwargs):
        quota = services.quota_create(actor=request.user, **validated_input(QuotaCreateSerializer, request))
        return Response(QuotaSerializer(quota).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=QuotaUpdateSerializer, responses={200: QuotaSerializer})
    def partial_update(self, request, *args, **kwargs):
        quota = services.quota_update(actor=request.user, quota=self.get_object(), **_partial(QuotaUpdateSerializer, request))
        return Response(QuotaSerializer(quota).data)

    def destroy(self, request, *args, **kwargs):
        services.quota_delete(actor=request.user, quota=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class TaskSerializer(serializers.ModelSerializer):
    applies_to = serializers.ListField(child=serializers.ChoiceField(choices=UnitKind.choices), read_only=True)

    class Meta:
        model = Task
        fields = ["id", "campaign", "parent", "label", "heading", "text", "level", "order", "applies_to", "phase", "due_date"]
        read_only_fields = fields


class TaskCreateSerializer(serializers.Serializer):
    campaign = campaign_field(label=_("创建活动"))
    parent = ScopedRelatedField(model=Task, scoped=tasks_of, required=False, allow_null=True, default=None, label=_("上级任务"))
    label = serializers.CharField(max_length=20, required=False, allow_blank=True, default="", label=_("序号"))
    heading = serializers.CharField(max_length=300, required=False, allow_blank=True, default="", label=_("标题"))
    text = serializers.CharField(required=False, allow_blank=True, default="", label=_("内容"))
    order = serializers.IntegerField(min_value=0, required=False, default=0, label=_("顺序"))
    level = serializers.IntegerField(min_value=1, max_value=10, required=False, default=1, label=_("层级"))
    applies_to = serializers.ListField(child=serializers.ChoiceField(choices=UnitKind.choices), required=False,
                                       default=list, label=_("适用单位类别"))
    phase = ScopedRelatedField(model=Phase, scoped=phases_of, required=False, allow_null=True, default=None, label=_("阶段"))
    due_date = serializers.DateField(required=False, allow_null=True, default=None, label=_("完成时限"))

    def validate(self, data):
        campaign = data["campaign"]
        if data.get("parent") and data["parent"].campaign_id != campaign.pk:
            raise serializers.ValidationError({"parent": str(PARENT_OTHER_CAMPAIGN)})
        if data.get("phase") and data["phase"].campaign_id != campaign.pk:
            raise serializers.ValidationError({"phase": str(PHASE_OTHER_CAMPAIGN)})
        return data


class TaskUpdateSerializer(serializers.Serializer):
    """Move (parent, order), renumber (label), reword, change kinds, phase or due date."""

    parent = ScopedRelatedField(model=Task, scoped=tasks_of, required=False, allow_null=True, label=_("上级任务"))
    label = serializers.CharField(max_length=20, required=False, allow_blank=True, label=_("序号"))
    heading = serializers.CharField(max_length=300, required=False, allow_blank=True, label=_("标题"))
    text = serializers.CharField(required=False, allow_blank=True, label=_("内容"))
    order = serializers.IntegerField(min_value=0, required=False, label=_("顺序"))
    applies_to = serializers.ListField(child=serializers.ChoiceField(choices=UnitKind.choices), required=False,
                                       label=_("适用单位类别"))
    phase = ScopedRelatedField(model=Phase, scoped=phases_of, required=False, allow_null=True, label=_("阶段"))
    due_date = serializers.DateField(required=False, allow_null=True, label=_("完成时限"))


class TaskFilter(django_filters.FilterSet):
    class Meta:
        model = Task
        fields = ["campaign", "parent", "phase", "level"]


class TaskViewSet(mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """The task lists of the visible campaigns, in plan order."""

    queryset = Task.objects.none()
    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    search_fields = ["label", "heading", "text"]
    ordering_fields = ["sort_key", "due_date"]
    ordering = ["campaign", "sort_key"]

    def get_queryset(self):
        return tasks_of(self.request.user)

    @extend_schema(request=TaskCreateSerializer, responses={201: TaskSerializer})
    def create(self, request, *args, **kwargs):
        task = services.task_create(actor=request.user, **validated_input(TaskCreateSerializer, request))
        return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TaskUpdateSerializer, responses={200: TaskSerializer})
    def partial_update(self, request, *args, **kwargs):
        task = services.task_update(actor=request.user, task=self.get_object(), **_partial(TaskUpdateSerializer, request))
        return Response(TaskSerializer(task).data)


# --- assignments ----------------------------------------------------------------------------

class AssignmentSerializer(serializers.ModelSerializer):
    campaign = serializers.IntegerField(source="task.campaign_id", read_only=True)
    task_label = serializers.CharField(source="task.label", read_only=True)
    task_heading = serializers.CharField(source="task.heading", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status_display = LabelField("status")
    responsible_name = serializers.CharField(source="responsible.name", read_only=True, default="")
    colour = serializers.ChoiceField(choices=Colour.choices, read_only=True,
                                     help_text=_("按法定工作日计算：正常、临期（3 个工作日内到期）、逾期。"))

    class Meta:
        model = Assignment
        fields = ["id", "campaign", "task", "task_label", "task_heading", "unit", "unit_name", "due_date",
                  "status", "status_display", "progress", "colour", "responsible", "responsible_name", "created_at",
                  "completed_at", "withdrawn_reason"]
        read_only_fields = fields


class AssignmentCreateSerializer(serializers.Serializer):
    """Either `units`, or every unit under `under` (of the given `kinds`), or both."""

    task = ScopedRelatedField(model=Task, scoped=tasks_of, label=_("工作任务"))
    units = serializers.ManyRelatedField(child_relation=unit_field(), required=False, default=list, label=_("责任单位"))
    under = unit_field(required=False, allow_null=True, default=None, label=_("该单位及其下级"))
    kinds = serializers.ListField(child=serializers.ChoiceField(choices=UnitKind.choices), required=False,
                                  default=list, label=_("单位类别"))
    due_date = serializers.DateField(required=False, allow_null=True, default=None, label=_("完成时限"))


class AssignmentUpdateSerializer(serializers.Serializer):
    due_date = serializers.DateField(required=False, label=_("完成时限"))
    responsible = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False, allow_null=True,
                                                     label=_("责任人"))


AssignmentsCreated = inline_serializer("AssignmentsCreated", fields={
    "detail": serializers.CharField(),
    "created": AssignmentSerializer(many=True),
    "skipped": serializers.IntegerField(),
})


class AssignmentFilter(django_filters.FilterSet):
    campaign = IntegerFilter(field_name="task__campaign", label=_("创建活动"))
    phase = IntegerFilter(field_name="task__phase", label=_("阶段"))
    under = SubtreeFilter(path_field="unit__path")
    unit_kind = django_filters.ChoiceFilter(field_name="unit__kind", choices=UnitKind.choices, label=_("单位类别"))
    status = django_filters.ChoiceFilter(choices=AssignmentStatus.choices, label=_("状态"))
    colour = django_filters.ChoiceFilter(field_name="colour", choices=Colour.choices, label=_("颜色"))
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", label=_("完成时限不早于"))
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label=_("完成时限不晚于"))
    person = IntegerFilter(method="answered_by", label=_("责任人"),
                          help_text=_("该人员作为责任人，或作为第一责任人（未指定责任人时）的任务。"))

    class Meta:
        model = Assignment
        fields = ["campaign", "task", "unit", "under", "unit_kind", "status", "phase", "colour", "due_after", "due_before", "person",
                  "responsible"]

    def answered_by(self, queryset, name, value):
        return queryset.filter(Q(responsible_id=value) | Q(responsible__isnull=True, unit__head_id=value))


class AssignmentViewSet(mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """Assignments of the units in the caller's subtrees, with their colour on the statutory calendar."""

    queryset = Assignment.objects.none()
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter
    search_fields = ["task__heading", "task__text", "unit__name"]
    ordering_fields = ["due_date", "status", "progress", "colour", "unit__path", "task__sort_key", "created_at"]
    ordering = ["due_date", "id"]

    def get_queryset(self):
        return assignments_of(self.request.user)

    @extend_schema(request=AssignmentUpdateSerializer, responses={200: AssignmentSerializer})
    def partial_update(self, request, *args, **kwargs):
        assignment = self.get_object()
        services.assignment_update(actor=request.user, assignment=assignment, **_partial(AssignmentUpdateSerializer, request))
        return Response(AssignmentSerializer(self.get_queryset().get(pk=assignment.pk)).data)

    @extend_schema(request=ReasonSerializer, responses={200: AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Take the task back from the unit, with a reason (refused once a report was accepted)."""
        assignment = self.get_object()
        services.assignment_withdraw(actor=request.user, assignment=assignment,
                                     reason=validated_input(ReasonSerializer, request)["reason"])
        return Response(AssignmentSerializer(self.get_queryset().get(pk=assignment.pk)).data)

    @extend_schema(request=AssignmentCreateSerializer, responses={201: AssignmentsCreated})
    def create(self, request, *args, **kwargs):
        data = validated_input(AssignmentCreateSerializer, request)
        units = {u.pk: u for u in data["units"]}
        if data["under"] is not None:
            units.update((u.pk, u) for u in services.units_for_assignment(under=data["under"], kinds=data["kinds"]))
        created, skipped = services.assignments_create(actor=request.user, task=data["task"], units=list(units.values()),
                                                       due_date=data["due_date"])
        # Read back through the selector: the rows then carry their colour like any listed row.
        rows = assignments_of(request.user).filter(pk__in=[a.pk for a in created])
        return Response({
            "detail": str(m.ASSIGNMENTS_CREATED).format(created=len(created), skipped=skipped),
            "created": AssignmentSerializer(rows, many=True).data,
            "skipped": skipped,
        }, status=status.HTTP_201_CREATED)


# --- progress reports and evidence -------------------------------------------------------------

class EvidenceSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "report", "original_name", "mime", "size", "sha256", "uploaded_at", "download"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_download(self, obj) -> str:
        return reverse("api:evidence-download", args=[obj.pk], request=self.context.get("request"))


class ProgressReportSerializer(serializers.ModelSerializer):
    unit = serializers.IntegerField(source="assignment.unit_id", read_only=True)
    unit_name = serializers.CharField(source="assignment.unit.name", read_only=True)
    author_name = serializers.SerializerMethodField()
    reviewer_name = serializers.SerializerMethodField()
    status_display = LabelField("status")
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = ["id", "assignment", "unit", "unit_name", "author", "author_name", "text", "progress", "submitted_at",
                  "status", "status_display", "reviewer", "reviewer_name", "reviewed_at", "review_comment", "evidence"]
        read_only_fields = fields

    def get_author_name(self, obj) -> str:
        return person_name(obj.author)

    def get_reviewer_name(self, obj) -> str:
        return person_name(obj.reviewer)


class ProgressReportCreateSerializer(serializers.Serializer):
    # Text and progress are checked by the service, so that the page and the API answer the same message.
    assignment = ScopedRelatedField(model=Assignment, scoped=lambda user: scope(Assignment.objects.all(), user),
                                    label=_("任务分工"))
    text = serializers.CharField(required=False, allow_blank=True, default="", label=_("进展情况"))
    progress = serializers.IntegerField(required=False, default=100, label=_("完成进度（%）"))
    files = serializers.ListField(child=serializers.FileField(allow_empty_file=True, use_url=False), required=False,
                                  default=list, label=_("佐证材料"))


class ReviewSerializer(serializers.Serializer):
    accept = serializers.BooleanField(label=_("通过"), help_text=_("true 通过；false 退回（须填写理由）"))
    comment = serializers.CharField(required=False, allow_blank=True, default="", label=_("审核意见"))


class ProgressReportFilter(django_filters.FilterSet):
    campaign = IntegerFilter(field_name="assignment__task__campaign", label=_("创建活动"))
    under = SubtreeFilter(path_field="assignment__unit__path")
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("审核状态"))

    class Meta:
        model = ProgressReport
        fields = ["assignment", "campaign", "under", "status"]


class ProgressReportViewSet(mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """Progress reports: the liaison submits (multipart, with evidence files), the office reviews."""

    queryset = ProgressReport.objects.none()
    serializer_class = ProgressReportSerializer
    filterset_class = ProgressReportFilter
    search_fields = ["text", "assignment__task__heading", "assignment__unit__name"]
    ordering_fields = ["submitted_at", "reviewed_at", "status"]
    ordering = ["-submitted_at", "-id"]

    def get_queryset(self):
        return reports_of(self.request.user)

    @extend_schema(request={"multipart/form-data": ProgressReportCreateSerializer}, responses={201: ProgressReportSerializer})
    def create(self, request, *args, **kwargs):
        data = validated_input(ProgressReportCreateSerializer, request)
        report = services.progress_report_submit(actor=request.user, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReviewSerializer, responses={200: ProgressReportSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        report = self.get_object()
        data = validated_input(ReviewSerializer, request)
        services.progress_report_review(actor=request.user, report=report, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data)


class EvidenceViewSet(ReadOnlyScopedViewSet):
    """Evidence metadata; the file itself only through `download`, after the same scope check."""

    queryset = Evidence.objects.none()
    serializer_class = EvidenceSerializer
    filterset_fields = ["report", "mime"]
    search_fields = ["original_name"]
    ordering_fields = ["uploaded_at", "size", "original_name"]
    ordering = ["id"]

    def get_queryset(self):
        return evidence_of(self.request.user)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description=_("文件内容"))})
    @action(detail=True, methods=["get"], renderer_classes=[renderers.JSONRenderer, PassthroughRenderer])
    def download(self, request, pk=None):
        evidence = self.get_object()
        try:
            handle = evidence.file.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404(EVIDENCE_FILE_MISSING)
        return FileResponse(handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.mime)
