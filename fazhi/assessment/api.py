"""REST resources of the assessment app, scoped like the pages. Writes that matter (scores,
nominations) go through the services; everything else is read-only here.

`register(router)` adds them to the project's router under their plural kebab-case names.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.response import Response

from fazhi.org.apibase import ScopedRelatedField
from fazhi.org.models import Unit
from fazhi.org.scoping import access, visible_units

from . import quotas, selectors, services
from .models import Assessment, AssessmentRound, ItemScore, Nomination, Rubric, RubricItem, Stage


def _drf_error(error: DjangoValidationError):
    detail = error.message_dict if hasattr(error, "error_dict") else error.messages
    return exceptions.ValidationError(detail)


class RubricItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = RubricItem
        fields = ["id", "rubric", "parent", "kind", "label", "title", "max_points", "deduction", "deduction_rule",
                  "evidence", "order"]


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
        fields = ["id", "round", "stage", "unit", "kind", "status", "leader", "total", "base", "bonus", "vetoed",
                  "lost_items", "scored_items", "submitted_at"]


def _visible_items(user):
    return RubricItem.objects.filter(rubric__in=selectors.rubric_list(actor=user))


class ItemScoreSerializer(serializers.ModelSerializer):
    # Scoped keys: an id out of scope answers exactly like a missing one (404), never a probe.
    assessment = ScopedRelatedField(model=Assessment, scoped=lambda user: selectors.assessment_list(actor=user))
    item = ScopedRelatedField(model=RubricItem, scoped=_visible_items)

    class Meta:
        model = ItemScore
        fields = ["id", "assessment", "item", "scorer", "points", "shortfalls", "reason", "vetoed", "evidence_note",
                  "evidence_name", "updated_at"]
        read_only_fields = ["scorer", "evidence_name", "updated_at"]
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
                                    evidence_note=data.get("evidence_note", ""))
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


def register(router) -> None:
    router.register("rubrics", RubricViewSet, basename="rubric")
    router.register("rubric-items", RubricItemViewSet, basename="rubric-item")
    router.register("assessment-rounds", AssessmentRoundViewSet, basename="assessment-round")
    router.register("assessments", AssessmentViewSet, basename="assessment")
    router.register("item-scores", ItemScoreViewSet, basename="item-score")
    router.register("nominations", NominationViewSet, basename="nomination")
