"""REST resources of the assessment app, scoped like the pages. Writes that matter (scores,
nominations) go through the services; everything else is read-only here.

`register(router)` adds them to the project's router under their plural kebab-case names.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.campaigns import selectors as campaign_selectors
from fazhi.campaigns.models import Campaign
from fazhi.org.apibase import ScopedRelatedField
from fazhi.org.models import Unit
from fazhi.core.files import FILE_TOO_LARGE
from fazhi.org.choices import UnitKind
from fazhi.org.scoping import access, visible_units

from . import messages as m
from . import quotas, selectors, services, targets
from .models import (Assessment, AssessmentRound, DemoTarget, ItemScore, Nomination, Rubric, RubricItem, Stage,
                     UnitGrade)


def _drf_error(error: DjangoValidationError):
    detail = error.message_dict if hasattr(error, "error_dict") else error.messages
    return exceptions.ValidationError(detail)


class RubricItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = RubricItem
        fields = ["id", "rubric", "parent", "kind", "label", "title", "max_points", "deduction", "deduction_rule",
                  "evidence", "order", "bonus_points", "rules", "method", "responsible", "core"]


class RubricSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rubric
        fields = ["id", "code", "title", "unit_kind", "owner", "bonus_cap", "source", "is_active"]


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stage
        fields = ["id", "name", "kind", "method", "order"]


class AssessmentRoundSerializer(serializers.ModelSerializer):
    stages = StageSerializer(many=True, read_only=True)

    class Meta:
        model = AssessmentRound
        fields = ["id", "campaign", "rubric", "title", "scope", "unit_kind", "status", "grade_bands", "stages",
                  "created_at", "published_at"]


class AssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = ["id", "round", "stage", "unit", "kind", "status", "leader", "total", "base", "bonus", "penalty",
                  "vetoed", "lost_items", "scored_items", "submitted_at"]


def _visible_items(user):
    return RubricItem.objects.filter(rubric__in=selectors.rubric_list(actor=user))


class ItemScoreSerializer(serializers.ModelSerializer):
    # Scoped keys: an id out of scope answers exactly like a missing one (404), never a probe.
    assessment = ScopedRelatedField(model=Assessment, scoped=lambda user: selectors.assessment_list(actor=user))
    item = ScopedRelatedField(model=RubricItem, scoped=_visible_items)

    class Meta:
        model = ItemScore
        fields = ["id", "assessment", "item", "scorer", "points", "shortfalls", "counts", "band", "bonus", "reason",
                  "vetoed", "evidence_note", "evidence_name", "updated_at"]
        read_only_fields = ["scorer", "evidence_name", "updated_at", "bonus"]
        extra_kwargs = {"points": {"required": False, "allow_null": True}}
        validators = []  # one row per scorer: the service updates the caller's own row


class NominationSerializer(serializers.ModelSerializer):
    round = ScopedRelatedField(model=AssessmentRound, scoped=lambda user: selectors.round_list(actor=user))
    unit = ScopedRelatedField(model=Unit, scoped=visible_units)

    class Meta:
        model = Nomination
        fields = ["id", "round", "unit", "level", "status", "note", "nominated_by", "nominated_at", "decided_by",
                  "decided_at", "title", "year"]
        read_only_fields = ["level", "status", "nominated_by", "nominated_at", "decided_by", "decided_at", "title", "year"]
        validators = []


class RubricViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RubricSerializer
    search_fields = ["title", "code"]

    def get_queryset(self):
        return selectors.rubric_list(actor=self.request.user).order_by("id")


class RubricItemViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RubricItemSerializer
    filterset_fields = ["rubric", "kind"]

    def get_queryset(self):
        return RubricItem.objects.filter(rubric__in=selectors.rubric_list(actor=self.request.user)).order_by("rubric", "order", "id")


class AssessmentRoundViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AssessmentRoundSerializer
    filterset_fields = ["campaign", "status", "unit_kind"]

    def get_queryset(self):
        return selectors.round_list(actor=self.request.user).prefetch_related("stages").order_by("-id")


class AssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AssessmentSerializer
    filterset_fields = ["round", "stage", "unit", "kind", "status"]

    def get_queryset(self):
        return selectors.assessment_list(actor=self.request.user).order_by("id")


class ItemScoreViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """POST saves the caller's own mark of one item (created or replaced) through the scoring service."""

    serializer_class = ItemScoreSerializer
    filterset_fields = ["assessment", "item", "scorer"]

    def get_queryset(self):
        return selectors.item_score_list(actor=self.request.user).order_by("id")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assessment = access(selectors.assessment_list(actor=request.user), data["assessment"].pk)
        entry = services.ScoreEntry(item_id=data["item"].pk, points=data.get("points"), shortfalls=data.get("shortfalls"),
                                    reason=data.get("reason", ""), vetoed=data.get("vetoed", False),
                                    evidence_note=data.get("evidence_note", ""), counts=data.get("counts") or None,
                                    band=data.get("band"))
        try:
            (score,) = services.item_scores_save(actor=request.user, assessment=assessment, entries=[entry])
        except DjangoValidationError as e:
            raise _drf_error(e)
        except DjangoPermissionDenied as e:
            raise exceptions.PermissionDenied(str(e))
        return Response(self.get_serializer(score).data, status=status.HTTP_201_CREATED)


class NominationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """POST nominates a unit of a round within its quota."""

    serializer_class = NominationSerializer
    filterset_fields = ["round", "unit", "level", "status"]

    def get_queryset(self):
        return selectors.nomination_list(actor=self.request.user).order_by("id")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        rnd = access(selectors.round_list(actor=request.user), data["round"].pk)
        unit = access(visible_units(request.user), data["unit"].pk)
        try:
            nomination = quotas.nomination_create(actor=request.user, rnd=rnd, unit=unit, note=data.get("note", ""))
        except DjangoValidationError as e:
            raise _drf_error(e)
        except DjangoPermissionDenied as e:
            raise exceptions.PermissionDenied(str(e))
        return Response(self.get_serializer(nomination).data, status=status.HTTP_201_CREATED)


class RubricImportSerializer(serializers.Serializer):
    """Either a source to read (a file, or pasted text), or a read (and reviewed) rubric to save."""

    file = serializers.FileField(required=False, label=_("考评细则文件"))
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False, label=_("考评细则文字"))
    rubric = serializers.JSONField(required=False, label=_("读取结果（fazhi.rubric/1）"))
    unit_kind = serializers.ChoiceField(choices=UnitKind.choices, required=False, label=_("适用单位类别"))
    title = serializers.CharField(required=False, allow_blank=True, max_length=200, label=_("名称"))
    code = serializers.SlugField(required=False, allow_blank=True, max_length=60, label=_("编码"))


class RubricImportViewSet(viewsets.GenericViewSet):
    """POST a file or text: the rubric as read (schema fazhi.rubric/1, with "line" on categories
    and items), nothing written. POST {"rubric": <that document, edited>, "unit_kind", "title"?,
    "code"?}: the rubric is saved (201) for the caller's office."""

    serializer_class = RubricImportSerializer

    def create(self, request, *args, **kwargs):
        from fazhi.planparse import PlanParseError
        from fazhi.planparse.rubric import read_bytes, read_text

        from .rubricimport import rubric_import_parsed

        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            owner = selectors.rubric_owner_for(request.user)
        except DjangoPermissionDenied as e:
            raise exceptions.PermissionDenied(str(e))
        if data.get("rubric") is not None:
            if not data.get("unit_kind"):
                raise exceptions.ValidationError({"unit_kind": [_("请选择适用单位类别。")]})
            try:
                rubric = rubric_import_parsed(actor=request.user, parsed=data["rubric"], unit_kind=data["unit_kind"],
                                              title=data.get("title", ""), code=data.get("code", ""), owner=owner,
                                              source=_("导入的考评细则"))
            except DjangoValidationError as e:
                raise _drf_error(e)
            except DjangoPermissionDenied as e:
                raise exceptions.PermissionDenied(str(e))
            return Response({"id": rubric.pk, "code": rubric.code, "title": rubric.title,
                             "items": rubric.items.count()}, status=status.HTTP_201_CREATED)
        try:
            if data.get("file") is not None:
                upload = data["file"]
                if upload.size > settings.FAZHI_UPLOAD_MAX_BYTES:
                    raise exceptions.ValidationError({"file": [str(FILE_TOO_LARGE).format(
                        name=upload.name, size_mb=upload.size / 1048576,
                        limit_mb=settings.FAZHI_UPLOAD_MAX_BYTES // 1048576)]})
                rubric = read_bytes(upload.read(), filename=upload.name)
            elif (data.get("text") or "").strip():
                rubric = read_text(data["text"])
            else:
                raise exceptions.ValidationError([str(m.RUBRIC_SOURCE_REQUIRED)])
        except PlanParseError as exc:
            raise exceptions.ValidationError([gettext(exc.message)])
        return Response(rubric.to_dict(lines=True), status=status.HTTP_200_OK)


# --- graded management, 争创 targets, quota progress -------------------------------------------

class UnitGradeSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    round_title = serializers.CharField(source="round.title", read_only=True)

    class Meta:
        model = UnitGrade
        fields = ["id", "unit", "unit_name", "round", "round_title", "grade", "label", "total", "vetoed", "graded_on",
                  "is_current"]
        read_only_fields = fields


class UnitGradeViewSet(viewsets.ReadOnlyModelViewSet):
    """The register of graded management: each unit's grade per published round; `is_current`
    marks its latest. Written only by publishing a round."""

    serializer_class = UnitGradeSerializer
    filterset_fields = ["unit", "round", "grade", "is_current"]

    def get_queryset(self):
        return selectors.unit_grade_list(actor=self.request.user).order_by("unit__path", "-graded_on", "-round_id")


class DemoTargetSerializer(serializers.ModelSerializer):
    campaign = ScopedRelatedField(model=Campaign, scoped=lambda user: campaign_selectors.campaign_list(actor=user),
                                  label=_("创建活动"))
    unit = ScopedRelatedField(model=Unit, scoped=lambda user: visible_units(user), label=_("单位"))
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    selected = serializers.BooleanField(read_only=True, default=False)
    nominated = serializers.BooleanField(read_only=True, default=False)
    declined = serializers.BooleanField(read_only=True, default=False)

    class Meta:
        model = DemoTarget
        fields = ["id", "campaign", "unit", "unit_name", "level", "note", "created_at", "withdrawn_at", "nominated",
                  "selected", "declined"]
        read_only_fields = ["created_at", "withdrawn_at"]


class DemoTargetViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """争创示范 targets; POST records one (office of the unit), POST …/withdraw/ withdraws it.
    `nominated` / `selected`: what came of it in the campaign's nominations."""

    serializer_class = DemoTargetSerializer
    filterset_fields = ["campaign", "unit", "level"]

    def get_queryset(self):
        return selectors.demo_target_list(actor=self.request.user).order_by("id")

    def _call(self, fn, **kwargs):
        try:
            return fn(actor=self.request.user, **kwargs)
        except DjangoValidationError as e:
            raise _drf_error(e)
        except DjangoPermissionDenied as e:
            raise exceptions.PermissionDenied(str(e))

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        target = self._call(targets.demo_target_create, campaign=data["campaign"], unit=data["unit"], level=data["level"],
                            note=data.get("note", ""))
        return Response(self.get_serializer(self.get_queryset().get(pk=target.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: DemoTargetSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        target = self._call(targets.demo_target_withdraw, target=self.get_object())
        row = selectors.demo_target_list(actor=request.user, filters={"withdrawn": True}).get(pk=target.pk)
        return Response(self.get_serializer(row).data)


class QuotaUseSerializer(serializers.Serializer):
    quota = serializers.IntegerField(source="quota.pk")
    level = serializers.CharField(source="quota.level")
    kind = serializers.CharField(source="quota.kind")
    count = serializers.IntegerField(source="quota.count")
    scope = serializers.IntegerField(source="scope.pk", allow_null=True, default=None)
    scope_name = serializers.CharField(source="scope.name", allow_null=True, default=None)
    counts = serializers.CharField(source="verb", help_text=_("计数对象：推荐或评选"))
    used = serializers.IntegerField()
    short = serializers.IntegerField(help_text=_("距最低数量还差几个"))
    over = serializers.IntegerField(help_text=_("超出上限几个"))
    progress = serializers.CharField(help_text=_("如“推荐 2 / 至少 1”"))
    colour = serializers.CharField()


class QuotaUseViewSet(viewsets.GenericViewSet):
    """GET ?campaign=<id>: every quota of the campaign with its use per scope (推荐 2 / 至少 1),
    the colour of a minimum not yet reached, and what is over a cap."""

    serializer_class = QuotaUseSerializer
    pagination_class = None
    queryset = Campaign.objects.none()  # the schema's model; rows are computed, not queried

    @extend_schema(parameters=[OpenApiParameter("campaign", int, required=True)], responses={200: QuotaUseSerializer(many=True)})
    def list(self, request, *args, **kwargs):
        value = request.query_params.get("campaign") or ""
        if not value.isdigit():
            raise exceptions.ValidationError({"campaign": [str(m.TARGET_CAMPAIGN_REQUIRED)]})
        campaign = access(campaign_selectors.campaign_list(actor=request.user), int(value))
        return Response(QuotaUseSerializer(quotas.campaign_quota_overview(campaign), many=True).data)


def register(router) -> None:
    router.register("rubrics", RubricViewSet, basename="rubric")
    router.register("rubric-items", RubricItemViewSet, basename="rubric-item")
    router.register("assessment-rounds", AssessmentRoundViewSet, basename="assessment-round")
    router.register("assessments", AssessmentViewSet, basename="assessment")
    router.register("item-scores", ItemScoreViewSet, basename="item-score")
    router.register("nominations", NominationViewSet, basename="nomination")
    router.register("rubric-imports", RubricImportViewSet, basename="rubric-import")
    router.register("unit-grades", UnitGradeViewSet, basename="unit-grade")
    router.register("demo-targets", DemoTargetViewSet, basename="demo-target")
    router.register("quota-uses", QuotaUseViewSet, basename="quota-use")
